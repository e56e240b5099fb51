#include "numerapi/api/leaderboards.hpp"

#include "numerapi/api/json_decode.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi NumerAPI.get_leaderboard
constexpr std::string_view classic_document = R"(query($limit: Int!
      $offset: Int!) {
  v2Leaderboard(limit: $limit
                offset: $offset) {
    nmrStaked
    rank
    username
    corr20Rep
    corr20V2Rep
    corj60Rep
    fncRep
    fncV3Rep
    tcRep
    mmcRep
    bmcRep
    team
    return_1_day
    return_52_weeks
    return_13_weeks
  }
})";

// numerapi SignalsAPI.get_leaderboard
constexpr std::string_view signals_document = R"(query($limit: Int!
      $offset: Int!) {
  signalsLeaderboard(limit: $limit
                offset: $offset) {
    prevRank
    rank
    sharpe
    today
    username
    mmc
    mmcRank
    nmrStaked
    icRank
    icRep
    tcRep
    tcRank
  }
})";

// numerapi CryptoAPI.get_leaderboard
constexpr std::string_view crypto_document = R"(query($limit: Int!
      $offset: Int!) {
  cryptosignalsLeaderboard(limit: $limit
                offset: $offset) {
    nmrStaked
    rank
    username
    corrRep
    mmcRep
    return_1_day
    return_52_weeks
    return_13_weeks
  }
})";

// numerapi Api.get_account_leaderboard
constexpr std::string_view account_leaderboard_document = R"(query($limit: Int!
      $offset: Int!
      $tournament: Int) {
  accountLeaderboard(limit: $limit
                     offset: $offset
                     tournament: $tournament) {
    displayName
    nmrStaked
    rank
    username
    v2Corr20
    cort20
    corJ60
    corrV4
    fncV4
    icV2
    mmc
    ric
    return1y
    return3m
    returnAllTime
    return1yNmr
    return3mNmr
    returnAllTimeNmr
  }
})";

// numerapi NumerAPI.daily_model_performances
constexpr std::string_view classic_daily_document = R"(query($username: String!) {
  v3UserProfile(modelName: $username) {
    dailyModelPerformances {
      date
      corrRep
      corrRank
      mmcRep
      mmcRank
      fncRep
      fncRank
      fncV3Rep
      fncV3Rank
      tcRep
      tcRank
    }
  }
})";

// numerapi SignalsAPI.daily_model_performances
constexpr std::string_view signals_daily_document = R"(query($username: String!) {
  v2SignalsProfile(modelName: $username) {
    dailyModelPerformances {
      date
      corrRank
      corrRep
      mmcRep
      mmcRank
      corr20dRep
      corr20dRank
      corr60Rep
      corr60Rank
      icRep
      icRank
      tcRank
      tcRep
      mmc20dRep
      mmc20dRank
    }
  }
})";

void check_page(std::string_view name, int limit, int offset) {
    if (limit < 0 || offset < 0)
        throw std::invalid_argument(std::string(name) + ": limit and offset must not be negative");
}

bool ends_with(std::string_view s, std::string_view suffix) { return s.size() > suffix.size() && s.ends_with(suffix); }

leaderboard_entry decode_entry(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    leaderboard_entry e;
    for (const auto& member : o) {
        const std::string_view key(member.key().data(), member.key().size());
        const boost::json::value& value = member.value();
        if (value.is_null()) continue;
        const json_path at = path.field(key);
        if (key == "username") e.username = decode_value<std::string>(value, at);
        else if (key == "displayName") e.display_name = decode_value<std::string>(value, at);
        else if (key == "rank") e.rank = decode_value<int>(value, at);
        else if (key == "prevRank") e.prev_rank = decode_value<int>(value, at);
        else if (key == "nmrStaked") e.nmr_staked = decode_value<decimal>(value, at);
        else if (key == "team") e.team = decode_value<bool>(value, at);
        else if (ends_with(key, "Rank")) e.ranks.emplace_back(std::string(key), decode_value<int>(value, at));
        else if (ends_with(key, "Nmr")) e.amounts.emplace_back(std::string(key), decode_value<decimal>(value, at));
        else e.values.emplace_back(std::string(key), decode_value<double>(value, at));
    }
    return e;
}

