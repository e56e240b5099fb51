// submissionScores, pendingModelPayouts, v2RoundModelPerformances, pipelineStatus
// (docs/protocol.md §3.7; pipelineStatus §3.2)
#include "sandbox/api/services.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace numerapi::sandbox::api {
namespace {

const model_record& model_or_error(const world& w, std::string_view id) {
    const model_record* m = w.find_model(id);
    if (m == nullptr) throw graphql::resolver_error("Model not found: " + std::string(id));
    return *m;
}

struct scored_submission {
    const submission_record* submission;
    const round_record* round;
};

std::vector<scored_submission> submissions_with_rounds(const world& w, const model_record& m) {
    std::vector<scored_submission> out;
    for (const auto* s : w.submissions_of(m))
        if (const auto* r = w.find_round(s->tournament, s->round)) out.push_back({s, r});
    return out;
}

boost::json::object round_score_json(const score_record& sc, const submission_record& sub, const round_record& r,
                                     bool resolved) {
    const double payout = payout_nmr(sub, r, sc.value);
    return {{"date", iso_time(sc.date)},
            {"day", sc.day},
            {"displayName", sc.metric},
            {"payoutPending", decimal_text(resolved ? 0.0 : payout, 6)},
            {"payoutSettled", decimal_text(resolved ? payout : 0.0, 6)},
            {"percentile", sc.percentile},
            {"value", sc.value}};
}

} // namespace

