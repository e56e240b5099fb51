#include "numerapi/retry/rate_gate.hpp"

#include "numerapi/events/tell.hpp"

#include <algorithm>

namespace numerapi::detail {
namespace {
constexpr std::chrono::seconds success_window{1};

std::chrono::steady_clock::duration interval_of(double rate) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(1.0 / rate));
}
} // namespace

double rate_gate::rate_of(const host& h, clock::time_point now) const {
    const bool learned = h.learned_rate > 0 && now - h.learned_at <= policy_.learned_limit_lifetime;
    const double ceiling = std::max(policy_.requests_per_second, 0.0);
    if (!learned) return ceiling;
    return ceiling > 0 ? std::min(ceiling, h.learned_rate) : h.learned_rate;
}

void rate_gate::tell_pause(const std::string& origin, clock::duration wait) const {
    tell(events_,
         event{.what = event::kind::rate_limit_pause,
               .host = origin,
               .delay = std::chrono::ceil<std::chrono::milliseconds>(wait)});
}

boost::asio::awaitable<boost::system::error_code> rate_gate::admit(const std::string& origin) {
    for (;;) {
        host& h = hosts_[origin];
        const auto now = clock_.now();
        if (h.paused_until > now) {
            tell_pause(origin, h.paused_until - now);
            if (const auto ec = co_await clock_.sleep_until(h.paused_until)) co_return ec;
            continue; // the pause may have been extended meanwhile
        }
        const double rate = rate_of(h, now);
        if (rate <= 0) co_return boost::system::error_code();
        // A token bucket as a schedule: each attempt takes the next slot; up to `burst`
        // slots may be taken ahead of time.
        const auto interval = interval_of(rate);
        const auto tolerance = interval * (std::max(policy_.burst, 1u) - 1);
        const auto slot = std::max(now, h.next_slot - tolerance);
        h.next_slot = std::max(h.next_slot, slot) + interval;
        if (slot > now) {
            tell_pause(origin, slot - now);
            if (const auto ec = co_await clock_.sleep_until(slot)) co_return ec;
        }
        if (hosts_[origin].paused_until <= clock_.now()) co_return boost::system::error_code();
        // A pause began while this attempt waited for its slot: wait for it too.
    }
}

void rate_gate::on_answer(const std::string& origin, unsigned status, std::optional<std::chrono::seconds> retry_after) {
    host& h = hosts_[origin];
    const auto now = clock_.now();
    while (!h.successes.empty() && now - h.successes.front() > success_window) h.successes.pop_front();
    if (status >= 200 && status < 400) {
        h.successes.push_back(now);
        return;
    }
    if ((status == 429 || status == 503) && retry_after) {
        // Calls in flight are answered one after another: each may extend the pause, but
        // one pause never lasts longer than max_pause from its start.
        if (h.paused_until <= now) h.pause_began = now;
        const auto until = std::min<clock::time_point>(now + *retry_after, h.pause_began + policy_.max_pause);
        h.paused_until = std::max(h.paused_until, until);
    }
    if (status == 429 && policy_.learn_from_429 && !h.successes.empty()) {
        // What the host accepted during the last second is what it will go on accepting.
        // (A 429 with no success before it says nothing about a rate; the pause covers it.)
        const double accepted = static_cast<double>(h.successes.size());
        const bool still_learned = h.learned_rate > 0 && now - h.learned_at <= policy_.learned_limit_lifetime;
        h.learned_rate = still_learned ? std::min(h.learned_rate, accepted) : accepted;
        h.learned_at = now;
        h.next_slot = std::max(h.next_slot, h.paused_until);
    }
}

clock::time_point rate_gate::paused_until(const std::string& origin) const {
    auto it = hosts_.find(origin);
    return it == hosts_.end() ? clock::time_point{} : it->second.paused_until;
}

double rate_gate::current_rate(const std::string& origin) const {
    auto it = hosts_.find(origin);
    if (it == hosts_.end()) return policy_.requests_per_second;
    return rate_of(it->second, clock_.now());
}

} // namespace numerapi::detail
