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

/// json::serialize, with DEL and the C1 controls escaped as well. (Strings that Boost.JSON
/// parsed are valid UTF-8, so a C1 control is always the pair 0xC2 0x80-0x9F, and
/// outside strings there is only ASCII.)
std::string serialize_escaped(const json::value& v) {
    static constexpr char digits[] = "0123456789abcdef";
    const std::string raw = json::serialize(v);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto b = static_cast<unsigned char>(raw[i]);
        const auto next = i + 1 < raw.size() ? static_cast<unsigned char>(raw[i + 1]) : 0;
        if (b == 0x7f || (b == 0xc2 && next >= 0x80 && next <= 0x9f)) {
            const unsigned char c = b == 0x7f ? b : next;
            out += "\\u00";
            out += digits[c >> 4];
            out += digits[c & 15];
            if (b == 0xc2) ++i;
        } else {
            out += raw[i];
        }
    }
    return out;
}

void write(std::string& out, const json::value& v, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    if (const auto* o = v.if_object(); o && !o->empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& kv : *o) {
            if (!first) out += ",\n";
            first = false;
            out += pad + "  " + serialize_escaped(json::value(kv.key())) + ": ";
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
        out += serialize_escaped(v);
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
    for (const auto& m : a.models)
        models.push_back(json::object{{"id", m.id}, {"name", m.name}, {"tournament", m.tournament}});
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
    return json::object{{"roundNumber", s.round_number},
                        {"displayName", s.display_name},
                        {"value", or_null(s.value)},
                        {"percentile", or_null(s.percentile)},
                        {"day", s.day},
                        {"resolved", s.resolved},
                        {"date", time_or_null(s.date)}};
}

json::value to_json(const submission& s) {
    // numerapi's keys for get_submission_filenames, and the rest of what the API says.
    return json::object{{"filename", s.filename},
                        {"round_num", or_null(s.round_number)},
                        {"tournament", or_null(s.tournament)},
                        {"id", s.id},
                        {"insertedAt", time_or_null(s.inserted_at)},
                        {"selected", s.selected}};
}

json::value to_json(const wallet_transaction& t) {
    // numerapi's keys (the API's), the amount as its exact decimal text.
    return json::object{{"amount", t.amount.str()},     {"from", t.from},
                        {"status", t.status},           {"to", t.to},
                        {"time", time_or_null(t.time)}, {"tournament", or_null(t.tournament)},
                        {"txHash", or_null(t.tx_hash)}, {"type", t.type}};
}

json::value to_json(const leaderboard_entry& e) {
    // The API's keys, as numerapi returns them: every column of the entry.
    json::object o{{"username", e.username}, {"rank", e.rank}, {"nmrStaked", decimal_or_null(e.nmr_staked)}};
    if (!e.display_name.empty()) o["displayName"] = e.display_name;
    if (e.prev_rank) o["prevRank"] = *e.prev_rank;
    if (e.team) o["team"] = *e.team;
    for (const auto& [name, value] : e.values) o[name] = value;
    for (const auto& [name, value] : e.ranks) o[name] = value;
    for (const auto& [name, value] : e.amounts) o[name] = value.str();
    return o;
}

json::value to_json(const daily_performance& d) {
    json::object o{{"date", format_timestamp(d.date)}};
    for (const auto& m : d.metrics) {
        o[m.name + "Rep"] = or_null(m.reputation);
        o[m.name + "Rank"] = or_null(m.rank);
    }
    return o;
}

json::value to_json(const stake_change_result& r) {
    json::value request = nullptr;
    if (r.request)
        request = json::object{{"id", or_null(r.request->id)},
                               {"type", r.request->type},
                               {"status", r.request->status},
                               {"requestedAmount", decimal_or_null(r.request->requested_amount)},
                               {"dueDate", time_or_null(r.request->due_date)},
                               {"drain", r.request->drain}};
    return json::object{{"request", std::move(request)},
                        {"answerLost", r.answer_lost},
                        {"stakeBefore", r.stake_before.str()},
                        {"stake", r.stake.str()}};
}

json::value to_json(const round_event& e) {
    json::object o{{"event", to_string(e.what)}, {"tournament", e.tournament}, {"round", e.round_number}};
    if (e.close_time) o["closeTime"] = format_timestamp(*e.close_time);
    if (!e.model_id.empty()) o["modelId"] = e.model_id;
    if (e.what == round_event::kind::scores_released) o["day"] = e.day;
    if (e.what == round_event::kind::submission_accepted) {
        o["submissionId"] = e.submission_id;
        o["filename"] = e.filename;
    }
    if (e.what == round_event::kind::diagnostics_updated) {
        o["diagnosticsId"] = e.diagnostics_id;
        o["status"] = e.status;
        o["message"] = e.message;
    }
    o["seenAt"] = format_timestamp(e.seen_at);
    return o;
}

std::string pretty(const json::value& v) {
    std::string out;
    write(out, v, 0);
    return out;
}

std::string compact(const json::value& v) { return serialize_escaped(v); }

} // namespace numerapi::cli
