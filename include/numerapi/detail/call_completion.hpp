// How a client call completes a caller's completion token: the call's coroutine runs on the
// client's strand (co_spawn) and returns its value or its failure (outcome.hpp); settle()
// takes that, and catches there, once, what was thrown instead (a cancellation, as Asio
// throws it at the next co_await after a cancel). The outcome reaches the caller's handler
// as (exception_ptr, value) for use_awaitable, the exception being a numerapi::error made
// here of the code and diagnostics, and as (error_code, value) for any other token, on the
// handler's associated executor, without a rethrow. A cancellation
// reaches the call through a signal the call owns. Used by start_call.hpp; nothing here is
// for users to name.
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/error.hpp>
#include <numerapi/export.hpp>
#include <numerapi/with_diagnostics.hpp>

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace numerapi::detail {

/// with_diagnostics_t (with_diagnostics.hpp), whatever its inner token.
template <class CompletionToken>
inline constexpr bool is_with_diagnostics = false;
template <class Inner>
inline constexpr bool is_with_diagnostics<with_diagnostics_t<Inner>> = true;

/// A completion token that can receive a call's result T: void(error_code, T), or through
/// with_diagnostics, void(error_code, diagnostics, T).
template <class CompletionToken, class T>
concept completion_token_for_result =
    boost::asio::completion_token_for<CompletionToken, void(boost::system::error_code, T)> ||
    (is_with_diagnostics<std::decay_t<CompletionToken>>&&
         boost::asio::completion_token_for<decltype(std::declval<std::remove_reference_t<CompletionToken>&>().token()),
                                           void(boost::system::error_code, diagnostics, T)>);

/// use_awaitable (of any executor): the default, whose failures stay numerapi::error.
template <class CompletionToken>
inline constexpr bool is_use_awaitable = false;
template <class Executor>
inline constexpr bool is_use_awaitable<boost::asio::use_awaitable_t<Executor>> = true;

/// How a call's outcome reaches its handler: the exception (use_awaitable), the error code
/// (any other token), or the error code and the call's diagnostics (with_diagnostics).
enum class completes_with { exception, code, code_and_diagnostics };

/// How a token's handler is completed.
template <class CompletionToken>
inline constexpr completes_with completion_of =
    is_with_diagnostics<std::decay_t<CompletionToken>> ? completes_with::code_and_diagnostics
    : is_use_awaitable<std::decay_t<CompletionToken>>  ? completes_with::exception
                                                       : completes_with::code;

/// The completion signature of a call that returns T, for a token (for with_diagnostics,
/// its inner token's).
template <class CompletionToken, class T>
using call_signature = std::conditional_t<
    completion_of<CompletionToken> == completes_with::exception, void(std::exception_ptr, T),
    std::conditional_t<completion_of<CompletionToken> == completes_with::code, void(boost::system::error_code, T),
                       void(boost::system::error_code, diagnostics, T)>>;

/// A call's outcome, as settle() found it where its coroutine ends: its value (T() when it
/// failed), or its failure (the code and the diagnostics). An empty code: it succeeded.
template <class T>
struct call_outcome : failure {
    T value = T();
};

/// Runs `call` and keeps its outcome: its value, its failure, or a
/// boost::system::system_error thrown instead (Asio's cancellation; a numerapi::error from
/// the caller's own progress callback keeps its diagnostics), which ends it as a failure
/// too; anything else (std::bad_alloc, another exception from a callback) is not a failure
/// of the call and propagates. Compiled in the library for every T of
/// NUMERAPI_AWAITED_RESULTS (src/numerapi/call_completion.cpp).
template <class T>
NUMERAPI_EXPORT boost::asio::awaitable<call_outcome<T>> settle(boost::asio::awaitable<outcome<T>> call);

/// The cancellation of one call, owned by the call, not by its caller. The caller's
/// cancellation slot holds a forward_cancellation that posts to the client's strand; only
/// the strand emits `signal`, which the call's coroutine listens to, and only while the call
/// runs. Nothing the caller owns is touched after the call completed: Boost 1.81's co_spawn,
/// given the caller's slot directly, posts a raw pointer into that slot's memory to the
/// strand, which a caller on another thread may have freed by then (fixed in Asio 1.28.2).
///
/// The same signal carries the call's deadline (retry_policy::deadline): a timer on the strand
/// emits it when the deadline passes, and the call then fails with errc::timeout.
struct call_cancellation {
    boost::asio::cancellation_signal signal;                 ///< emitted on the strand only
    bool finished = false;                                   ///< read and written on the strand only
    std::chrono::milliseconds deadline{0};                   ///< 0: none
    bool deadline_passed = false;                            ///< set on the strand by the deadline timer
    std::optional<boost::asio::steady_timer> deadline_timer; ///< armed by arm_deadline
};

/// Starts `state`'s deadline timer; call it on `strand`, after co_spawn has connected the
/// call to `state->signal`. When `state->deadline` has passed and the call has not finished,
/// the signal is emitted (terminal). The call's completion destroys the timer (its wait then
/// ends with operation_aborted), so no timer outlives the call, nor keeps the loop busy.
template <class Strand>
void arm_deadline(const Strand& strand, const std::shared_ptr<call_cancellation>& state) {
    if (state->finished) return;
    state->deadline_timer.emplace(strand, state->deadline);
    state->deadline_timer->async_wait([state](const boost::system::error_code& ec) {
        if (ec || state->finished) return;
        state->deadline_passed = true;
        state->signal.emit(boost::asio::cancellation_type::terminal);
    });
}

/// A call cut by its deadline: its failure (a cancellation, or what the cancellation left,
/// such as a lost answer) becomes errc::timeout, or keeps its code with the deadline named,
/// and keeps the diagnostics.
NUMERAPI_EXPORT void name_the_deadline(failure& failed, std::chrono::milliseconds deadline);

/// The handler installed in the caller's cancellation slot: it may run on any thread, and
/// only hands the cancellation to the strand.
template <class Strand>
class forward_cancellation {
public:
    forward_cancellation(Strand strand, std::shared_ptr<call_cancellation> state)
        : strand_(std::move(strand)), state_(std::move(state)) {}

    void operator()(boost::asio::cancellation_type_t type) {
        boost::asio::post(strand_, [state = state_, type] {
            if (!state->finished) state->signal.emit(type);
        });
    }

private:
    Strand strand_;
    std::shared_ptr<call_cancellation> state_;
};

/// Completes `handler` with a call's outcome: use_awaitable gets a numerapi::error made of
/// the code and the diagnostics; every other token the error code, and with
/// with_diagnostics the call's diagnostics too. `escaped` is what settle() let through (not
/// a failure of the call): use_awaitable gets it, and it is rethrown to any other token's
/// executor, as a handler's own exception would be.
template <completes_with Mode, class Handler, class T>
void complete(Handler&& handler, const std::exception_ptr& escaped, call_outcome<T>&& outcome) {
    if constexpr (Mode == completes_with::exception) {
        std::exception_ptr failed = escaped;
        if (!failed && outcome.code) failed = std::make_exception_ptr(error(outcome.code, std::move(outcome.diag)));
        std::forward<Handler>(handler)(std::move(failed), std::move(outcome.value));
    } else {
        if (escaped) std::rethrow_exception(escaped);
        if constexpr (Mode == completes_with::code)
            std::forward<Handler>(handler)(outcome.code, std::move(outcome.value));
        else std::forward<Handler>(handler)(outcome.code, std::move(outcome.diag), std::move(outcome.value));
    }
}

/// co_spawn's completion handler. It has no executor of its own, so co_spawn completes it on
/// the strand it runs the call on, where it marks the call finished; it then hands the
/// outcome to the caller's handler on that handler's associated executor (default: the
/// client's), whose work it keeps counted meanwhile. Its cancellation slot is the call's own
/// signal. (With no associated executor, co_spawn's handler in that slot emits at once, on
/// the strand that emits the signal, instead of dispatching a raw pointer to it.)
template <class Handler, class Executor, completes_with Mode>
class call_completion {
public:
    call_completion(Handler handler, const Executor& fallback, std::shared_ptr<call_cancellation> cancellation)
        : handler_(std::move(handler)), work_(boost::asio::get_associated_executor(handler_, fallback)),
          cancellation_(std::move(cancellation)) {}

    using cancellation_slot_type = boost::asio::cancellation_slot;
    cancellation_slot_type get_cancellation_slot() const noexcept {
        return cancellation_ ? cancellation_->signal.slot() : cancellation_slot_type();
    }

    template <class T>
    void operator()(std::exception_ptr escaped, call_outcome<T> outcome) {
        if (cancellation_) {
            cancellation_->finished = true;
            cancellation_->deadline_timer.reset();
            if (cancellation_->deadline_passed && outcome.code) name_the_deadline(outcome, cancellation_->deadline);
        }
        auto caller = work_.get_executor();
        boost::asio::dispatch(
            caller,
            [handler = std::move(handler_), escaped = std::move(escaped), outcome = std::move(outcome)]() mutable {
                complete<Mode>(std::move(handler), escaped, std::move(outcome));
            });
        work_.reset();
    }

private:
    Handler handler_;
    boost::asio::executor_work_guard<boost::asio::associated_executor_t<Handler, Executor>> work_;
    std::shared_ptr<call_cancellation> cancellation_;
};

/// async_initiate's initiation: spawns the call on the strand and completes the handler,
/// whose completion signature is call_signature's for Mode.
template <class Strand, class Executor, completes_with Mode>
struct initiate_call {
    Strand strand;
    Executor fallback;
    std::chrono::milliseconds deadline; ///< retry_policy::deadline; 0: none

    using executor_type = Executor;
    executor_type get_executor() const noexcept { return fallback; }

    template <class Handler, class Call>
    void operator()(Handler&& handler, Call&& call) const {
        using handler_type = std::decay_t<Handler>;
        std::shared_ptr<call_cancellation> cancellation;
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        if (slot.is_connected() || deadline.count() > 0) cancellation = std::make_shared<call_cancellation>();
        if (slot.is_connected()) slot.template emplace<forward_cancellation<Strand>>(strand, cancellation);
        if (deadline.count() > 0) cancellation->deadline = deadline;
        boost::asio::co_spawn(
            strand, [call = std::forward<Call>(call)]() mutable { return settle(call()); },
            call_completion<handler_type, Executor, Mode>(std::forward<Handler>(handler), fallback, cancellation));
        // Only now is the call listening to the signal (co_spawn connected it on this thread):
        // the timer starts on the strand, which alone emits the signal.
        if (deadline.count() > 0)
            boost::asio::post(strand, [strand = strand, cancellation] { arm_deadline(strand, cancellation); });
    }
};

} // namespace numerapi::detail
