// The one retry loop. Every attempt of every operation (GraphQL calls, downloads,
// uploads) runs through it, with a fresh copy of the policies: it runs (passing the
// client's rate gate when it takes a pooled connection), tells the gate how it went, and on
// failure is classified (failure_class.hpp), backed off (backoff.hpp) and tried again, or
// given up with diagnostics that say why.
#pragma once

#include "numerapi/events/tell.hpp"
#include "numerapi/retry/backoff.hpp"
#include "numerapi/retry/clock.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/retry/rate_gate.hpp"

#include <numerapi/detail/outcome.hpp>
#include <numerapi/error.hpp>
#include <numerapi/events.hpp>
#include <numerapi/retry.hpp>

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <random>
#include <string>

namespace numerapi::detail {

/// What every retried operation of a client shares.
struct retry_context {
    clock& time;
    rate_gate& gate;
    std::mt19937_64& random;
    const event_sink* events = nullptr; ///< told of each retry decision; null or empty: nobody
};

struct retry_settings {
    retry_policy retry;
    backoff_policy backoff;
    bool idempotent = true; ///< false: a failure after the request may have run is final
};

/// Runs `attempt()` (a factory of awaitable<outcome<T>>) against `origin`
/// ("https://host:port") until it succeeds, fails permanently, or the retry policy runs out.
/// Returns the value, or the last failure with attempts set, and retries_exhausted when a
/// transient failure was the last. A cancellation is an operation_aborted failure: the
/// attempt's (from the exchange), or the wait's before the next one.
template <class Attempt>
auto retry_run(retry_context ctx, retry_settings settings, std::string origin, Attempt attempt) -> decltype(attempt()) {
    const auto start = ctx.time.now();
    unsigned resends = 0; // the exchange's silent resends on a fresh connection, reported too
    for (unsigned n = 1;; ++n) {
        // The gate admits the attempt when it gets its connection (connection_pool), right
        // before it is sent; here it learns how the attempt went.
        auto result = co_await attempt();
        if (result) {
            ctx.gate.on_answer(origin, 200, std::nullopt);
            co_return result;
        }
        failure failed = result.error();
        diagnostics& diag = failed.diag;
        resends += diag.attempts > 1 ? diag.attempts - 1 : 0;
        diag.attempts = n + resends;
        ctx.gate.on_answer(origin, diag.http_status, diag.retry_after);
        const failure_verdict verdict = judge(failed);
        if (!verdict.transient || (!settings.idempotent && !verdict.surely_not_run)) co_return failed;

        const auto wait = backoff_delay(settings.backoff, n, ctx.random, diag.retry_after);
        const bool out_of_attempts = n >= settings.retry.max_attempts;
        const bool out_of_time = ctx.time.now() + wait - start > settings.retry.max_elapsed;
        if (out_of_attempts || out_of_time) {
            diag.retries_exhausted = true;
            co_return failed;
        }
        tell(ctx.events,
             event{.what = event::kind::retry,
                   .operation = diag.operation,
                   .host = origin,
                   .http_status = diag.http_status,
                   .attempt = n,
                   .delay = std::chrono::duration_cast<std::chrono::milliseconds>(wait),
                   .error = failed.code});
        if (const boost::system::error_code ec = co_await ctx.time.sleep_for(wait)) {
            // Cancelled while waiting: the cancellation is the failure; the last attempt's says
            // what the call was waiting on.
            std::string after =
                diag.http_status != 0 ? "HTTP " + std::to_string(diag.http_status) : failed.code.message();
            if (!diag.client_message.empty()) after += ": " + diag.client_message;
            failure cancelled = make_failure(
                ec, diag.operation, "while waiting before attempt " + std::to_string(n + 1) + " (after " + after + ")");
            cancelled.diag.attempts = n + resends;
            cancelled.diag.request_sent = false; // nothing of the next attempt was sent
            co_return cancelled;
        }
    }
}

} // namespace numerapi::detail
