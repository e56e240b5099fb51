// round_watcher: the looks at the API, what is new in each, and when to look next.
//
// The polling plan. One look is one rounds query (the open round), and, when a model is
// watched, one payouts query (v2RoundModelPerformances: the newest scoring day of each
// round) plus one pipeline_status query per UTC day (when today's scores are due); with
// watch_options::submissions, one submissions query; and one diagnostics query per followed
// run. The model's name is resolved once. After a look the watcher sleeps until the
// earliest of:
//   - the open round's close (a new round can open from then on),
//   - the round_closing moment (close - closing_within), if not told yet,
//   - today's scoredAt from the pipeline, if still ahead,
//   - max_interval from now.
// A failed look is tried again after the client's backoff delay (never later than
// max_interval); an error that retrying cannot fix (keys, a bad argument) ends next().
#include <numerapi/round_watcher.hpp>

#include "numerapi/access.hpp"
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"
#include "numerapi/retry/backoff.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <utility>

namespace numerapi {

struct round_watch_state {
    watch_options options;
    numerapi::tournament tournament = numerapi::tournament::classic;
    std::optional<std::string> model_id; ///< resolved on the first look
    /// What each source held when first read is the baseline, not news. Each source has its
    /// own flag: a first look that fails halfway leaves the sources it did not read unset.
    bool rounds_read = false, scores_read = false, submissions_read = false;
    std::optional<int> round_number;
    std::optional<timestamp> close_time;
    bool closing_told = false;
    /// round -> newest scoring day seen, for the rounds of the last answer only: what the API
    /// no longer reports cannot be news again, and a watcher that runs for years (or a
    /// server that lists ever new rounds) must not grow with every look.
    std::map<int, int> score_days;
    std::set<std::string> submission_ids; ///< the submissions of the last answer, the same way
    /// Followed diagnostics run -> its status and message as last told.
    std::map<std::string, std::pair<std::string, std::string>> diagnostics_told;
    std::optional<std::chrono::sys_days> pipeline_day;
    std::optional<timestamp> scored_at;
    std::deque<round_event> found; ///< seen, not handed out yet
    watch_statistics stats;
};

const char* to_string(round_event::kind k) noexcept {
    switch (k) {
        case round_event::kind::round_opened: return "round_opened";
        case round_event::kind::round_closing: return "round_closing";
        case round_event::kind::scores_released: return "scores_released";
        case round_event::kind::submission_accepted: return "submission_accepted";
        case round_event::kind::diagnostics_updated: return "diagnostics_updated";
    }
    return "unknown";
}

namespace {

/// The watcher's context: next() waits for hours by design, so it has no deadline; each
/// look's own calls keep their retry policy.
std::shared_ptr<detail::call_context> without_deadline(const detail::call_context& context) {
    auto policies = context.policies;
    policies.retry.deadline = std::chrono::milliseconds{0};
    return context.with(policies);
}

} // namespace

round_watcher::round_watcher(const client& api, watch_options options)
    : context_(without_deadline(*detail::access::context(api))), state_(std::make_shared<round_watch_state>()) {
    if (options.max_interval <= std::chrono::milliseconds::zero())
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "round_watcher", .client_message = "max_interval must be positive"});
    if (!options.model && (options.submissions || !options.diagnostics.empty()))
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "round_watcher",
                     .client_message = "watching submissions or diagnostics needs the model they belong to"});
    state_->tournament = options.tournament.value_or(api.options().tournament);
    state_->options = std::move(options);
}

watch_statistics round_watcher::statistics() const { return state_->stats; }

