// Time, as the retry layer sees it. The client uses steady_clock_source; tests inject a
// virtual clock so that backoff, Retry-After, the rate gate and round rollovers run in
// microseconds without sleeping.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>

namespace numerapi::detail {

class clock {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    virtual ~clock() = default;
    virtual time_point now() const = 0;
    /// Returns at `when` (at once if it has passed) with no error, or sooner with
    /// operation_aborted when the awaiting coroutine is cancelled during the wait. (Once it
    /// is cancelled, the awaiting coroutine's next co_await throws, as Asio's do.)
    virtual boost::asio::awaitable<boost::system::error_code> sleep_until(time_point when) = 0;

    boost::asio::awaitable<boost::system::error_code> sleep_for(duration d) { return sleep_until(now() + d); }
};

/// Real time: std::chrono::steady_clock and an asio timer.
class steady_clock_source final : public clock {
public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
    boost::asio::awaitable<boost::system::error_code> sleep_until(time_point when) override;
};

} // namespace numerapi::detail
