#include "numerapi/api/scores.hpp"

#include "numerapi/api/json_decode.hpp"

#include <optional>
#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi Api.submission_scores
constexpr std::string_view submission_scores_document = R"(query($modelId: ID!
      $displayName: String
      $version: String
      $day: Int
      $resolved: Boolean
      $tournament: Int
      $lastNRounds: Int
      $distinctOnRound: Boolean) {
  submissionScores(modelId: $modelId
                   displayName: $displayName
                   version: $version
                   day: $day
                   resolved: $resolved
                   tournament: $tournament
                   lastNRounds: $lastNRounds
                   distinctOnRound: $distinctOnRound) {
      roundId
      submissionId
      roundNumber
      roundResolveTime
      roundScoreTime
      roundCloseStakingTime
      value
      percentile
      displayName
      version
      date
      day
      resolveDate
      resolved
  }
})";

// numerapi Api.round_model_performances_v2
constexpr std::string_view round_performances_document = R"(query($modelId: String!
      $tournament: Int!) {
  v2RoundModelPerformances(modelId: $modelId
                           tournament: $tournament) {
      atRisk
      corrMultiplier,
      mmcMultiplier,
      roundPayoutFactor,
      roundNumber,
      roundOpenTime,
      roundResolveTime,
      roundResolved,
      roundTarget,
      submissionScores {
          date
          day
          displayName
          payoutPending
          payoutSettled
          percentile
          value
      }
  }
})";

// numerapi Api.intra_round_scores
constexpr std::string_view intra_round_scores_document = R"(query($modelId: String!
      $tournament: Int!) {
  v2RoundModelPerformances(modelId: $modelId
                           tournament: $tournament) {
      roundNumber,
      intraRoundSubmissionScores {
          date,
          day,
          displayName,
          payoutPending,
          payoutSettled,
          percentile,
          value
      }
  }
})";

// numerapi Api.pending_model_payouts
constexpr std::string_view pending_model_payouts_document = R"(query($tournament: Int!) {
  pendingModelPayouts(tournament: $tournament) {
      actual {
          roundId
          roundNumber
          roundResolveTime
          modelId
          modelName
          modelDisplayName
          payoutNmr
          payoutValue
          currencySymbol
      }
      pending {
          roundId
          roundNumber
          roundResolveTime
          modelId
          modelName
          modelDisplayName
          payoutNmr
          payoutValue
          currencySymbol
      }
  }
})";

template <class T>
boost::json::value or_null(const std::optional<T>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

} // namespace

operation submission_scores_query(int tournament, std::string model_id, const score_filter& filter) {
    boost::json::object v;
    v["modelId"] = std::move(model_id);
    v["displayName"] = or_null(filter.display_name);
    v["version"] = or_null(filter.version);
    v["day"] = or_null(filter.day);
    v["resolved"] = or_null(filter.resolved);
    v["tournament"] = tournament;
    v["lastNRounds"] = or_null(filter.last_n_rounds);
    v["distinctOnRound"] = or_null(filter.distinct_on_round);
    return operation{"submission_scores", submission_scores_document, std::move(v)};
}

std::vector<submission_score> decode_submission_scores(const boost::json::object& data) {
    return decode_array<submission_score>(root_array(data, "submissionScores"), json_path("submissionScores"));
}

operation round_performances_query(int tournament, std::string model_id) {
    boost::json::object v;
    v["modelId"] = std::move(model_id);
    v["tournament"] = tournament;
    return operation{"payouts_per_round", round_performances_document, std::move(v)};
}

std::vector<round_payout> decode_round_payouts(const boost::json::object& data) {
    return decode_array<round_payout>(root_array(data, "v2RoundModelPerformances"),
                                      json_path("v2RoundModelPerformances"));
}

operation intra_round_scores_query(int tournament, std::string model_id) {
    return operation{"intra_round_scores", intra_round_scores_document,
                     boost::json::object{{"modelId", std::move(model_id)}, {"tournament", tournament}}};
}

std::vector<round_scores> decode_intra_round_scores(const boost::json::object& data) {
    const json_path path("v2RoundModelPerformances");
    const auto& rounds = root_array(data, "v2RoundModelPerformances");
    std::vector<round_scores> out;
    for (std::size_t i = 0; i < rounds.size(); ++i) {
        const auto item_path = path.element(i);
        const auto& o = expect_object(rounds[i], item_path);
        out.push_back(round_scores{member_or_default<int>(o, "roundNumber", item_path),
                                   array_member<metric_payout>(o, "intraRoundSubmissionScores", item_path)});
    }
    return out;
}

operation pending_model_payouts_query(int tournament) {
    operation op{"pending_model_payouts", pending_model_payouts_document,
                 boost::json::object{{"tournament", tournament}}};
    op.authorization = true;
    return op;
}

pending_payouts decode_pending_payouts(const boost::json::object& data) {
    const json_path path("pendingModelPayouts");
    const auto& o = root_object(data, "pendingModelPayouts");
    return pending_payouts{array_member<model_payout>(o, "actual", path),
                           array_member<model_payout>(o, "pending", path)};
}

} // namespace numerapi::detail
