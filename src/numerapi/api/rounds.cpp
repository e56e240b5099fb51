#include "numerapi/api/rounds.hpp"

#include "numerapi/api/json_decode.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace numerapi::detail {
namespace {

// numerapi Api.get_current_round
constexpr std::string_view current_round_document = R"(query($tournament: Int!) {
  rounds(tournament: $tournament
         number: 0) {
    number
  }
})";

// numerapi Api.list_rounds
constexpr std::string_view list_rounds_document = R"(query($tournament: Int
      $number: Int
      $target: String
      $status: RoundStatus
      $limit: Int) {
  rounds(tournament: $tournament
         number: $number
         target: $target
         status: $status
         limit: $limit) {
    id
    tournament
    number
    target
    closeTime
    closeStakingTime
    openTime
    scoreTime
    resolveTime
    resolvedGeneral
    resolvedStaking
    payoutFactor
    stakeThreshold
    minCorrMultiplier
    maxCorrMultiplier
    defaultCorrMultiplier
    minMmcMultiplier
    maxMmcMultiplier
    defaultMmcMultiplier
    dataDatestamp
  }
})";

// numerapi Api.check_round_open
constexpr std::string_view round_open_document = R"(query($tournament: Int!) {
  rounds(tournament: $tournament
  number: 0) {
    number
    openTime
    closeStakingTime
  }
})";

// numerapi Api.check_new_round
constexpr std::string_view new_round_document = R"(query($tournament: Int!) {
  rounds(tournament: $tournament
         number: 0) {
    number
    openTime
  }
})";

// numerapi Api.pipeline_status
constexpr std::string_view pipeline_status_document = R"(query($tournament: String! $date: String) {
    pipelineStatus(date: $date, tournament: $tournament) {
        dataReadyAt
        isScoringDay
        resolvedAt
        scoredAt
        startedAt
        tournament
    }
})";

operation tournament_only(std::string name, std::string_view document, int tournament) {
    return operation{std::move(name), document, boost::json::object{{"tournament", tournament}}};
}

std::string ascii_upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

/// The current round of a `rounds(number: 0)` answer: nullptr for [] and [null].
const boost::json::object* current_round(const boost::json::object& data) {
    const auto& rounds = root_array(data, "rounds");
    if (rounds.empty() || rounds.front().is_null()) return nullptr;
    return &expect_object(rounds.front(), json_path("rounds").element(0));
}

} // namespace

operation current_round_query(int tournament) {
    return tournament_only("get_current_round", current_round_document, tournament);
}

std::optional<int> decode_current_round(const boost::json::object& data) {
    const boost::json::object* r = current_round(data);
    if (r == nullptr) return std::nullopt;
    const json_path root("rounds");
    return optional_member<int>(*r, "number", root.element(0));
}

operation list_rounds_query(int tournament, const round_filter& filter) {
    boost::json::object v;
    v["tournament"] = tournament;
    v["number"] = filter.number ? boost::json::value(filter.number->value()) : nullptr;
    v["target"] = filter.target ? boost::json::value(*filter.target) : nullptr;
    v["status"] = filter.status ? boost::json::value(ascii_upper(*filter.status)) : nullptr;
    v["limit"] = filter.limit ? boost::json::value(*filter.limit) : nullptr;
    return operation{"list_rounds", list_rounds_document, std::move(v)};
}

std::vector<round> decode_rounds(const boost::json::object& data) {
    return decode_array<round>(root_array(data, "rounds"), json_path("rounds"));
}

operation round_open_query(int tournament) {
    return tournament_only("check_round_open", round_open_document, tournament);
}

bool decode_round_open(const boost::json::object& data, timestamp now) {
    const boost::json::object* r = current_round(data);
    if (r == nullptr) return false;
    const json_path root("rounds");
    const json_path path = root.element(0);
    const auto open = optional_member<timestamp>(*r, "openTime", path);
    const auto close = optional_member<timestamp>(*r, "closeStakingTime", path);
    return open && close && *open < now && now < *close;
}

operation new_round_query(int tournament) { return tournament_only("check_new_round", new_round_document, tournament); }

bool decode_new_round(const boost::json::object& data, std::chrono::hours hours, timestamp now) {
    const boost::json::object* r = current_round(data);
    if (r == nullptr) return false;
    const json_path root("rounds");
    const auto open = optional_member<timestamp>(*r, "openTime", root.element(0));
    return open && *open > now - hours;
}

operation pipeline_status_query(int tournament, std::optional<std::chrono::year_month_day> date) {
    boost::json::object variables{
        {"tournament", tournament == number_of(numerapi::tournament::classic) ? "classic" : "signals"}};
    if (date) {
        if (!date->ok()) throw std::invalid_argument("pipeline_status: not a calendar date");
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date->year()),
                      static_cast<unsigned>(date->month()), static_cast<unsigned>(date->day()));
        variables["date"] = text;
    }
    return operation{"pipeline_status", pipeline_status_document, std::move(variables)};
}

pipeline_status_report decode_pipeline_status(const boost::json::object& data) {
    const json_path path("pipelineStatus");
    const auto& o = root_object(data, "pipelineStatus");
    pipeline_status_report r;
    r.tournament = member_or_default<std::string>(o, "tournament", path);
    r.is_scoring_day = member_or_default<bool>(o, "isScoringDay", path);
    r.started_at = optional_member<timestamp>(o, "startedAt", path);
    r.data_ready_at = optional_member<timestamp>(o, "dataReadyAt", path);
    r.resolved_at = optional_member<timestamp>(o, "resolvedAt", path);
    r.scored_at = optional_member<timestamp>(o, "scoredAt", path);
    return r;
}

} // namespace numerapi::detail
