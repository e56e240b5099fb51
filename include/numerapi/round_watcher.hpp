// Round events: an awaitable that completes when something happens in a tournament (a new
// round opens, the open round is about to close, a model's scores for a round come out).
// It polls the public API, but only as often as something can change: it sleeps until the
// next moment the round times or the scoring pipeline name, and at most `max_interval`
// between two looks. Every request goes through the client, so through its rate gate and
// retry policy; a failed look is tried again with the client's backoff.
#pragma once

#include <numerapi/client.hpp>
#include <numerapi/export.hpp>
#include <numerapi/types.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace numerapi {

struct watch_options {
    std::optional<int> tournament; ///< default: the client's
    /// Watch this model's scores too (a model id, or one of the account's model names, which
    /// needs keys). Without it no scores_released events come.
    std::optional<std::string> model;
    /// Tell round_closing this long before the open round closes; nullopt: never.
    std::optional<std::chrono::seconds> closing_within;
    /// The longest sleep between two looks: how late an event the schedule does not predict
    /// (a round opened early, scores released late) can be seen.
    std::chrono::milliseconds max_interval{std::chrono::minutes{15}};
};

/// What a watcher has done so far.
struct watch_statistics {
    std::uint64_t looks = 0;     ///< polls: one rounds query, and the scores when a model is watched
    std::uint64_t requests = 0;  ///< API calls made (the client may retry each)
    std::uint64_t failed_looks = 0;
    std::optional<timestamp> next_look; ///< when the next poll is planned
};

/// Remembers what it has seen, so each next() completes with what is new. The first look
/// takes the state as it is (no event for the round already open or scores already out),
/// except round_closing when the open round is already within closing_within. Events found
/// in one look are handed out one per next() call.
///
/// One next() at a time per watcher. It runs on the client's strand; cancelling it (through
/// the token's cancellation slot) ends it with operation_aborted and loses nothing: the
/// next call goes on from where the watcher was.
class NUMERAPI_EXPORT round_watcher {
public:
    /// `api` must outlive the watcher's calls (the watcher keeps a handle on its state).
    round_watcher(const client& api, watch_options options = {});

    /// Completes with the next event: `co_await watcher.next()`, or any completion token
    /// with signature void(error_code, round_event).
    template <detail::completion_token_for_result<round_event> CompletionToken = client::default_token>
    auto next(CompletionToken&& token = client::default_token()) {
        return api_.start(std::forward<CompletionToken>(token), &client::do_next_round_event, state_);
    }

    /// Read it between calls (it is written on the client's strand).
    watch_statistics statistics() const;

private:
    client api_;
    std::shared_ptr<round_watch_state> state_;
};

} // namespace numerapi
