// Time that passes only when the code under test sleeps. Thread-safe, so that an
// in-process sandbox can stamp its request log with the same clock.
//
// Two ways to move it:
//  - advance_on_sleep (integration tests, with real I/O in flight): sleep_until() moves the
//    clock to its deadline at once and resumes after a post.
//  - discrete events (unit tests with timers only): sleepers wait until run_until_idle()
//    finds nothing else to do, then the clock jumps to the earliest deadline and wakes
//    those due, in deadline order.
#pragma once

#include "numerapi/retry/clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

namespace numerapi::test {

class virtual_clock final : public detail::clock {
public:
    enum class mode { advance_on_sleep, discrete_events };
    explicit virtual_clock(mode m = mode::advance_on_sleep) : mode_(m) {}

    time_point now() const override { return time_point{duration{ticks_.load()}}; }

    boost::asio::awaitable<boost::system::error_code> sleep_until(time_point when) override {
        const auto wait = when - now();
        {
            std::lock_guard lock{mutex_};
            sleeps_.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(std::max(wait, duration::zero())));
        }
        auto ex = co_await boost::asio::this_coro::executor;
        if (mode_ == mode::discrete_events && when > now()) {
            boost::asio::steady_timer timer{ex, boost::asio::steady_timer::time_point::max()};
            bool woken = false; // set (and the entry erased) by run_until_idle
            sleepers_.emplace(when, sleeper{&timer, &woken});
            boost::system::error_code ec;
            co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            if (woken) co_return boost::system::error_code();
            for (auto it = sleepers_.begin(); it != sleepers_.end(); ++it) // cancelled from outside
                if (it->second.timer == &timer) {
                    sleepers_.erase(it);
                    break;
                }
            co_return boost::system::error_code(boost::asio::error::operation_aborted);
        }
        auto current = ticks_.load();
        while (current < when.time_since_epoch().count() &&
               !ticks_.compare_exchange_weak(current, when.time_since_epoch().count())) {}
        co_await boost::asio::post(ex, boost::asio::use_awaitable); // let others run, as a real wait would
        co_return boost::system::error_code();
    }

    /// discrete_events: runs `ioc` until nothing is left to do, moving time forward
    /// whenever every coroutine is asleep.
    void run_until_idle(boost::asio::io_context& ioc) {
        ioc.restart();
        for (;;) {
            while (ioc.poll() > 0) {}
            if (sleepers_.empty()) return;
            const auto due = sleepers_.begin()->first;
            ticks_.store(due.time_since_epoch().count());
            while (!sleepers_.empty() && sleepers_.begin()->first <= due) {
                const sleeper s = sleepers_.begin()->second;
                sleepers_.erase(sleepers_.begin());
                *s.woken = true;
                s.timer->cancel();
            }
            ioc.restart();
        }
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
    mode mode_;
    std::atomic<duration::rep> ticks_{0};
    mutable std::mutex mutex_;
    std::vector<std::chrono::milliseconds> sleeps_;
    struct sleeper {
        boost::asio::steady_timer* timer;
        bool* woken;
    };
    std::multimap<time_point, sleeper> sleepers_; // discrete_events, one thread
};

} // namespace numerapi::test
