#include "cli/json_output.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

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

/// A number as Python's json module writes it (numerapi's output): the shortest digits
/// that read back as the same double, in positional notation from 1e-4 to 1e16 (0.6638,
/// 100000.0), else as 1e-05 or 1.5e+16.
std::string python_number(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific).ptr;
    const std::string text(buf, end); // "-6.637825695143e-01"
    const auto e = text.find('e');
    const int exponent = std::stoi(text.substr(e + 1));
    std::string sign, digits;
    for (char c : text.substr(0, e))
        if (c == '-') sign = "-";
        else if (c != '.') digits += c;
    if (exponent < -4 || exponent >= 16) {
        std::string mantissa = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "");
        const int magnitude = exponent < 0 ? -exponent : exponent;
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") +
            std::to_string(magnitude);
    }
    if (exponent < 0) return sign + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    const auto whole = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= whole) return sign + digits + std::string(whole - digits.size(), '0') + ".0";
    return sign + digits.substr(0, whole) + "." + digits.substr(whole);
}

/// `v` as JSON: two-space indented (pretty) or on one line.
void write(std::string& out, const json::value& v, int indent, bool pretty) {
    const std::string pad = pretty ? std::string(static_cast<std::size_t>(indent) * 2, ' ') : "";
    const char* open_line = pretty ? "\n" : "";
    if (const auto* o = v.if_object(); o && !o->empty()) {
        out += std::string("{") + open_line;
        bool first = true;
        for (const auto& kv : *o) {
            if (!first) out += std::string(",") + open_line;
            first = false;
            out += (pretty ? pad + "  " : "") + serialize_escaped(json::value(kv.key())) + (pretty ? ": " : ":");
            write(out, kv.value(), indent + 1, pretty);
        }
        out += open_line + pad + "}";
    } else if (const auto* a = v.if_array(); a && !a->empty()) {
        out += std::string("[") + open_line;
        for (std::size_t i = 0; i < a->size(); ++i) {
            out += pretty ? pad + "  " : "";
            write(out, (*a)[i], indent + 1, pretty);
            if (i + 1 < a->size()) out += ",";
            out += open_line;
        }
        out += pad + "]";
    } else if (v.is_double()) {
        out += python_number(v.get_double());
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
    // numerapi's keys for get_submission_filenames, and what else the API said (the
    // submission-filenames query does not ask for an id or a time: no empty fields for them).
    json::object o{
        {"filename", s.filename}, {"round_num", or_null(s.round_number)}, {"tournament", or_null(s.tournament)}};
    if (!s.id.empty()) o["id"] = s.id;
    if (s.inserted_at) o["insertedAt"] = format_timestamp(*s.inserted_at);
    o["selected"] = s.selected;
    return o;
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
    write(out, v, 0, true);
    return out;
}

std::string compact(const json::value& v) {
    std::string out;
    write(out, v, 0, false);
    return out;
}

} // namespace numerapi::cli
