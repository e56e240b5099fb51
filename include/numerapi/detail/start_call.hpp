// detail::start_call: how a client call (and round_watcher::next) starts its operation with
// the caller's completion token. A public call names its operation by the call's own name
// (start_call<"get_current_round", int>): the library registers each operation under its
// call's name (NUMERAPI_DEFINE_CALL, src/numerapi/operations/define_call.hpp), and nothing
// about it is declared here or in client.hpp. The call owns a handle on the call context and
// its arguments: nothing refers to the caller's objects, or to the client object, once
// start_call returns. Nothing here is for users to name.
#pragma once

#include <numerapi/detail/awaited_call.hpp>
#include <numerapi/detail/call_completion.hpp>
#include <numerapi/detail/outcome.hpp>
#include <numerapi/error.hpp>
#include <numerapi/export.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace numerapi::detail {

class call_context; // src/numerapi/call_context.hpp

/// Where and how the calls of a call context run: the client's strand, the executor a
/// handler without one of its own completes on, and the calls' deadline
/// (retry_policy::deadline; 0: none).
struct call_launch {
    boost::asio::strand<boost::asio::any_io_executor> strand;
    boost::asio::any_io_executor fallback;
    std::chrono::milliseconds deadline;
};

/// The launch of `context`'s calls.
NUMERAPI_EXPORT call_launch launch_of(const call_context& context);

/// A public call's name as a template argument: start_call<"latest_nmr_price", decimal>.
template <std::size_t Size>
struct call_name {
    // Implicit: made from the string literal in start_call<"...">.
    consteval call_name(const char (&name)[Size]) {
        for (std::size_t i = 0; i != Size; ++i) text[i] = name[i];
    }
    char text[Size];
};

/// The operation of the public call named `Name`, run over `context` with the call's
/// arguments. Only declared: the library instantiates it for that name, the operation's
/// result type and its argument types (define_call.hpp), so a call whose name, T or argument
/// types differ from its operation's fails to link, with an undefined run_call<...>.
template <call_name Name, class T, class... Args>
NUMERAPI_EXPORT boost::asio::awaitable<outcome<T>> run_call(call_context& context, Args... args);

/// Starts the operation of the call named `Name`, which completes with a T, on `context`'s
/// strand with `args`, completing `token` with its result.
template <call_name Name, class T, class CompletionToken, class... Args>
auto start_call(const std::shared_ptr<call_context>& context, CompletionToken&& token, Args&&... args) {
    auto coroutine = [context, ... args = std::forward<Args>(args)]() mutable {
        return detail::run_call<Name, T>(*context, std::move(args)...);
    };
    static_assert(is_awaited_result<T>, "a call's result type belongs in NUMERAPI_AWAITED_RESULTS");
    const call_launch launch = launch_of(*context);
    constexpr completes_with mode = completion_of<CompletionToken>;
    using executor = boost::asio::any_io_executor;
    using initiation = initiate_call<boost::asio::strand<executor>, executor, mode>;
    const initiation initiate{launch.strand, launch.fallback, launch.deadline};
    if constexpr (std::is_same_v<std::decay_t<CompletionToken>, boost::asio::use_awaitable_t<>>) {
        // The default token: compiled once, in the library (awaited_call.hpp).
        call_body<T> body(std::move(coroutine));
        return await_call<T>(initiate, std::move(body));
    } else if constexpr (mode == completes_with::code_and_diagnostics) {
        // with_diagnostics: its inner token gets the diagnostics too (moved from unless the
        // adapter was passed as an lvalue, as async_initiate treats a token).
        using inner_token = std::conditional_t<std::is_lvalue_reference_v<CompletionToken>, decltype(token.token()),
                                               std::remove_cvref_t<decltype(token.token())>>;
        return boost::asio::async_initiate<inner_token, call_signature<CompletionToken, T>>(initiate, token.token(),
                                                                                            std::move(coroutine));
    } else {
        return boost::asio::async_initiate<CompletionToken, call_signature<CompletionToken, T>>(initiate, token,
                                                                                                std::move(coroutine));
    }
}

} // namespace numerapi::detail
