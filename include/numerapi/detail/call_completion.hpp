// How a client call completes a caller's completion token: the call's coroutine runs on the
// client's strand (co_spawn); its outcome, an exception or a value, reaches the caller's
// handler as (error_code, value), on the handler's associated executor. Used by client.hpp's
// start(); nothing here is for users to name.
#pragma once

#include <numerapi/error.hpp>
#include <numerapi/export.hpp>

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <exception>
#include <type_traits>
#include <utility>

namespace numerapi::detail {

/// A completion token that can receive a call's result T: void(error_code, T).
template <class CompletionToken, class T>
concept completion_token_for_result =
    boost::asio::completion_token_for<CompletionToken, void(boost::system::error_code, T)>;

/// use_awaitable (of any executor): the default, whose failures stay numerapi::error.
template <class CompletionToken>
inline constexpr bool is_use_awaitable = false;
template <class Executor>
inline constexpr bool is_use_awaitable<boost::asio::use_awaitable_t<Executor>> = true;

/// The code of a call's failure; a numerapi::error also leaves its diagnostics in `*sink`.
/// Anything else (std::bad_alloc, an exception thrown by the caller's own progress callback)
/// is not a failure of the call and is rethrown.
NUMERAPI_EXPORT boost::system::error_code error_code_of(const std::exception_ptr& failure, diagnostics* sink);
/// A success: `*sink` is emptied.
NUMERAPI_EXPORT void clear_diagnostics(diagnostics* sink) noexcept;

/// co_spawn's completion (exception_ptr, T) turned into the caller's (error_code, T). It keeps
/// the caller's handler's executor (default: the client's), allocator and cancellation slot,
/// so that the handler runs where the caller asked and cancelling it cancels the call.
template <class Handler, class Executor>
class error_code_completion {
public:
    error_code_completion(Handler handler, Executor fallback, diagnostics* sink)
        : handler_(std::move(handler)), fallback_(std::move(fallback)), sink_(sink) {}

    using executor_type = boost::asio::associated_executor_t<Handler, Executor>;
    executor_type get_executor() const noexcept { return boost::asio::get_associated_executor(handler_, fallback_); }
    using allocator_type = boost::asio::associated_allocator_t<Handler>;
    allocator_type get_allocator() const noexcept { return boost::asio::get_associated_allocator(handler_); }
    using cancellation_slot_type = boost::asio::associated_cancellation_slot_t<Handler>;
    cancellation_slot_type get_cancellation_slot() const noexcept {
        return boost::asio::get_associated_cancellation_slot(handler_);
    }

    template <class T>
    void operator()(std::exception_ptr failure, T value) {
        boost::system::error_code code;
        if (failure) code = error_code_of(failure, sink_);
        else clear_diagnostics(sink_);
        std::move(handler_)(code, std::move(value));
    }

private:
    Handler handler_;
    Executor fallback_;
    diagnostics* sink_;
};

/// async_initiate's initiation: spawns the call on the strand and completes the handler.
template <class Strand, class Executor>
struct initiate_call {
    Strand strand;
    Executor fallback;
    diagnostics* sink;

    using executor_type = Executor;
    executor_type get_executor() const noexcept { return fallback; }

    template <class Handler, class Call>
    void operator()(Handler&& handler, Call&& call) const {
        boost::asio::co_spawn(
            strand, std::forward<Call>(call),
            error_code_completion<std::decay_t<Handler>, Executor>{std::forward<Handler>(handler), fallback, sink});
    }
};

} // namespace numerapi::detail
