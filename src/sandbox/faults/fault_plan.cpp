#include "sandbox/faults/fault_plan.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace numerapi::sandbox::faults {
namespace {

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("fault rule: " + what); }

std::string string_member(const boost::json::object& o, std::string_view key, std::string fallback) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return fallback;
    if (!v->is_string()) bad(std::string(key) + " must be a string");
    return std::string(v->get_string());
}

std::optional<std::uint64_t> count_member(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (const auto* i = v->if_int64(); i && *i >= 0) return static_cast<std::uint64_t>(*i);
    if (const auto* u = v->if_uint64()) return *u;
    bad(std::string(key) + " must be a non-negative integer");
}

const char* target_name(target_kind t) {
    switch (t) {
        case target_kind::graphql: return "graphql";
        case target_kind::files: return "files";
        case target_kind::uploads: return "uploads";
        case target_kind::any: break;
    }
    return "any";
}

} // namespace

std::vector<std::string> default_hostile_names() {
    return {"../../escaped.parquet", "/tmp/numerapi-hostile/abs.parquet", "..\\..\\backslash.parquet",
            "v5.0/\x1b[31mred.parquet", "v5.0//x.parquet"};
}

fault_rule fault_rule::from_json(const boost::json::object& o) {
    fault_rule r;
    const std::string kind = string_member(o, "kind", "");
    bool file_only = true;
    if (kind == "status") r.kind = fault_kind::status, file_only = false;
    else if (kind == "delay") r.kind = fault_kind::delay, file_only = false;
    else if (kind == "reset_after") r.kind = fault_kind::reset_after;
    else if (kind == "close_after") r.kind = fault_kind::close_after;
    else if (kind == "expire_url") r.kind = fault_kind::expire_url;
    else if (kind == "ignore_range") r.kind = fault_kind::ignore_range;
    else if (kind == "change_file") r.kind = fault_kind::change_file;
    else if (kind == "rate_limit") r.kind = fault_kind::rate_limit, file_only = false;
    else if (kind == "rollover") r.kind = fault_kind::rollover, file_only = false;
    else if (kind == "truncate") r.kind = fault_kind::truncate, file_only = false;
    else if (kind == "malformed_json") r.kind = fault_kind::malformed_json, file_only = false;
    else if (kind == "stall") r.kind = fault_kind::stall, file_only = false;
    else if (kind == "throttle") r.kind = fault_kind::throttle;
    else if (kind == "gzip") r.kind = fault_kind::gzip;
    else if (kind == "chunked") r.kind = fault_kind::chunked;
    else if (kind == "idle_close") r.kind = fault_kind::idle_close, file_only = false;
    else if (kind == "refuse") r.kind = fault_kind::refuse, file_only = false;
    else if (kind == "reset_before_headers") r.kind = fault_kind::reset_before_headers, file_only = false;
    else if (kind == "corrupt_record") r.kind = fault_kind::corrupt_record, file_only = false;
    else if (kind == "interim_1xx") r.kind = fault_kind::interim_1xx, file_only = false;
    else if (kind == "early_refusal") r.kind = fault_kind::early_refusal;
    else if (kind == "hostile_names") r.kind = fault_kind::hostile_names, file_only = false;
    else if (kind == "endless_chunk") r.kind = fault_kind::endless_chunk, file_only = false;
    else
        bad("unknown kind \"" + kind +
            "\" (status, delay, reset_after, close_after, expire_url, ignore_range, "
            "change_file, rate_limit, rollover, truncate, malformed_json, stall, throttle, gzip, chunked, "
            "idle_close, refuse, reset_before_headers, corrupt_record, interim_1xx, early_refusal, hostile_names, "
            "endless_chunk)");
    const bool per_connection = r.kind == fault_kind::idle_close || r.kind == fault_kind::refuse;
    const char* default_target = r.kind == fault_kind::early_refusal ? "uploads" : file_only ? "files" : "any";
    const std::string target = string_member(o, "target", default_target);
    if (target == "any") r.target = target_kind::any;
    else if (target == "graphql") r.target = target_kind::graphql;
    else if (target == "files") r.target = target_kind::files;
    else if (target == "uploads") r.target = target_kind::uploads;
    else bad("unknown target \"" + target + "\" (any, graphql, files, uploads)");
    if (file_only && r.target != target_kind::files && r.target != target_kind::uploads)
        bad("kind \"" + kind + "\" applies to files only");
    if ((r.kind == fault_kind::truncate || r.kind == fault_kind::malformed_json) && r.target != target_kind::graphql)
        bad("kind \"" + kind + "\" applies to graphql only");
    // An upload-only kind must not be taken (and used up) by a download.
    if (r.kind == fault_kind::early_refusal && r.target != target_kind::uploads)
        bad("kind \"early_refusal\" applies to uploads only (target \"uploads\")");
    if (per_connection && r.target != target_kind::any)
        bad("kind \"" + kind + "\" acts on connections and takes no target");
    if (r.kind == fault_kind::hostile_names && o.contains("target"))
        bad("hostile_names is a setting of the answers and takes no target");
    if (auto b = count_member(o, "bytes")) r.bytes = *b, r.bytes_given = true;
    if (r.kind == fault_kind::early_refusal && !r.bytes_given) r.bytes = 64u << 10;
    r.count = count_member(o, "count");
    if (r.count && *r.count == 0) bad("count must be at least 1 (leave it out for every request)");
    if (r.kind == fault_kind::idle_close && r.count) bad("idle_close is a connection setting and takes no count");
    if (r.kind == fault_kind::hostile_names && r.count)
        bad("hostile_names is a setting of the answers and takes no count");
    if (r.kind == fault_kind::refuse && !r.count) r.count = 1;
    if (r.kind == fault_kind::interim_1xx) r.status = 103;
    if (r.kind == fault_kind::early_refusal) r.status = 400;
    if (auto s = count_member(o, "status")) {
        if (*s < 100 || *s > 599) bad("status must be 100..599");
        r.status = static_cast<unsigned>(*s);
    }
    if (r.kind == fault_kind::interim_1xx && r.status != 100 && r.status != 101 && r.status != 103)
        bad("interim_1xx status must be 100, 101 or 103");
    if (auto n = count_member(o, "repeat")) {
        if (r.kind != fault_kind::interim_1xx) bad("repeat belongs to interim_1xx");
        if (*n < 1 || *n > 100) bad("repeat must be 1..100");
        r.repeat = static_cast<unsigned>(*n);
    }
    if (r.kind == fault_kind::early_refusal && r.status < 400) bad("early_refusal status must be 400..599");
    r.body = string_member(o, "body", "");
    if (r.kind == fault_kind::early_refusal) r.content_type = "application/xml";
    r.content_type = string_member(o, "content_type", r.content_type);
    r.retry_after = string_member(o, "retry_after", "");
    if (auto ms = count_member(o, "milliseconds")) r.delay = std::chrono::milliseconds(*ms);
    if (const auto* ps = o.if_contains("per_second")) {
        if (!ps->is_number() || ps->to_number<double>() <= 0) bad("per_second must be a positive number");
        r.per_second = ps->to_number<double>();
    }
    if (r.kind == fault_kind::rate_limit) {
        if (r.per_second <= 0) bad("rate_limit needs per_second");
        r.tokens = r.per_second;
        r.refilled = std::chrono::steady_clock::now();
    }
    if (r.kind == fault_kind::rollover && !r.count) r.count = 1;
    if (auto b = count_member(o, "bytes_per_second")) r.bytes_per_second = *b;
    if (r.kind == fault_kind::throttle && r.bytes_per_second == 0) bad("throttle needs bytes_per_second");
    if (r.kind == fault_kind::idle_close && r.delay.count() == 0) bad("idle_close needs milliseconds (at least 1)");
    if (const auto* a = o.if_contains("announce")) {
        if (!a->is_bool()) bad("announce must be true or false");
        if (r.kind != fault_kind::idle_close) bad("announce belongs to idle_close");
        r.announce = a->get_bool();
    }
    if (const auto* names = o.if_contains("names")) {
        if (r.kind != fault_kind::hostile_names) bad("names belongs to hostile_names");
        if (!names->is_array()) bad("names must be an array of strings");
        for (const auto& n : names->get_array()) {
            if (!n.is_string()) bad("names must be an array of strings");
            r.names.emplace_back(n.get_string());
        }
    } else if (r.kind == fault_kind::hostile_names) {
        r.names = default_hostile_names();
    }
    r.query_contains = string_member(o, "query_contains", "");
    if (!r.query_contains.empty() && (r.target == target_kind::files || r.target == target_kind::uploads))
        bad("query_contains matches GraphQL requests: its target must be graphql or any");
    if (o.contains("submission_filename") && r.kind != fault_kind::hostile_names)
        bad("submission_filename belongs to hostile_names");
    if (r.kind == fault_kind::hostile_names)
        r.submission_filename =
            string_member(o, "submission_filename", std::string(default_hostile_submission_filename));
    if (const auto* shape = o.if_contains("shape")) {
        if (r.kind != fault_kind::endless_chunk) bad("shape belongs to endless_chunk");
        if (!shape->is_string() || (shape->get_string() != "extension" && shape->get_string() != "trailer"))
            bad("shape must be \"extension\" or \"trailer\"");
        r.endless_trailer = shape->get_string() == "trailer";
    }
    for (const auto& kv : o)
        if (kv.key() != "kind" && kv.key() != "target" && kv.key() != "count" && kv.key() != "status" &&
            kv.key() != "body" && kv.key() != "content_type" && kv.key() != "retry_after" &&
            kv.key() != "milliseconds" && kv.key() != "bytes" && kv.key() != "per_second" &&
            kv.key() != "bytes_per_second" && kv.key() != "announce" && kv.key() != "names" &&
            kv.key() != "submission_filename" && kv.key() != "query_contains" && kv.key() != "shape" &&
            kv.key() != "repeat")
            bad("unknown member \"" + std::string(kv.key()) + "\"");
    return r;
}

