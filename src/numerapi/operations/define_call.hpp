// NUMERAPI_DEFINE_CALL: how an operation's file makes a function of its own the operation
// that a public call starts. A public call names its operation by its own name
// (detail::start_call<"stake_get", decimal>, start_call.hpp), and a consumer's translation
// unit sees only the declaration of detail::run_call. Here, in the library alone, run_call is
// defined for every name, as the function that operation_of<Name> holds; the operation's
// file gives operation_of<Name> its value and instantiates run_call for it, with the result
// and argument types of that function, so that the consumer's call links to it:
//
//     namespace numerapi {
//     namespace detail::ops {
//     namespace {
//     asio::awaitable<outcome<decimal>> stake_get(detail::call_context& c, std::string model_name,
//                                                 std::optional<numerapi::tournament> tournament) { ... }
//     } // namespace
//     } // namespace detail::ops
//
//     NUMERAPI_DEFINE_CALL("stake_get", detail::ops::stake_get);
//     } // namespace numerapi
//
// The rules, each checked:
//   - The name is the public call's, as client.hpp writes it: "stake_get", and
//     "round_watcher::next" for a member of another class. An overload adds what it takes
//     ("upload_predictions_data").
//   - The function takes the call context and then, by value, exactly the types the public
//     call passes, and returns asio::awaitable<outcome<T>> with the call's T. A reference
//     parameter does not compile here; a name, T or argument type that differs from the
//     public call's does not link (an undefined run_call<...>, its name printed as character
//     codes).
//   - One definition for each name: a second fails to link ("multiple definition of
//     call_defined_once<...>"), or to compile within one translation unit.
//   - NUMERAPI_DEFINE_CALL stands at namespace scope outside numerapi::detail (in namespace
//     numerapi, as above, or the global one), after the function.
#pragma once

#include <numerapi/detail/start_call.hpp>

#include <boost/asio/awaitable.hpp>

#include <type_traits>
#include <utility>

namespace numerapi::detail {

/// The function that runs the public call named `Name`: each operation's file sets it, once
/// for each of its calls, with NUMERAPI_DEFINE_CALL.
template <call_name Name>
constexpr auto operation_of = nullptr;

/// Defined by NUMERAPI_DEFINE_CALL for its name: a data symbol, so that two definitions of
/// one call are a link error (run_call's explicit instantiations are weak symbols, and the
/// linker would keep one of them without a word).
template <call_name Name>
extern bool call_defined_once;

/// The type of an operation's function, of which run_call is instantiated.
template <class Function>
struct function_type_of;
template <class T, class... Args>
struct function_type_of<boost::asio::awaitable<outcome<T>> (*)(call_context&, Args...)> {
    static_assert((std::is_same_v<Args, std::decay_t<Args>> && ...),
                  "an operation takes its arguments by value, as the public call passes them");
    using type = boost::asio::awaitable<outcome<T>>(call_context&, Args...);
};

/// The type of run_call for the call named `Name`: that of its operation.
template <call_name Name>
using run_call_type = typename function_type_of<std::remove_const_t<decltype(operation_of<Name>)>>::type;

template <call_name Name, class T, class... Args>
boost::asio::awaitable<outcome<T>> run_call(call_context& context, Args... args) {
    static_assert(!std::is_null_pointer_v<std::remove_const_t<decltype(operation_of<Name>)>>,
                  "no NUMERAPI_DEFINE_CALL for this call before this use");
    return operation_of<Name>(context, std::move(args)...);
}

} // namespace numerapi::detail

/// Makes `function` (an asio::awaitable<outcome<T>>(call_context&, Args...)) the operation of
/// the public call named `name`, and emits the run_call that the call links to. At namespace
/// scope outside numerapi::detail, after the function (see the top of this file).
#define NUMERAPI_DEFINE_CALL(name, function)                                                                           \
    template <>                                                                                                        \
    constexpr auto ::numerapi::detail::operation_of<name> = &function;                                                 \
    template <>                                                                                                        \
    bool ::numerapi::detail::call_defined_once<name> = true;                                                           \
    template NUMERAPI_EXPORT ::numerapi::detail::run_call_type<name> numerapi::detail::run_call<name>
