// Time that passes only when the code under test sleeps: sleep_until() moves the clock
// forward at once (never back) and records how long it would have waited. Thread-safe, so
// that an in-process sandbox can stamp its request log with the same clock.
#pragma once

#include "numerapi/retry/clock.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <mutex>
#include <vector>

namespace numerapi::test {

class virtual_clock final : public detail::clock {
public:
    time_point now() const override { return time_point{duration{ticks_.load()}}; }

    boost::asio::awaitable<void> sleep_until(time_point when) override {
        const auto wait = when - now();
        {
            std::lock_guard lock{mutex_};
            sleeps_.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(std::max(wait, duration::zero())));
        }
        auto current = ticks_.load();
        while (current < when.time_since_epoch().count() &&
               !ticks_.compare_exchange_weak(current, when.time_since_epoch().count())) {
        }
        // Let the other coroutines run, as a real wait would.
        co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
    }

    /// Time since the clock's epoch (the test's start).
    std::chrono::milliseconds elapsed() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch());
    }
    std::vector<std::chrono::milliseconds> sleeps() const {
        std::lock_guard lock{mutex_};
        return sleeps_;
    }

private:
    std::atomic<duration::rep> ticks_{0};
    mutable std::mutex mutex_;
    std::vector<std::chrono::milliseconds> sleeps_;
};

} // namespace numerapi::test