namespace {
const char* kind_name(fault_rule::fault_kind k) {
    using fk = fault_rule::fault_kind;
    switch (k) {
        case fk::status: return "status";
        case fk::delay: return "delay";
        case fk::reset_after: return "reset_after";
        case fk::close_after: return "close_after";
        case fk::expire_url: return "expire_url";
        case fk::ignore_range: return "ignore_range";
        case fk::change_file: return "change_file";
        case fk::rate_limit: return "rate_limit";
        case fk::rollover: return "rollover";
        case fk::truncate: return "truncate";
        case fk::malformed_json: return "malformed_json";
        case fk::stall: return "stall";
        case fk::throttle: return "throttle";
        case fk::gzip: return "gzip";
        case fk::chunked: return "chunked";
        case fk::idle_close: return "idle_close";
        case fk::refuse: return "refuse";
        case fk::reset_before_headers: return "reset_before_headers";
        case fk::corrupt_record: return "corrupt_record";
        case fk::interim_1xx: return "interim_1xx";
        case fk::early_refusal: return "early_refusal";
        case fk::hostile_names: return "hostile_names";
        case fk::endless_chunk: return "endless_chunk";
    }
    return "?";
}
} // namespace

boost::json::object fault_rule::to_json() const {
    boost::json::object o{{"kind", kind_name(kind)}};
    if (kind != fault_kind::idle_close && kind != fault_kind::refuse && kind != fault_kind::hostile_names)
        o["target"] = target_name(target);
    if (count) o["count"] = *count;
    if (!query_contains.empty()) o["query_contains"] = query_contains;
    switch (kind) {
        case fault_kind::status:
            o["status"] = status;
            o["body"] = body;
            o["content_type"] = content_type;
            if (!retry_after.empty()) o["retry_after"] = retry_after;
            break;
        case fault_kind::delay:
        case fault_kind::rollover: o["milliseconds"] = delay.count(); break;
        case fault_kind::rate_limit: o["per_second"] = per_second; break;
        case fault_kind::throttle: o["bytes_per_second"] = bytes_per_second; break;
        case fault_kind::reset_after:
        case fault_kind::close_after:
        case fault_kind::gzip: o["bytes"] = bytes; break;
        case fault_kind::idle_close:
            o["milliseconds"] = delay.count();
            o["announce"] = announce;
            break;
        case fault_kind::corrupt_record:
            if (bytes_given) o["bytes"] = bytes;
            break;
        case fault_kind::interim_1xx:
            o["status"] = status;
            if (repeat != 1) o["repeat"] = repeat;
            break;
        case fault_kind::endless_chunk: o["shape"] = endless_trailer ? "trailer" : "extension"; break;
        case fault_kind::early_refusal:
            o["status"] = status;
            o["bytes"] = bytes;
            if (!body.empty()) o["body"] = body;
            o["content_type"] = content_type;
            break;
        case fault_kind::hostile_names: {
            boost::json::array listed;
            for (const auto& n : names) listed.emplace_back(n);
            o["names"] = std::move(listed);
            o["submission_filename"] = submission_filename;
            break;
        }
        default: break;
    }
    return o;
}