namespace {

timestamp system_now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

/// The moment the open round stops taking staked submissions.
std::optional<timestamp> closing_of(const round& r) {
    return r.close_staking_time ? r.close_staking_time : r.close_time;
}

/// round_watcher::next: looks until something is new, and tells the first of it.
asio::awaitable<outcome<round_event>> next_round_event(detail::call_context& c,
                                                       std::shared_ptr<round_watch_state> state) {
    auto& s = *state;
    auto& time = *c.shared->time;

    /// One look: what is new goes to s.found.
    const auto look = [&]() -> asio::awaitable<outcome<void>> {
        const timestamp now = system_now();
        if (s.options.model && !s.model_id) {
            const outcome<std::string> id = co_await c.model_id(*s.options.model);
            if (!id) co_return id.error();
            s.model_id = *id;
            if (*s.model_id != *s.options.model) ++s.stats.requests; // a name cost a lookup
        }
        outcome<std::optional<round>> got = co_await detail::ops::get_round(c, round_number(0), s.tournament);
        // Between rounds the API says so: no round is open.
        if (!got && !detail::judge(got.error()).round_changing) co_return got.error();
        const std::optional<round> open = got ? std::move(*got) : std::nullopt;
        ++s.stats.requests;
        if (open) {
            // A round that opens after the first look: newer than the last seen, or the first
            // one seen when the watcher started between rounds.
            if (s.rounds_read && (!s.round_number || open->number > *s.round_number))
                s.found.push_back({.what = round_event::kind::round_opened,
                                   .tournament = number_of(s.tournament),
                                   .round_number = open->number,
                                   .close_time = closing_of(*open),
                                   .seen_at = now});
            if (!s.round_number || open->number != *s.round_number) s.closing_told = false;
            s.round_number = open->number;
            s.close_time = closing_of(*open);
            if (s.options.closing_within && !s.closing_told && s.close_time && now < *s.close_time &&
                now >= *s.close_time - *s.options.closing_within) {
                s.found.push_back({.what = round_event::kind::round_closing,
                                   .tournament = number_of(s.tournament),
                                   .round_number = open->number,
                                   .close_time = s.close_time,
                                   .seen_at = now});
                s.closing_told = true;
            }
        } else {
            s.close_time.reset(); // between rounds: the next one may open at any moment
        }
        s.rounds_read = true;
        if (s.model_id) {
            const auto today = std::chrono::floor<std::chrono::days>(now);
            if (s.pipeline_day != today) {
                const auto status = co_await detail::ops::pipeline_status(c, std::nullopt, s.tournament);
                if (!status) co_return status.error();
                ++s.stats.requests;
                s.pipeline_day = today;
                s.scored_at = status->scored_at;
            }
            std::string model = *s.model_id; // named: no temporaries inside a co_await (GCC 12)
            const auto payouts = co_await detail::ops::payouts_per_round(c, std::move(model), s.tournament);
            if (!payouts) co_return payouts.error();
            ++s.stats.requests;
            std::map<int, int> score_days;
            for (const auto& p : *payouts) {
                int day = 0;
                for (const auto& m : p.scores) day = std::max(day, m.day);
                const auto before = s.score_days.find(p.round_number);
                int& seen = score_days[p.round_number];
                seen = std::max(seen, before == s.score_days.end() ? 0 : before->second);
                if (day > seen && s.scores_read)
                    s.found.push_back({.what = round_event::kind::scores_released,
                                       .tournament = number_of(s.tournament),
                                       .round_number = p.round_number,
                                       .model_id = *s.model_id,
                                       .day = day,
                                       .seen_at = now});
                seen = std::max(seen, day);
            }
            if (!score_days.empty()) s.score_days = std::move(score_days); // an empty answer forgets nothing
            s.scores_read = true;
        }
        if (s.model_id && s.options.submissions) {
            std::string model = *s.model_id;
            const auto submissions = co_await detail::ops::list_submissions(c, std::move(model));
            if (!submissions) co_return submissions.error();
            ++s.stats.requests;
            std::set<std::string> listed;
            for (const auto& sub : *submissions)
                if (listed.insert(sub.id).second && !s.submission_ids.contains(sub.id) && s.submissions_read)
                    s.found.push_back({.what = round_event::kind::submission_accepted,
                                       .tournament = number_of(s.tournament),
                                       .round_number = sub.round_number.value_or(0),
                                       .model_id = *s.model_id,
                                       .submission_id = sub.id,
                                       .filename = sub.filename,
                                       .seen_at = now});
            if (!listed.empty()) s.submission_ids = std::move(listed); // an empty answer forgets nothing
            s.submissions_read = true;
        }
        s.stats.remembered = s.score_days.size() + s.submission_ids.size();
        for (const auto& id : s.options.diagnostics) {
            std::string model = *s.model_id;
            std::optional<std::string> run = id;
            const auto runs = co_await detail::ops::model_diagnostics(c, std::move(model), std::move(run));
            if (!runs) co_return runs.error();
            ++s.stats.requests;
            if (runs->empty()) continue;
            std::pair<std::string, std::string> now_told{runs->front().status, runs->front().message};
            const auto told = s.diagnostics_told.find(id);
            if (told != s.diagnostics_told.end() && told->second == now_told) continue;
            s.found.push_back({.what = round_event::kind::diagnostics_updated,
                               .tournament = number_of(s.tournament),
                               .model_id = *s.model_id,
                               .diagnostics_id = id,
                               .status = now_told.first,
                               .message = now_told.second,
                               .seen_at = now});
            s.diagnostics_told[id] = std::move(now_told);
        }
        co_return outcome<void>();
    };

    /// The next moment anything can change, after a look at `now`.
    const auto plan = [&](timestamp now) {
        timestamp next = now + std::chrono::duration_cast<std::chrono::microseconds>(s.options.max_interval);
        const auto consider = [&](std::optional<timestamp> t) {
            if (t && *t > now) next = std::min(next, *t);
        };
        consider(s.close_time);
        // A closing moment not yet told: at once if it passed during the look itself.
        if (s.options.closing_within && !s.closing_told && s.close_time && *s.close_time > now)
            consider(std::max(*s.close_time - *s.options.closing_within, now + std::chrono::milliseconds{1}));
        if (s.model_id) consider(s.scored_at);
        return next;
    };

    unsigned failures = 0;
    for (;;) {
        if (!s.found.empty()) {
            round_event e = std::move(s.found.front());
            s.found.pop_front();
            co_return e;
        }
        if (s.stats.next_look) {
            const auto wait = *s.stats.next_look - system_now();
            if (wait > wait.zero()) {
                if (const boost::system::error_code ec = co_await time.sleep_for(wait)) {
                    failure cancelled =
                        detail::make_failure(ec, "round_watcher::next", "while waiting for the next look at the round");
                    co_return cancelled;
                }
            }
        }
        ++s.stats.looks;
        const outcome<void> looked = co_await look();
        if (!looked) {
            const failure failed = looked.error();
            const bool cancelled =
                failed.code == boost::system::errc::operation_canceled || failed.code == asio::error::operation_aborted;
            if (cancelled || !detail::judge(failed).transient) co_return failed;
        }
        const timestamp now = system_now();
        if (!looked) {
            ++s.stats.failed_looks;
            const auto delay = std::min<std::chrono::milliseconds>(
                detail::backoff_delay(c.policies.backoff, ++failures, c.shared->random, std::nullopt),
                s.options.max_interval);
            s.stats.next_look = now + std::chrono::duration_cast<std::chrono::microseconds>(delay);
        } else {
            failures = 0;
            s.stats.next_look = plan(now);
        }
    }
}

} // namespace

NUMERAPI_DEFINE_CALL("round_watcher::next", next_round_event);

} // namespace numerapi
