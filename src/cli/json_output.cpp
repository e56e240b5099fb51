#include "cli/json_output.hpp"

#include <boost/json/serialize.hpp>

namespace numerapi::cli {
namespace json = boost::json;
namespace {
json::value time_or_null(const std::optional<timestamp>& t) { return t ? json::value(format_timestamp(*t)) : nullptr; }
template <class T>
json::value or_null(const std::optional<T>& v) {
    return v ? json::value(*v) : nullptr;
}
json::value decimal_or_null(const std::optional<decimal>& d) { return d ? json::value(d->str()) : nullptr; }

void write(std::string& out, const json::value& v, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    if (const auto* o = v.if_object(); o && !o->empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& kv : *o) {
            if (!first) out += ",\n";
            first = false;
            out += pad + "  " + json::serialize(json::value(kv.key())) + ": ";
            write(out, kv.value(), indent + 1);
        }
        out += "\n" + pad + "}";
    } else if (const auto* a = v.if_array(); a && !a->empty()) {
        out += "[\n";
        for (std::size_t i = 0; i < a->size(); ++i) {
            out += pad + "  ";
            write(out, (*a)[i], indent + 1);
            out += i + 1 < a->size() ? ",\n" : "\n";
        }
        out += pad + "]";
    } else {
        out += json::serialize(v);
    }
}
} // namespace

json::value to_json(const round& r) {
    return json::object{{"number", r.number},
                        {"tournament", r.tournament},
                        {"openTime", time_or_null(r.open_time)},
                        {"closeTime", time_or_null(r.close_time)},
                        {"closeStakingTime", time_or_null(r.close_staking_time)},
                        {"scoreTime", time_or_null(r.score_time)},
                        {"resolveTime", time_or_null(r.resolve_time)},
                        {"resolvedGeneral", r.resolved_general},
                        {"resolvedStaking", r.resolved_staking},
                        {"payoutFactor", decimal_or_null(r.payout_factor)}};
}

json::value to_json(const account& a) {
    json::array models;
    for (const auto& m : a.models) models.push_back(json::object{{"id", m.id}, {"name", m.name}, {"tournament", m.tournament}});
    return json::object{{"id", a.id},
                        {"username", a.username},
                        {"email", a.email},
                        {"walletAddress", a.wallet_address},
                        {"availableNmr", a.available_nmr.str()},
                        {"mfaEnabled", a.mfa_enabled},
                        {"status", a.status},
                        {"insertedAt", time_or_null(a.inserted_at)},
                        {"models", std::move(models)}};
}

json::value to_json(const profile& p) {
    return json::object{{"id", p.id},
                        {"username", p.username},
                        {"bio", p.bio},
                        {"startDate", time_or_null(p.start_date)},
                        {"nmrStaked", decimal_or_null(p.nmr_staked)}};
}

json::value to_json(const submission_score& s) {
    return json::object{{"roundNumber", s.round_number}, {"displayName", s.display_name}, {"value", or_null(s.value)},
                        {"percentile", or_null(s.percentile)}, {"day", s.day}, {"resolved", s.resolved},
                        {"date", time_or_null(s.date)}};
}

std::string pretty(const json::value& v) {
    std::string out;
    write(out, v, 0);
    return out;
}

} // namespace numerapi::cli
