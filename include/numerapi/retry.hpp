/// @file
/// Retry, backoff and rate-limit policies: values in client_options (per client), and
/// overridable per call with client::with(call_policies).
///
/// Every call (GraphQL queries and mutations, downloads, uploads) runs through one retry
/// loop. A failure is transient (connection refused or reset, TLS EOF, timeouts, HTTP 408,
/// 429, 500, 502, 503, 504, an expired presigned URL) or permanent (other 4xx, GraphQL
/// errors); only transient failures are retried. Queries, GETs and presigned PUTs are
/// idempotent. Mutations are not: one is sent again only when the server surely did not run
/// it (429, or the connection was refused), and the upload flow asks the server whether a
/// submission exists before it creates one again (retry_policy::max_create_checks). A
/// request that failed before any answer on a kept-alive connection the server may have
/// closed meanwhile is sent once more on a fresh connection at once: that resend is not a
/// retry and waits for no backoff. A final error says "retries exhausted"
/// (diagnostics::retries_exhausted) or is permanent, with the attempt count and the last
/// server message.
#pragma once

#include <chrono>
#include <type_traits>

namespace numerapi {

/// How many times, and for how long, a call that failed transiently is tried again.
struct retry_policy {
    /// Attempts in all, the first included. 1 disables retries.
    unsigned max_attempts = 5;
    /// No new attempt starts once this much time has passed since the first one began.
    std::chrono::milliseconds max_elapsed{std::chrono::minutes{2}};
    /// The whole call's time: once this much has passed since the call started, it is
    /// cancelled wherever it is (an attempt in flight, a wait between attempts, a wait for a
    /// round to open) and fails with errc::timeout. The per-step timeouts of client_options
    /// (connect, handshake, read) bound each wait for the network; this bounds their sum, so
    /// a server that trickles a byte per read_timeout, or an endless run of retries, cannot
    /// hold a call for ever. What a cancelled call leaves is what a cancel leaves: a
    /// download keeps its `.part` for the next call; a mutation whose answer was lost says
    /// so (diagnostics::request_sent). 0: no deadline (the default, as in curl: a large
    /// download's time depends on the network); a service that must answer in time sets one.
    std::chrono::milliseconds deadline{0};
    /// Times a segmented download starts over because the file changed on the server while
    /// its ranges were fetched (a new version under the same URL). Each start is a round
    /// with retries of its own. 0: a change fails the call (errc::size_mismatch).
    unsigned max_restarts = 2;
    /// Times an upload asks the server whether a create_submission whose answer was lost
    /// went through, and, when it did not, uploads the file again and creates again. Apart
    /// from max_attempts, which bounds each request's own retries. 0: a lost answer fails
    /// the call (diagnostics::request_sent says it may have run), unless the round is
    /// changing: then the upload waits for the next round and asks before it creates again.
    unsigned max_create_checks = 4;
};

/// Truncated exponential backoff with full jitter: before retry n (n = 1, 2, ...) the call
/// waits a uniformly random time in [0, min(maximum, initial * multiplier^(n-1))]. A
/// server's `Retry-After` (seconds or an HTTP date) replaces that wait, capped at
/// max_retry_after.
struct backoff_policy {
    /// The bound of the first retry's wait.
    std::chrono::milliseconds initial{std::chrono::milliseconds{500}};
    /// No bound grows beyond this.
    std::chrono::milliseconds maximum{std::chrono::seconds{30}};
    /// How much the bound grows from one retry to the next.
    double multiplier = 2.0;
    /// The longest wait a server's Retry-After can ask of one call; a longer one is cut to this.
    std::chrono::milliseconds max_retry_after{std::chrono::minutes{5}};
};

/// The client-wide rate gate, shared by every call of a client (see client.hpp).
struct rate_limit_policy {
    /// Most attempts per second to one host; 0: no ceiling.
    double requests_per_second = 0;
    /// Attempts that may go at once before the ceiling spaces them (the bucket's size).
    unsigned burst = 1;
    /// After a 429, keep to the rate the host accepted during the last second.
    bool learn_from_429 = true;
    /// How long a learned rate is kept after the last 429.
    std::chrono::seconds learned_limit_lifetime{60};
    /// The longest pause a server's Retry-After can impose on every call.
    std::chrono::seconds max_pause{std::chrono::minutes{5}};
};

/// Policies for the calls of one client::with() view.
struct call_policies {
    retry_policy retry;     ///< instead of client_options::retry
    backoff_policy backoff; ///< instead of client_options::backoff
};
// `co_await api.with({.retry = ...}).call()` builds a call_policies temporary inside a
// co_await expression, which GCC 12 destroys twice; that is harmless only while it is
// trivially destructible (client.hpp, "GCC 12").
static_assert(std::is_trivially_destructible_v<call_policies>);

} // namespace numerapi
