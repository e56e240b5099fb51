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

} // namespace numerapi::detail
