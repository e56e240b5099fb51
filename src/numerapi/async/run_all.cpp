#include "numerapi/async/run_all.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <memory>
#include <optional>

namespace numerapi::detail {
namespace asio = boost::asio;

namespace {
diagnostics cancelled_batch() {
    diagnostics d;
    d.operation = "run_all";
    d.client_message = "cancelled";
    return d;
}

struct batch_state {
    explicit batch_state(asio::any_io_executor ex) : all_done(ex, asio::steady_timer::time_point::max()) {}
    std::size_t running = 0;
    // The first task to fail, in time: its failure, or what it threw instead.
    std::optional<failure> first_failure;
    std::exception_ptr first_thrown;
    asio::steady_timer all_done; // cancelled by the last task to end
    std::deque<asio::cancellation_signal> signals;
};
} // namespace

asio::awaitable<outcome<void>> run_all(std::vector<task_factory> tasks) {
    auto ex = co_await asio::this_coro::executor;
    // This frame handles its own cancellation: it must still wait for the tasks. The
    // setting belongs to the whole coroutine thread, the caller's frames included, so it is
    // put back before returning: a caller that goes on (a segmented download's next round)
    // must stay cancellable.
    const bool caller_throws_if_cancelled = co_await asio::this_coro::throw_if_cancelled();
    co_await asio::this_coro::throw_if_cancelled(false);
    auto state = std::make_shared<batch_state>(ex);
    state->running = tasks.size();
    for (auto& task : tasks) {
        auto& signal = state->signals.emplace_back();
        asio::co_spawn(ex, task(),
                       asio::bind_cancellation_slot(signal.slot(), [state](std::exception_ptr e, outcome<void> r) {
                           const bool first = !state->first_failure && !state->first_thrown;
                           if (first && e) state->first_thrown = e;
                           else if (first && !r) state->first_failure = r.error();
                           if (--state->running == 0) state->all_done.cancel();
                       }));
    }
    bool cancelled = false;
    while (state->running > 0) {
        boost::system::error_code ec;
        co_await state->all_done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!cancelled && (co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) {
            cancelled = true;
            co_await asio::this_coro::reset_cancellation_state([](asio::cancellation_type) {
                return asio::cancellation_type::none; // no further cancellation of the wait
            });
            for (auto& signal : state->signals) signal.emit(asio::cancellation_type::terminal);
        }
    }
    co_await asio::this_coro::throw_if_cancelled(caller_throws_if_cancelled);
    if (cancelled) co_return failure(asio::error::operation_aborted, cancelled_batch());
    if (state->first_thrown) std::rethrow_exception(state->first_thrown);
    if (state->first_failure) co_return std::move(*state->first_failure);
    co_return outcome<void>();
}

} // namespace numerapi::detail
