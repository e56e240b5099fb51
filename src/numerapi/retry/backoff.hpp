// How long to wait before the next attempt.
#pragma once

#include <numerapi/retry.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace numerapi::detail {

/// Full jitter: uniform in [0, min(maximum, initial * multiplier^(retry-1))], retry >= 1.
/// A server's Retry-After replaces it, capped at max_retry_after.
std::chrono::milliseconds backoff_delay(const backoff_policy& policy, unsigned retry, std::mt19937_64& random,
                                        std::optional<std::chrono::seconds> retry_after);

/// Retry-After as delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"),
/// relative to `now`; nullopt if it is neither. A date in the past is 0 s.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

} // namespace numerapi::detail