std::string fault_rule::describe() const {
    switch (kind) {
        case fault_kind::status: return "status " + std::to_string(status);
        case fault_kind::delay: return "delay " + std::to_string(delay.count()) + " ms";
        case fault_kind::reset_after: return "reset after " + std::to_string(bytes) + " bytes";
        case fault_kind::close_after: return "close after " + std::to_string(bytes) + " bytes";
        case fault_kind::rollover: return "rollover for " + std::to_string(delay.count()) + " ms";
        case fault_kind::throttle: return "throttle to " + std::to_string(bytes_per_second) + " bytes/s";
        case fault_kind::gzip: return bytes ? "gzip, closed after " + std::to_string(bytes) + " bytes" : "gzip";
        case fault_kind::idle_close: return "idle close after " + std::to_string(delay.count()) + " ms";
        case fault_kind::refuse: return "connection refused after accept";
        case fault_kind::hostile_names: return "hostile names";
        case fault_kind::reset_before_headers: return "reset before headers";
        case fault_kind::corrupt_record:
            return bytes_given ? "corrupt record after " + std::to_string(bytes) + " bytes" : "corrupt record";
        case fault_kind::interim_1xx:
            return "interim " + std::to_string(status) + (repeat != 1 ? " x" + std::to_string(repeat) : "");
        case fault_kind::endless_chunk: return endless_trailer ? "endless chunk trailer" : "endless chunk extension";
        case fault_kind::early_refusal:
            return "early refusal " + std::to_string(status) + " after " + std::to_string(bytes) + " bytes";
        default: return kind_name(kind);
    }
}

