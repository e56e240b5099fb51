#include "numerapi/retry/backoff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>

namespace numerapi::detail {

std::chrono::milliseconds backoff_delay(const backoff_policy& policy, unsigned retry, std::mt19937_64& random,
                                        std::optional<std::chrono::seconds> retry_after) {
    if (retry_after) return std::min<std::chrono::milliseconds>(*retry_after, policy.max_retry_after);
    const double exponent = retry == 0 ? 0.0 : static_cast<double>(retry - 1);
    const double ceiling = std::min(static_cast<double>(policy.maximum.count()),
                                    static_cast<double>(policy.initial.count()) * std::pow(policy.multiplier, exponent));
    std::uniform_int_distribution<std::int64_t> pick{0, static_cast<std::int64_t>(std::max(0.0, ceiling))};
    return std::chrono::milliseconds{pick(random)};
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    std::int64_t seconds = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc{} && p == value.data() + value.size()) {
        if (seconds < 0) return std::nullopt;
        return std::chrono::seconds{seconds};
    }
    // IMF-fixdate, the form RFC 9110 requires senders to use.
    std::tm tm{};
    const std::string text(value);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    const auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
    if (when <= now) return std::chrono::seconds{0};
    return std::chrono::ceil<std::chrono::seconds>(when - now);
}

} // namespace numerapi::detail
