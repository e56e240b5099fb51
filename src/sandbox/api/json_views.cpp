#include "sandbox/api/json_views.hpp"

#include <boost/json/array.hpp>

namespace numerapi::sandbox::api {

boost::json::object round_json(const world& w, const round_record& r) {
    const auto now = w.now();
    return {
        {"id", r.id},
        {"tournament", r.tournament},
        {"number", r.number},
        {"target", r.target},
        {"status", w.round_status(r)},
        {"openTime", iso_time(r.open_time)},
        {"closeTime", iso_time(r.close_time)},
        {"closeStakingTime", iso_time(r.close_staking_time)},
        {"scoreTime", iso_time(r.score_time)},
        {"resolveTime", iso_time(r.resolve_time)},
        {"resolvedGeneral", now >= r.resolve_time},
        {"resolvedStaking", now >= r.resolve_time},
        {"payoutFactor", r.payout_factor},
        {"stakeThreshold", r.stake_threshold},
        {"minCorrMultiplier", 0.0},
        {"maxCorrMultiplier", 1.0},
        {"defaultCorrMultiplier", 0.5},
        {"minMmcMultiplier", 0.0},
        {"maxMmcMultiplier", 3.0},
        {"defaultMmcMultiplier", 2.0},
        {"dataDatestamp", datestamp(r.open_time)},
    };
}

boost::json::object submission_json(const world& w, const submission_record& s) {
    boost::json::object o{
        {"id", s.id},
        {"filename", s.filename},
        {"insertedAt", iso_time(s.inserted_at)},
        {"selected", s.selected},
        {"triggerId", s.trigger_id ? boost::json::value(*s.trigger_id) : nullptr},
        {"source", s.source},
        {"dataDatestamp", s.data_datestamp ? boost::json::value(*s.data_datestamp) : nullptr},
    };
    if (const auto* r = w.find_round(s.tournament, s.round)) o["round"] = round_json(w, *r);
    return o;
}

boost::json::object model_json(const world& w, const model_record& m) {
    boost::json::array submissions;
    for (const auto* s : w.submissions_of(m)) submissions.push_back(submission_json(w, *s));
    return {
        {"id", m.id},
        {"name", m.name},
        {"tournament", m.tournament},
        {"submissions", std::move(submissions)},
        {"v2Stake", boost::json::object{{"status", nullptr}, {"txHash", nullptr}}},
    };
}

} // namespace numerapi::sandbox::api