void fault_plan::replace(std::vector<fault_rule> rules) {
    std::lock_guard lock{mutex_};
    rules_ = std::move(rules);
}

void fault_plan::add(fault_rule rule) {
    std::lock_guard lock{mutex_};
    rules_.push_back(std::move(rule));
}

void fault_plan::clear() { replace({}); }

std::optional<fault_rule> fault_plan::take(target_kind target, std::string_view graphql_body) {
    std::lock_guard lock{mutex_};
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        const bool matches = it->target == target_kind::any || it->target == target ||
            (it->target == target_kind::files && target == target_kind::uploads);
        if (!matches) continue;
        if (!it->query_contains.empty() && graphql_body.find(it->query_contains) == std::string_view::npos) continue;
        if (it->kind == fault_rule::fault_kind::idle_close || it->kind == fault_rule::fault_kind::refuse ||
            it->kind == fault_rule::fault_kind::hostile_names)
            continue; // settings: see idle_close(), take_refusal() and hostile_names()
        if (it->kind == fault_rule::fault_kind::rate_limit) {
            const auto now = std::chrono::steady_clock::now();
            const double elapsed = std::chrono::duration<double>(now - it->refilled).count();
            it->tokens = std::min(it->per_second, it->tokens + elapsed * it->per_second);
            it->refilled = now;
            if (it->tokens >= 1.0) {
                it->tokens -= 1.0;
                continue; // under the rate: the request passes on
            }
            fault_rule limited;
            limited.kind = fault_rule::fault_kind::status;
            limited.target = it->target;
            limited.status = 429;
            limited.content_type = "application/json";
            limited.body = R"({"errors":[{"message":"Too Many Requests"}]})";
            const double wait = (1.0 - it->tokens) / it->per_second;
            limited.retry_after = std::to_string(std::max(1, static_cast<int>(std::ceil(wait))));
            return limited;
        }
        fault_rule r = *it;
        if (it->count) {
            if (--*it->count == 0) rules_.erase(it);
        }
        return r;
    }
    return std::nullopt;
}

std::optional<fault_plan::idle_close_settings> fault_plan::idle_close() const {
    std::lock_guard lock{mutex_};
    for (const auto& r : rules_)
        if (r.kind == fault_rule::fault_kind::idle_close) return idle_close_settings{r.delay, r.announce};
    return std::nullopt;
}

std::optional<fault_plan::hostile_names_settings> fault_plan::hostile_names() const {
    std::lock_guard lock{mutex_};
    for (const auto& r : rules_)
        if (r.kind == fault_rule::fault_kind::hostile_names)
            return hostile_names_settings{r.names, r.submission_filename};
    return std::nullopt;
}

bool fault_plan::take_refusal() {
    std::lock_guard lock{mutex_};
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        if (it->kind != fault_rule::fault_kind::refuse) continue;
        if (it->count && --*it->count == 0) rules_.erase(it);
        return true;
    }
    return false;
}

boost::json::array fault_plan::to_json() const {
    std::lock_guard lock{mutex_};
    boost::json::array out;
    for (const auto& r : rules_) out.push_back(r.to_json());
    return out;
}

std::vector<fault_rule> fault_plan::parse(std::string_view json_text) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(json_text, ec);
    if (ec) bad("not JSON: " + ec.message());
    std::vector<fault_rule> rules;
    if (const auto* o = v.if_object()) {
        rules.push_back(fault_rule::from_json(*o));
    } else if (const auto* a = v.if_array()) {
        for (const auto& item : *a) {
            if (!item.is_object()) bad("every rule must be a JSON object");
            rules.push_back(fault_rule::from_json(item.get_object()));
        }
    } else {
        bad("expected a rule object or an array of them");
    }
    return rules;
}

} // namespace numerapi::sandbox::faults
