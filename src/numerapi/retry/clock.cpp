#include "numerapi/retry/clock.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace numerapi::detail {

boost::asio::awaitable<void> steady_clock_source::sleep_until(time_point when) {
    if (when <= now()) co_return;
    // The executor is awaited apart: GCC 12 mishandles a co_await inside a braced initialiser.
    const auto executor = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(executor, when);
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec) throw error(ec, {.operation = "wait", .client_message = "while waiting before the next attempt"});
}

} // namespace numerapi::detail