void register_scores(graphql::executor& e, services& s) {
    e.resolve("submissionScores", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const auto& args = call.arguments;
        const model_record& m = model_or_error(w, string_argument(args, "modelId").value_or(""));
        const auto tournament = int_argument(args, "tournament");
        const auto display_name = string_argument(args, "displayName");
        const auto version = string_argument(args, "version");
        const auto day = int_argument(args, "day");
        const auto resolved = bool_argument(args, "resolved");
        const auto last_n = int_argument(args, "lastNRounds");
        const bool distinct = bool_argument(args, "distinctOnRound").value_or(false);
        if (tournament && *tournament != m.tournament) return boost::json::array{};
        if (version && *version != "v5") return boost::json::array{};

        auto subs = submissions_with_rounds(w, m);
        std::sort(subs.begin(), subs.end(), [](auto& a, auto& b) { return a.round->number > b.round->number; });
        if (last_n && *last_n >= 0 && subs.size() > static_cast<std::size_t>(*last_n))
            subs.resize(static_cast<std::size_t>(*last_n));

        boost::json::array out;
        for (const auto& [sub, round] : subs) {
            // Newest day first, so distinctOnRound keeps the latest score of each metric.
            std::vector<const score_record*> scores;
            for (const auto& sc : w.scores())
                if (sc.submission_id == sub->id) scores.push_back(&sc);
            std::sort(scores.begin(), scores.end(), [](auto* a, auto* b) { return a->day > b->day; });
            std::set<std::string> seen;
            for (const auto* sc : scores) {
                const bool is_resolved = sc->day >= scoring_days;
                if (display_name && sc->metric != *display_name) continue;
                if (day && sc->day != *day) continue;
                if (resolved && is_resolved != *resolved) continue;
                if (distinct && !seen.insert(sc->metric).second) continue;
                out.push_back(boost::json::object{
                    {"roundId", round->id},
                    {"submissionId", sub->id},
                    {"roundNumber", round->number},
                    {"roundResolveTime", iso_time(round->resolve_time)},
                    {"roundScoreTime", iso_time(round->score_time)},
                    {"roundCloseStakingTime", iso_time(round->close_staking_time)},
                    {"value", sc->value},
                    {"percentile", sc->percentile},
                    {"displayName", sc->metric},
                    {"version", "v5"},
                    {"date", iso_time(sc->date)},
                    {"day", sc->day},
                    {"resolveDate", iso_time(round->resolve_time)},
                    {"resolved", is_resolved},
                });
            }
        }
        return out;
    });

    e.resolve("pendingModelPayouts", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const int tournament = tournament_argument(call.arguments);
        boost::json::array actual, pending;
        for (const auto& m : w.models()) {
            if (m.tournament != tournament) continue;
            for (const auto& [sub, round] : submissions_with_rounds(w, m)) {
                double corr = 0;
                int last_day = 0;
                for (const auto& sc : w.scores())
                    if (sc.submission_id == sub->id && sc.metric == std::string("CORR20") && sc.day >= last_day) {
                        corr = sc.value;
                        last_day = sc.day;
                    }
                if (last_day == 0) continue; // not scored yet
                const double nmr = payout_nmr(*sub, *round, corr);
                boost::json::object p{{"roundId", round->id},
                                      {"roundNumber", round->number},
                                      {"roundResolveTime", iso_time(round->resolve_time)},
                                      {"modelId", m.id},
                                      {"modelName", m.name},
                                      {"modelDisplayName", m.name},
                                      {"payoutNmr", decimal_text(nmr, 6)},
                                      {"payoutValue", decimal_text(nmr * 9.87, 2)},
                                      {"currencySymbol", "NMR"}};
                (last_day >= scoring_days ? actual : pending).push_back(std::move(p));
            }
        }
        return boost::json::object{{"actual", std::move(actual)}, {"pending", std::move(pending)}};
    });

    e.resolve("v2RoundModelPerformances", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const model_record& m = model_or_error(w, string_argument(call.arguments, "modelId").value_or(""));
        const int tournament = tournament_argument(call.arguments);
        boost::json::array out;
        if (tournament != m.tournament) return out;
        for (const auto& [sub, round] : submissions_with_rounds(w, m)) {
            std::map<std::string, const score_record*> latest;
            boost::json::array intra;
            int last_day = 0;
            for (const auto& sc : w.scores()) {
                if (sc.submission_id != sub->id) continue;
                auto& l = latest[sc.metric];
                if (l == nullptr || sc.day > l->day) l = &sc;
                last_day = std::max(last_day, sc.day);
            }
            const bool resolved = last_day >= scoring_days;
            for (const auto& sc : w.scores())
                if (sc.submission_id == sub->id) intra.push_back(round_score_json(sc, *sub, *round, resolved));
            boost::json::array final_scores;
            for (const char* metric : score_metrics)
                if (auto it = latest.find(metric); it != latest.end())
                    final_scores.push_back(round_score_json(*it->second, *sub, *round, resolved));
            out.push_back(boost::json::object{
                {"atRisk", sub->at_risk},
                {"corrMultiplier", 0.5},
                {"mmcMultiplier", 2.0},
                {"roundPayoutFactor", round->payout_factor},
                {"roundNumber", round->number},
                {"roundOpenTime", iso_time(round->open_time)},
                {"roundResolveTime", iso_time(round->resolve_time)},
                {"roundResolved", resolved},
                {"roundTarget", round->target},
                {"submissionScores",
                 last_day == 0 ? boost::json::value(nullptr) : boost::json::value(std::move(final_scores))},
                {"intraRoundSubmissionScores",
                 last_day == 0 ? boost::json::value(nullptr) : boost::json::value(std::move(intra))},
            });
        }
        return out;
    });

    e.resolve("pipelineStatus", [&s](const graphql::field_call& call) -> boost::json::value {
        const auto tournament = string_argument(call.arguments, "tournament").value_or("");
        if (tournament != "classic" && tournament != "signals")
            throw graphql::resolver_error("Unknown tournament: " + tournament);
        const auto today = std::chrono::floor<std::chrono::days>(s.state.now());
        const auto date = string_argument(call.arguments, "date").value_or(iso_date(today));
        int y = 0;
        unsigned m = 0, d = 0;
        if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
            throw graphql::resolver_error("Invalid date: " + date);
        const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
        if (!day.ok()) throw graphql::resolver_error("Invalid date: " + date);
        const std::chrono::weekday wd{std::chrono::sys_days{day}}; // the asked day's, not today's

        const bool scoring_day = wd != std::chrono::Sunday && wd != std::chrono::Monday;
        using namespace std::chrono_literals;
        return boost::json::object{{"dataReadyAt", date + "T13:00:00Z"}, {"isScoringDay", scoring_day},
                                   {"resolvedAt", date + "T14:30:00Z"},  {"scoredAt", date + "T15:10:00Z"},
                                   {"startedAt", date + "T12:00:00Z"},   {"tournament", tournament}};
    });
}

} // namespace numerapi::sandbox::api
