// Retry and backoff policies: values in client_options, copied fresh for every call.
//
// Every call (GraphQL, and later downloads and uploads) runs through one retry loop. A
// failure is transient (connection refused or reset, TLS EOF, timeouts, HTTP 408, 429,
// 500, 502, 503, 504) or permanent (other 4xx, GraphQL errors); only transient failures of
// idempotent operations are retried. Mutations are never repeated blindly.
#pragma once

#include <chrono>

namespace numerapi {

struct retry_policy {
    /// Attempts in all, the first included. 1 disables retries.
    unsigned max_attempts = 5;
    /// No new attempt starts once this much time has passed since the first one began.
    std::chrono::milliseconds max_elapsed{std::chrono::minutes{2}};
};

/// Truncated exponential backoff with full jitter: before retry n (n = 1, 2, ...) the call
/// waits a uniformly random time in [0, min(maximum, initial * multiplier^(n-1))]. A
/// server's `Retry-After` (seconds or an HTTP date) replaces that wait, capped at
/// max_retry_after.
struct backoff_policy {
    std::chrono::milliseconds initial{std::chrono::milliseconds{500}};
    std::chrono::milliseconds maximum{std::chrono::seconds{30}};
    double multiplier = 2.0;
    std::chrono::milliseconds max_retry_after{std::chrono::minutes{5}};
};

} // namespace numerapi
