// v3UserProfile, v2SignalsProfile, the leaderboards and latestNmrPrice (docs/protocol.md §3.8)
#include "sandbox/api/services.hpp"
#include "sandbox/world/random.hpp"

#include <cstdlib>
#include <boost/json/array.hpp>

#include <cstdio>

namespace numerapi::sandbox::api {
namespace {

/// A participant's public face: one of the account's models or a generated public user.
struct profile {
    std::string id, username, bio, nmr_staked;
    sys_seconds start_date;
};

profile find_profile(const world& w, std::string_view name, int tournament) {
    for (const auto& m : w.models())
        if (m.tournament == tournament && m.name == name) return {m.id, m.name, m.bio, m.nmr_staked, m.start_date};
    for (const auto& u : w.public_users())
        if (u.tournament == tournament && u.username == name)
            return {u.id, u.username, u.bio, u.nmr_staked, u.start_date};
    throw graphql::resolver_error("Model not found: " + std::string(name));
}

boost::json::array daily_performances(const world& w, const profile& p, bool signals) {
    rng r{w.seed_for("daily/" + p.id)};
    boost::json::array out;
    const auto today = std::chrono::floor<std::chrono::days>(w.config().start_time);
    for (int d = 30; d >= 1; --d) {
        boost::json::object o{{"date", iso_time(sys_seconds{today - std::chrono::days{d}})}};
        auto metric = [&](const char* rep, const char* rank) {
            o[rep] = r.uniform(-0.03, 0.06);
            o[rank] = static_cast<int>(1 + r.below(5000));
        };
        if (signals) {
            for (auto [a, b] : {std::pair{"corrRep", "corrRank"},
                                {"mmcRep", "mmcRank"},
                                {"corr20dRep", "corr20dRank"},
                                {"corr60Rep", "corr60Rank"},
                                {"icRep", "icRank"},
                                {"tcRep", "tcRank"},
                                {"mmc20dRep", "mmc20dRank"}})
                metric(a, b);
        } else {
            for (auto [a, b] : {std::pair{"corrRep", "corrRank"},
                                {"mmcRep", "mmcRank"},
                                {"fncRep", "fncRank"},
                                {"fncV3Rep", "fncV3Rank"},
                                {"tcRep", "tcRank"}})
                metric(a, b);
        }
        out.push_back(std::move(o));
    }
    return out;
}

boost::json::object profile_json(const world& w, const profile& p, bool signals) {
    boost::json::object o{{"id", p.id},
                          {"username", p.username},
                          {"bio", p.bio},
                          {"startDate", iso_time(p.start_date)},
                          {"nmrStaked", p.nmr_staked},
                          {"dailyModelPerformances", daily_performances(w, p, signals)}};
    // A JSON number on the real API (numerapi's stake_get returns it as a float), where
    // nmrStaked is a decimal string.
    if (!signals) o["stakeValue"] = std::strtod(p.nmr_staked.c_str(), nullptr);
    return o;
}

struct page {
    std::size_t offset, limit;
};

page page_arguments(const boost::json::object& args) {
    const auto limit = int_argument(args, "limit").value_or(50);
    const auto offset = int_argument(args, "offset").value_or(0);
    if (limit < 0 || offset < 0) throw graphql::resolver_error("limit and offset must not be negative");
    return {static_cast<std::size_t>(offset), static_cast<std::size_t>(std::min<std::int64_t>(limit, 1000))};
}

template <class MakeEntry>
boost::json::array leaderboard(const world& w, int tournament, page p, MakeEntry make) {
    boost::json::array out;
    std::size_t index = 0;
    for (const auto& u : w.public_users()) {
        if (u.tournament != tournament) continue;
        if (index++ < p.offset) continue;
        if (out.size() >= p.limit) break;
        out.push_back(make(u));
    }
    return out;
}

} // namespace

void register_profiles(graphql::executor& e, services& s) {
    e.resolve("v3UserProfile", [&s](const graphql::field_call& call) -> boost::json::value {
        const auto name = string_argument(call.arguments, "modelName").value_or("");
        return profile_json(s.state, find_profile(s.state, name, 8), false);
    });
    e.resolve("v2SignalsProfile", [&s](const graphql::field_call& call) -> boost::json::value {
        const auto name = string_argument(call.arguments, "modelName").value_or("");
        return profile_json(s.state, find_profile(s.state, name, 11), true);
    });

    e.resolve("accountLeaderboard", [&s](const graphql::field_call& call) -> boost::json::value {
        const int tournament = tournament_argument(call.arguments);
        return leaderboard(s.state, tournament, page_arguments(call.arguments), [](const public_user_record& u) {
            return boost::json::object{{"displayName", u.username},
                                       {"username", u.username},
                                       {"rank", u.rank},
                                       {"nmrStaked", u.nmr_staked},
                                       {"v2Corr20", u.corr},
                                       {"cort20", u.corr * 0.9},
                                       {"corJ60", u.corr * 1.1},
                                       {"corrV4", u.corr},
                                       {"fncV4", u.fnc},
                                       {"icV2", u.ic},
                                       {"mmc", u.mmc},
                                       {"ric", u.ic * 0.8},
                                       {"return1y", u.ret},
                                       {"return3m", u.ret / 4},
                                       {"returnAllTime", u.ret * 2},
                                       {"return1yNmr", decimal_text(u.ret * 100, 6)},
                                       {"return3mNmr", decimal_text(u.ret * 25, 6)},
                                       {"returnAllTimeNmr", decimal_text(u.ret * 200, 6)}};
        });
    });
    e.resolve("v2Leaderboard", [&s](const graphql::field_call& call) -> boost::json::value {
        return leaderboard(s.state, 8, page_arguments(call.arguments), [](const public_user_record& u) {
            return boost::json::object{{"username", u.username},
                                       {"rank", u.rank},
                                       {"nmrStaked", u.nmr_staked},
                                       {"corr20Rep", u.corr},
                                       {"corr20V2Rep", u.corr},
                                       {"corj60Rep", u.corr * 1.1},
                                       {"fncRep", u.fnc},
                                       {"fncV3Rep", u.fnc},
                                       {"tcRep", u.tc},
                                       {"mmcRep", u.mmc},
                                       {"bmcRep", u.mmc * 0.7},
                                       {"team", false},
                                       {"return_1_day", u.ret / 365},
                                       {"return_52_weeks", u.ret},
                                       {"return_13_weeks", u.ret / 4}};
        });
    });
    e.resolve("signalsLeaderboard", [&s](const graphql::field_call& call) -> boost::json::value {
        return leaderboard(s.state, 11, page_arguments(call.arguments), [](const public_user_record& u) {
            return boost::json::object{
                {"username", u.username}, {"rank", u.rank}, {"prevRank", u.rank + 1}, {"sharpe", u.corr * 30},
                {"today", u.corr},        {"mmc", u.mmc},   {"mmcRank", u.rank},      {"nmrStaked", u.nmr_staked},
                {"icRank", u.rank},       {"icRep", u.ic},  {"tcRep", u.tc},          {"tcRank", u.rank}};
        });
    });
    e.resolve("cryptosignalsLeaderboard", [&s](const graphql::field_call& call) -> boost::json::value {
        return leaderboard(s.state, 12, page_arguments(call.arguments), [](const public_user_record& u) {
            return boost::json::object{{"username", u.username},    {"rank", u.rank},
                                       {"nmrStaked", u.nmr_staked}, {"corrRep", u.corr},
                                       {"mmcRep", u.mmc},           {"return_1_day", u.ret / 365},
                                       {"return_52_weeks", u.ret},  {"return_13_weeks", u.ret / 4}};
        });
    });
    e.resolve("latestNmrPrice", [](const graphql::field_call&) -> boost::json::value {
        return boost::json::object{{"priceUsd", "9.87"}};
    });
}

} // namespace numerapi::sandbox::api
