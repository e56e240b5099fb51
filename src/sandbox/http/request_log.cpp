#include "sandbox/http/request_log.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>

namespace numerapi::sandbox::http {
namespace {
std::string now_text() {
    const auto now = std::chrono::system_clock::now();
    const auto secs = std::chrono::floor<std::chrono::seconds>(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - secs).count();
    const std::time_t t = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}
} // namespace

request_log::request_log(std::filesystem::path file, std::size_t capacity) : capacity_(capacity) {
    if (!file.empty()) file_.open(file, std::ios::app);
    const auto start = std::chrono::steady_clock::now();
    clock_ = [start] { return std::chrono::steady_clock::now() - start; };
}

void request_log::set_clock(std::function<std::chrono::nanoseconds()> clock) {
    std::lock_guard lock{mutex_};
    clock_ = std::move(clock);
}

void request_log::add(logged_request r) {
    std::lock_guard lock{mutex_};
    r.sequence = ++logged_;
    r.time = now_text();
    r.clock = clock_();
    if (file_.is_open()) file_ << boost::json::serialize(to_json(r)) << '\n' << std::flush;
    requests_.push_back(std::move(r));
    for (; requests_.size() > capacity_; ++dropped_) requests_.pop_front();
    added_.notify_all();
}

std::vector<logged_request> request_log::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock{mutex_};
    added_.wait_for(lock, timeout, [&] { return logged_ >= count; });
    return {requests_.begin(), requests_.end()};
}

void request_log::count_handshake(bool resumed) {
    std::lock_guard lock{mutex_};
    ++handshakes_;
    if (resumed) ++resumed_handshakes_;
}

std::vector<logged_request> request_log::requests() const {
    std::lock_guard lock{mutex_};
    return {requests_.begin(), requests_.end()};
}

std::uint64_t request_log::logged() const {
    std::lock_guard lock{mutex_};
    return logged_;
}

std::uint64_t request_log::dropped() const {
    std::lock_guard lock{mutex_};
    return dropped_;
}

std::uint64_t request_log::resumed_handshakes() const {
    std::lock_guard lock{mutex_};
    return resumed_handshakes_;
}

std::uint64_t request_log::handshakes() const {
    std::lock_guard lock{mutex_};
    return handshakes_;
}

std::uint64_t request_log::connections() const {
    std::lock_guard lock{mutex_};
    return connections_;
}

std::uint64_t request_log::next_connection_id() {
    std::lock_guard lock{mutex_};
    return ++connections_;
}

void request_log::clear() {
    std::lock_guard lock{mutex_};
    requests_.clear();
    logged_ = 0;
    dropped_ = 0;
    handshakes_ = 0;
    resumed_handshakes_ = 0;
}

boost::json::object request_log::to_json(const logged_request& r) {
    boost::json::array fields;
    for (const auto& f : r.graphql_fields) fields.emplace_back(f);
    return {{"sequence", r.sequence},
            {"connection", r.connection},
            {"time", r.time},
            {"method", r.method},
            {"path", r.path},
            {"status", r.status},
            {"range", r.range},
            {"if_range", r.if_range},
            {"if_none_match", r.if_none_match},
            {"authorization", r.authorization},
            {"authenticated", r.authenticated},
            {"body_bytes_sent", r.body_bytes_sent},
            {"body_bytes_received", r.body_bytes_received},
            {"graphql_fields", std::move(fields)},
            {"fault", r.fault},
            {"form_file_name", r.form_file_name},
            {"clock_ms", std::chrono::duration<double, std::milli>(r.clock).count()}};
}

boost::json::array request_log::to_json() const {
    std::lock_guard lock{mutex_};
    boost::json::array out;
    for (const auto& r : requests_) out.push_back(to_json(r));
    return out;
}

} // namespace numerapi::sandbox::http
