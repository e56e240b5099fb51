// The one retry loop. Every operation (GraphQL calls now; transfers later) runs its attempt
// through it, with a fresh copy of the policies. Time is a template parameter, so tests
// run backoff and Retry-After on a virtual clock in microseconds.
#pragma once

#include "numerapi/retry/backoff.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <numerapi/error.hpp>
#include <numerapi/retry.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <random>
#include <string>

namespace numerapi::detail {

/// Real time: std::chrono::steady_clock and an asio timer (cancellable with the call).
struct steady_clock_sleeper {
    using clock = std::chrono::steady_clock;
    static clock::time_point now() { return clock::now(); }
    static boost::asio::awaitable<void> sleep(std::chrono::milliseconds d) {
        boost::asio::steady_timer timer{co_await boost::asio::this_coro::executor, d};
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
};

struct retry_settings {
    retry_policy retry;
    backoff_policy backoff;
    bool idempotent = true; ///< false: a failure after the request may have been sent is final
};

/// Runs `attempt()` (an awaitable<T> factory) until it succeeds, fails permanently, or
/// the retry policy runs out. Rethrows the last numerapi::error with attempts set, and
/// retries_exhausted when a transient failure was the last.
template <class Sleeper, class Attempt>
auto retry_run(Sleeper& sleeper, retry_settings settings, std::mt19937_64& random, Attempt attempt)
    -> decltype(attempt()) {
    const auto start = sleeper.now();
    for (unsigned n = 1;; ++n) {
        std::optional<error> failure;
        try {
            co_return co_await attempt();
        } catch (const error& e) {
            failure = e;
        }
        diagnostics diag = failure->diag();
        diag.attempts = n;
        const auto cls = classify(failure->code(), diag.http_status);
        // A mutation is repeated only when the request surely did nothing: the server
        // refused it (429, 503) or it never reached the server (connection refused).
        const bool may_repeat = settings.idempotent || diag.http_status == 429 || diag.http_status == 503 ||
                                failure->code() == boost::asio::error::connection_refused;
        if (cls == failure_class::permanent || !may_repeat) throw error(failure->code(), std::move(diag));

        const auto wait = backoff_delay(settings.backoff, n, random, diag.retry_after);
        const bool out_of_attempts = n >= settings.retry.max_attempts;
        const bool out_of_time = sleeper.now() + wait - start > settings.retry.max_elapsed;
        if (out_of_attempts || out_of_time) {
            diag.retries_exhausted = true;
            throw error(failure->code(), std::move(diag));
        }
        co_await sleeper.sleep(wait);
    }
}

} // namespace numerapi::detail
