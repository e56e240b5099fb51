// Leaderboards and daily performances (docs/protocol.md §3.8): public queries with
// numerapi's texts, one per tournament, decoded into the same entry types.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace numerapi::detail {

/// "leaderboard": v2Leaderboard (8), signalsLeaderboard (11) or cryptosignalsLeaderboard
/// (12). Throws std::invalid_argument for another tournament or a negative limit / offset.
operation leaderboard_query(int tournament, int limit, int offset);
/// "account_leaderboard": accountLeaderboard of `tournament`.
operation account_leaderboard_query(int tournament, int limit, int offset);
/// The one array at the root of `data`, whichever leaderboard it is.
std::vector<leaderboard_entry> decode_leaderboard(const boost::json::object& data);

/// "daily_model_performances": v3UserProfile (8) or v2SignalsProfile (11, 12).
operation daily_performances_query(int tournament, std::string model_name);
/// The profile's dailyModelPerformances; each xRep / xRank pair becomes the metric "x".
std::vector<daily_performance> decode_daily_performances(const boost::json::object& data);

} // namespace numerapi::detail
