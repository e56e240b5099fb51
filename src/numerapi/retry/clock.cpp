#include "numerapi/retry/clock.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace numerapi::detail {

boost::asio::awaitable<void> steady_clock_source::sleep_until(time_point when) {
    if (when <= now()) co_return;
    boost::asio::steady_timer timer{co_await boost::asio::this_coro::executor, when};
    co_await timer.async_wait(boost::asio::use_awaitable);
}

} // namespace numerapi::detail
