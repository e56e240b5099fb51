#include "numerapi/retry/clock.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace numerapi::detail {

boost::asio::awaitable<void> steady_clock_source::sleep_until(time_point when) {
    if (when <= now()) co_return;
    boost::asio::steady_timer timer{co_await boost::asio::this_coro::executor, when};
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec) throw error(ec, {.operation = "wait", .client_message = "while waiting before the next attempt"});
}

} // namespace numerapi::detail