daily_performance decode_day(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    daily_performance day;
    bool dated = false;
    const auto metric = [&day](std::string_view name) -> daily_metric& {
        auto it = std::find_if(day.metrics.begin(), day.metrics.end(), [&](const auto& m) { return m.name == name; });
        if (it != day.metrics.end()) return *it;
        return day.metrics.emplace_back(daily_metric{std::string(name), std::nullopt, std::nullopt});
    };
    for (const auto& member : o) {
        const std::string_view key(member.key().data(), member.key().size());
        const boost::json::value& value = member.value();
        const json_path at = path.field(key);
        if (key == "date") {
            day.date = decode_value<timestamp>(value, at);
            dated = true;
        } else if (ends_with(key, "Rep")) {
            metric(key.substr(0, key.size() - 3)).reputation =
                value.is_null() ? std::nullopt : std::optional(decode_value<double>(value, at));
        } else if (ends_with(key, "Rank")) {
            metric(key.substr(0, key.size() - 4)).rank =
                value.is_null() ? std::nullopt : std::optional(decode_value<int>(value, at));
        }
    }
    if (!dated) decode_error(path, "no date");
    return day;
}

} // namespace

operation leaderboard_query(int tournament, int limit, int offset) {
    check_page("leaderboard", limit, offset);
    const std::string_view document = tournament == number_of(numerapi::tournament::classic) ? classic_document
        : tournament == number_of(numerapi::tournament::signals)                             ? signals_document
        : tournament == number_of(numerapi::tournament::crypto)                              ? crypto_document
                                                                                             : std::string_view{};
    if (document.empty())
        throw std::invalid_argument("leaderboard: no leaderboard for tournament " + std::to_string(tournament) +
                                    " (only 8, 11 and 12)");
    return operation{"leaderboard", document, boost::json::object{{"limit", limit}, {"offset", offset}}};
}

operation account_leaderboard_query(int tournament, int limit, int offset) {
    check_page("account_leaderboard", limit, offset);
    return operation{"account_leaderboard", account_leaderboard_document,
                     boost::json::object{{"limit", limit}, {"offset", offset}, {"tournament", tournament}}};
}

std::vector<leaderboard_entry> decode_leaderboard(const boost::json::object& data) {
    for (const std::string_view root :
         {"v2Leaderboard", "signalsLeaderboard", "cryptosignalsLeaderboard", "accountLeaderboard"}) {
        if (!data.contains(root)) continue;
        const json_path path(root);
        const auto& items = root_array(data, root);
        std::vector<leaderboard_entry> out;
        out.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) out.push_back(decode_entry(items[i], path.element(i)));
        return out;
    }
    throw std::invalid_argument("leaderboard: no leaderboard in the response");
}

operation daily_performances_query(int tournament, std::string model_name) {
    if (tournament == number_of(numerapi::tournament::classic))
        return operation{"daily_model_performances", classic_daily_document,
                         boost::json::object{{"username", std::move(model_name)}}};
    if (tournament == number_of(numerapi::tournament::signals) || tournament == number_of(numerapi::tournament::crypto))
        return operation{"daily_model_performances", signals_daily_document,
                         boost::json::object{{"username", std::move(model_name)}}};
    throw std::invalid_argument("daily_model_performances: no public profiles for tournament " +
                                std::to_string(tournament) + " (only 8, 11 and 12)");
}

std::vector<daily_performance> decode_daily_performances(const boost::json::object& data) {
    for (const std::string_view root : {"v3UserProfile", "v2SignalsProfile"}) {
        if (!data.contains(root)) continue;
        const json_path path(root);
        const auto* list = find_non_null(root_object(data, root), "dailyModelPerformances");
        if (list == nullptr) return {};
        const json_path list_path = path.field("dailyModelPerformances");
        const auto& items = expect_array(*list, list_path);
        std::vector<daily_performance> out;
        out.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) out.push_back(decode_day(items[i], list_path.element(i)));
        return out;
    }
    throw std::invalid_argument("v3UserProfile / v2SignalsProfile: missing from the response");
}

} // namespace numerapi::detail
