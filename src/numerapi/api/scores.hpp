// Scores and per-round payouts (docs/protocol.md §3.7): building the operations and decoding
// their `data` objects. All are public calls (no authorization) but pending_model_payouts.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace numerapi::detail {

/// "submission_scores"; unset filter fields are sent as null.
operation submission_scores_query(int tournament, std::string model_id, const score_filter& filter);
/// data.submissionScores.
std::vector<submission_score> decode_submission_scores(const boost::json::object& data);

/// "payouts_per_round": numerapi's round_model_performances_v2 query.
operation round_performances_query(int tournament, std::string model_id);
/// data.v2RoundModelPerformances.
std::vector<round_payout> decode_round_payouts(const boost::json::object& data);

/// "intra_round_scores": numerapi's intraRoundSubmissionScores selection of
/// v2RoundModelPerformances; public.
operation intra_round_scores_query(int tournament, std::string model_id);
/// data.v2RoundModelPerformances, each round's intraRoundSubmissionScores (null: none).
std::vector<round_scores> decode_intra_round_scores(const boost::json::object& data);

/// "pending_model_payouts": numerapi's pendingModelPayouts query; private.
operation pending_model_payouts_query(int tournament);
/// data.pendingModelPayouts.
pending_payouts decode_pending_payouts(const boost::json::object& data);

} // namespace numerapi::detail
