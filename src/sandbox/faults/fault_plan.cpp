#include "sandbox/faults/fault_plan.hpp"

#include <boost/json/parse.hpp>

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
    case target_kind::any: break;
    }
    return "any";
}

} // namespace

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
    else bad("unknown kind \"" + kind + "\" (status, delay, reset_after, close_after, expire_url, ignore_range, change_file)");
    const std::string target = string_member(o, "target", file_only ? "files" : "any");
    if (target == "any") r.target = target_kind::any;
    else if (target == "graphql") r.target = target_kind::graphql;
    else if (target == "files") r.target = target_kind::files;
    else bad("unknown target \"" + target + "\" (any, graphql, files)");
    if (file_only && r.target != target_kind::files) bad("kind \"" + kind + "\" applies to files only");
    if (auto b = count_member(o, "bytes")) r.bytes = *b;
    r.count = count_member(o, "count");
    if (r.count && *r.count == 0) bad("count must be at least 1 (leave it out for every request)");
    if (auto s = count_member(o, "status")) {
        if (*s < 100 || *s > 599) bad("status must be 100..599");
        r.status = static_cast<unsigned>(*s);
    }
    r.body = string_member(o, "body", "");
    r.content_type = string_member(o, "content_type", r.content_type);
    r.retry_after = string_member(o, "retry_after", "");
    if (auto ms = count_member(o, "milliseconds")) r.delay = std::chrono::milliseconds(*ms);
    for (const auto& kv : o)
        if (kv.key() != "kind" && kv.key() != "target" && kv.key() != "count" && kv.key() != "status" &&
            kv.key() != "body" && kv.key() != "content_type" && kv.key() != "retry_after" && kv.key() != "milliseconds" &&
            kv.key() != "bytes")
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
    }
    return "?";
}
} // namespace

boost::json::object fault_rule::to_json() const {
    boost::json::object o{{"kind", kind_name(kind)}, {"target", target_name(target)}};
    if (count) o["count"] = *count;
    switch (kind) {
    case fault_kind::status:
        o["status"] = status;
        o["body"] = body;
        o["content_type"] = content_type;
        if (!retry_after.empty()) o["retry_after"] = retry_after;
        break;
    case fault_kind::delay: o["milliseconds"] = delay.count(); break;
    case fault_kind::reset_after:
    case fault_kind::close_after: o["bytes"] = bytes; break;
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

std::optional<fault_rule> fault_plan::take(target_kind target) {
    std::lock_guard lock{mutex_};
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        if (it->target != target_kind::any && it->target != target) continue;
        fault_rule r = *it;
        if (it->count) {
            if (--*it->count == 0) rules_.erase(it);
        }
        return r;
    }
    return std::nullopt;
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
