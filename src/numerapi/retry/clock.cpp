#include "numerapi/retry/clock.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace numerapi::detail {

boost::asio::awaitable<boost::system::error_code> steady_clock_source::sleep_until(time_point when) {
    if (when <= now()) co_return boost::system::error_code();
    // The executor is awaited apart: GCC 12 mishandles a co_await inside a braced initialiser.
    const auto executor = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(executor, when);
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    co_return ec;
}

} // namespace numerapi::detail
