#include "numerapi/http/retry_after.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <string>

namespace numerapi::detail {

namespace {
/// A day: longer than any backoff policy honours, and far from overflowing the conversion
/// of a duration to nanoseconds.
constexpr std::int64_t max_retry_after_seconds = 86400;
} // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    std::int64_t seconds = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc{} && p == value.data() + value.size()) {
        if (seconds < 0) return std::nullopt;
        return std::chrono::seconds{std::min(seconds, max_retry_after_seconds)};
    }
    // IMF-fixdate, the form RFC 9110 requires senders to use.
    std::tm tm{};
    const std::string text(value);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    // In whole seconds: a date far from now in system_clock's nanoseconds would overflow.
    const std::int64_t delta =
        static_cast<std::int64_t>(timegm(&tm)) - static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(now));
    return std::chrono::seconds{std::clamp<std::int64_t>(delta, 0, max_retry_after_seconds)};
}

} // namespace numerapi::detail
