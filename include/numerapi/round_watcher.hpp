/// @file
/// Round events: an awaitable that completes when something happens in a tournament (a new
/// round opens, the open round is about to close, a model's scores for a round come out, a
/// model's submission is accepted, a diagnostics run changes status).
/// It polls the API, but only as often as something can change: it sleeps until the next
/// moment the round times or the scoring pipeline name, and at most `max_interval` between
/// two looks. Every request goes through the client, so through its rate gate and retry
/// policy; a failed look is tried again with the client's backoff.
#pragma once

#include <numerapi/client.hpp>
#include <numerapi/export.hpp>
#include <numerapi/types.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace numerapi {

/// Something that happened in a tournament, as a round_watcher saw it.
struct round_event {
    /// What happened.
    enum class kind {
        round_opened,        ///< a new round is open for submissions
        round_closing,       ///< the open round closes within watch_options::closing_within
        scores_released,     ///< a watched model has a new day of scores in a round
        submission_accepted, ///< a watched model has a new submission: it passed the API's checks
        diagnostics_updated, ///< a followed diagnostics run has a new status or message
    };
    kind what = kind::round_opened;      ///< the kind of event
    int tournament = 0;                  ///< the tournament watched
    int round_number = 0;                ///< submission_accepted: the submission's round (0 if not said)
    std::optional<timestamp> close_time; ///< round events: when the round closes for staked submissions
    std::string model_id;                ///< every event but the round ones: the model
    int day = 0;                         ///< scores_released: the newest scoring day
    std::string submission_id;           ///< submission_accepted: the new submission
    std::string filename;                ///< submission_accepted: its file name on the server
    std::string diagnostics_id;          ///< diagnostics_updated: the run
    std::string status;                  ///< diagnostics_updated: its status, as the API words it
    std::string message;                 ///< diagnostics_updated: its message (why it failed, say)
    timestamp seen_at;                   ///< when the watcher saw it (system clock)
};

/// "round_opened", "round_closing", "scores_released", "submission_accepted",
/// "diagnostics_updated".
NUMERAPI_EXPORT const char* to_string(round_event::kind k) noexcept;

/// What a round_watcher watches, and the longest it sleeps between two looks.
struct watch_options {
    std::optional<numerapi::tournament> tournament; ///< default: the client's
    /// Watch this model's scores too (a model id, or one of the account's model names, which
    /// needs keys). Without it no scores_released events come.
    std::optional<std::string> model;
    /// Tell each new submission of `model` (submission_accepted). The API records only the
    /// submissions that passed its checks (an invalid file is refused by create_submission),
    /// so this is the "validated" event for submissions made anywhere: this client, another
    /// process, Numerai Compute. One more request per look.
    bool submissions = false;
    /// Diagnostics runs of `model` to follow (the ids upload_diagnostics returns): the first
    /// look tells each run's status as it is (a run may have finished already), and every
    /// look after it tells a change of status or message (diagnostics_updated): this is how
    /// a run that fails its checks is told. One request per run per look, for as long as the
    /// watcher runs: the API names no final status.
    std::vector<std::string> diagnostics;
    /// Tell round_closing this long before the open round closes; nullopt: never.
    std::optional<std::chrono::seconds> closing_within;
    /// The longest sleep between two looks: how late an event the schedule does not predict
    /// (a round opened early, scores released late) can be seen.
    std::chrono::milliseconds max_interval{std::chrono::minutes{15}};
};

/// What a watcher has done so far.
struct watch_statistics {
    /// Polls: one rounds query, and the model's scores, submissions and diagnostics when watched.
    std::uint64_t looks = 0;
    std::uint64_t requests = 0;         ///< API calls made (the client may retry each)
    std::uint64_t failed_looks = 0;     ///< looks that failed transiently, each tried again after a backoff
    std::optional<timestamp> next_look; ///< when the next poll is planned
    /// What the watcher remembers to tell news from old: the submissions and the scored
    /// rounds of the last look's answers, no more (what the API no longer lists is
    /// forgotten; an empty answer forgets nothing), so a watcher that runs for years does
    /// not grow.
    std::uint64_t remembered = 0;
};

struct round_watch_state; // a watcher's memory (src/numerapi/watch/round_watcher.cpp)

/// Remembers what it has seen, so each next() completes with what is new. The first look
/// takes the state as it is (no event for the round already open, scores already out or
/// submissions already made), except round_closing when the open round is already within
/// closing_within, and the followed diagnostics runs, whose status it tells. Events found
/// in one look are handed out one per next() call. Submissions and diagnostics have no
/// schedule: a change there is seen within max_interval.
///
/// One next() at a time per watcher. It runs on the client's strand; cancelling it (through
/// the token's cancellation slot) ends it with operation_aborted and loses nothing: the
/// next call goes on from where the watcher was.
class NUMERAPI_EXPORT round_watcher {
public:
    /// `api` must outlive the watcher's calls (the watcher keeps a handle on its state).
    /// Throws error(invalid_argument) for a non-positive max_interval, or for submissions or
    /// diagnostics to watch without a model.
    round_watcher(const client& api, watch_options options = {});
    /// Not copied: two copies would share one memory, and run next() on it at once.
    round_watcher(const round_watcher&) = delete;
    /// Not copied, as the copy constructor says.
    round_watcher& operator=(const round_watcher&) = delete;
    /// Takes the watcher over: the moved-from one may then only be assigned to or destroyed.
    round_watcher(round_watcher&&) noexcept = default;
    /// Takes the watcher over, as the move constructor does.
    round_watcher& operator=(round_watcher&&) noexcept = default;

    /// Completes with the next event: `co_await watcher.next()`, or any completion token
    /// with signature void(error_code, round_event).
    template <detail::completion_token_for_result<round_event> CompletionToken = client::default_token>
    auto next(CompletionToken&& token = client::default_token()) {
        return detail::start_call<"round_watcher::next", round_event>(context_, std::forward<CompletionToken>(token),
                                                                      state_);
    }

    /// Read it between calls (it is written on the client's strand).
    watch_statistics statistics() const;

private:
    std::shared_ptr<detail::call_context> context_; ///< the client's, without its calls' deadline
    std::shared_ptr<round_watch_state> state_;
};

} // namespace numerapi
