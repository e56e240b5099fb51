// A call made with the default token (use_awaitable), compiled once: start() hands the call
// to await_call<T>, which the library compiles for each result type T, instead of making
// every caller's translation unit compile co_spawn, the cancellation forwarding and the
// completion for every call it makes. What the call does is the same as with any other
// token (call_completion.hpp). Nothing here is for users to name.
#pragma once

#include <numerapi/detail/call_completion.hpp>
#include <numerapi/export.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <utility>

namespace numerapi::detail {

/// A call's body, whatever its type: what start() spawns on the client's strand (a function
/// object that owns a handle on the client and the call's arguments, and returns the call's
/// coroutine). Move-only, as what it owns may be.
template <class T>
class call_body {
public:
    template <class Function>
    explicit call_body(Function function) : held_(std::make_unique<held<Function>>(std::move(function))) {}
    boost::asio::awaitable<T> operator()() { return held_->call(); }

private:
    struct any {
        virtual ~any() = default;
        virtual boost::asio::awaitable<T> call() = 0;
    };
    template <class Function>
    struct held final : any {
        explicit held(Function f) : function(std::move(f)) {}
        boost::asio::awaitable<T> call() override { return function(); }
        Function function;
    };
    std::unique_ptr<any> held_;
};

/// How start() launches a call that throws (use_awaitable).
using awaited_launch =
    initiate_call<boost::asio::strand<boost::asio::any_io_executor>, boost::asio::any_io_executor, true>;

/// Runs `body` as start() runs any call, for the default token: the awaiting coroutine gets
/// the result, or the numerapi::error. Compiled in the library for every call's T
/// (src/numerapi/awaited_calls.cpp).
template <class T>
NUMERAPI_EXPORT boost::asio::awaitable<T> await_call(awaited_launch launch, call_body<T> body);

} // namespace numerapi::detail
