// The client-wide rate gate: one per client, shared by every call, download and upload,
// keyed by host. Every attempt passes admit() before it sends anything.
//
//  - Pause: when a host answers 429 or 503 with Retry-After: S, every attempt to that host
//    waits until S has passed, instead of each call finding the limit on its own.
//  - Ceiling: rate_limit_policy::requests_per_second spaces attempts to a host evenly
//    (a token bucket of rate_limit_policy::burst tokens).
//  - Learning: after a 429 that follows successes, the gate keeps to the rate the host had
//    just accepted (the successes of the last second) for
//    rate_limit_policy::learned_limit_lifetime; another 429 can only lower it.
// Not thread-safe: used only on the client's strand.
#pragma once

#include "numerapi/retry/clock.hpp"

#include <numerapi/events.hpp>
#include <numerapi/retry.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace numerapi::detail {

class rate_gate {
public:
    /// `events`, if not null, is told of each pause (it must outlive the gate).
    rate_gate(clock& c, rate_limit_policy policy, const event_sink* events = nullptr)
        : clock_(c), policy_(policy), events_(events) {}

    /// Waits until an attempt to `origin` may start, and counts it; operation_aborted when
    /// the awaiting coroutine is cancelled meanwhile.
    boost::asio::awaitable<boost::system::error_code> admit(const std::string& origin);
    /// An answer arrived from `origin` (status 0: the attempt failed without one).
    void on_answer(const std::string& origin, unsigned status, std::optional<std::chrono::seconds> retry_after);

    /// When attempts to `origin` may start again; the past if they may now.
    clock::time_point paused_until(const std::string& origin) const;
    /// The requests per second the gate holds `origin` to now; 0 for no limit.
    double current_rate(const std::string& origin) const;

private:
    struct host {
        clock::time_point paused_until{};
        clock::time_point pause_began{}; // a pause lasts at most max_pause from here, however extended
        clock::time_point next_slot{};   // the token bucket's theoretical arrival time
        double learned_rate = 0;         // 0: nothing learned
        clock::time_point learned_at{};
        std::deque<clock::time_point> successes; // within the last second
    };
    double rate_of(const host& h, clock::time_point now) const;

    clock& clock_;
    rate_limit_policy policy_;
    const event_sink* events_;
    void tell_pause(const std::string& origin, clock::duration wait) const;
    std::map<std::string, host, std::less<>> hosts_;
};

} // namespace numerapi::detail
