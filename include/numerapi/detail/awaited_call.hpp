// A call made with the default token (use_awaitable), compiled once: start_call() hands the call
// to await_call<T>, which the library compiles for each result type T, instead of making
// every caller's translation unit compile co_spawn, the cancellation forwarding and the
// completion for every call it makes. What the call does is the same as with any other
// token (call_completion.hpp). Nothing here is for users to name.
#pragma once

#include <numerapi/detail/call_completion.hpp>
#include <numerapi/detail/outcome.hpp>
#include <numerapi/export.hpp>
#include <numerapi/transfer.hpp>
#include <numerapi/types.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace numerapi {
struct round_event; // round_watcher.hpp
} // namespace numerapi

namespace numerapi::detail {

/// A call's body, whatever its type: what start_call() spawns on the client's strand (a function
/// object that owns a handle on the call context and the call's arguments, and returns the call's
/// coroutine, whose result is the value or the failure). Move-only, as what it owns may be.
template <class T>
class call_body {
public:
    template <class Function>
    explicit call_body(Function function) : held_(std::make_unique<held<Function>>(std::move(function))) {}
    boost::asio::awaitable<outcome<T>> operator()() { return held_->call(); }

private:
    struct any {
        virtual ~any() = default;
        virtual boost::asio::awaitable<outcome<T>> call() = 0;
    };
    template <class Function>
    struct held final : any {
        explicit held(Function f) : function(std::move(f)) {}
        boost::asio::awaitable<outcome<T>> call() override { return function(); }
        Function function;
    };
    std::unique_ptr<any> held_;
};

/// How start_call() launches a call that throws (use_awaitable).
using awaited_launch = initiate_call<boost::asio::strand<boost::asio::any_io_executor>, boost::asio::any_io_executor,
                                     completes_with::exception>;

/// Runs `body` as start_call() runs any call, for the default token: the awaiting coroutine gets
/// the result, or the numerapi::error. Compiled in the library for every T of
/// NUMERAPI_AWAITED_RESULTS (src/numerapi/awaited_calls.cpp).
template <class T>
NUMERAPI_EXPORT boost::asio::awaitable<T> await_call(awaited_launch launch, call_body<T> body);

using string_map = std::map<std::string, std::string>; ///< (a name without a comma, for the list)

/// The result type of every call: await_call is compiled for each, and start_call() refuses to
/// compile a call whose result is not here (rather than leave the caller a link error).
// clang-format off
#define NUMERAPI_AWAITED_RESULTS(X) \
    X(account) \
    X(bool) \
    X(boost::json::object) \
    X(dataset_download_result) \
    X(decimal) \
    X(download_result) \
    X(int) \
    X(pending_payouts) \
    X(pipeline_status_report) \
    X(profile) \
    X(round_event) \
    X(stake_change_result) \
    X(string_map) \
    X(std::optional<round>) \
    X(std::optional<submission>) \
    X(std::string) \
    X(std::vector<daily_performance>) \
    X(std::vector<diagnostics_report>) \
    X(std::vector<leaderboard_entry>) \
    X(std::vector<model>) \
    X(std::vector<round>) \
    X(std::vector<round_payout>) \
    X(std::vector<round_scores>) \
    X(std::vector<std::string>) \
    X(std::vector<submission>) \
    X(std::vector<submission_score>) \
    X(std::vector<wallet_transaction>) \
    X(upload_result) \
    X(v3_stake_authorization) \
    X(v3_stake_claim_info) \
    X(v3_stake_configuration) \
    X(v3_stake_round_info)
// clang-format on

#define NUMERAPI_SAME_AS_T(type) std::is_same_v<T, type> ||
/// Whether await_call<T> is compiled in the library.
template <class T>
inline constexpr bool is_awaited_result = NUMERAPI_AWAITED_RESULTS(NUMERAPI_SAME_AS_T) false;
#undef NUMERAPI_SAME_AS_T

} // namespace numerapi::detail
