// await_call<T> (detail/awaited_call.hpp), compiled here once for the result type of every
// call: a call's T missing from the list below is a link error in the caller.
#include <numerapi/detail/awaited_call.hpp>

#include <numerapi/client.hpp>
#include <numerapi/round_watcher.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

#include <exception>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace numerapi::detail {

template <class T>
boost::asio::awaitable<T> await_call(awaited_launch launch, call_body<T> body) {
    // As start() with any other token, with use_awaitable: this coroutine's cancellation
    // slot (its awaiter's) reaches the call, and a failure is rethrown here.
    auto awaited = boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr, T)>(
        std::move(launch), boost::asio::use_awaitable, std::move(body));
    co_return co_await std::move(awaited);
}

#define NUMERAPI_AWAIT_CALL(...)                                                                                       \
    template NUMERAPI_EXPORT boost::asio::awaitable<__VA_ARGS__> await_call<__VA_ARGS__>(awaited_launch,               \
                                                                                         call_body<__VA_ARGS__>);
NUMERAPI_AWAIT_CALL(account)
NUMERAPI_AWAIT_CALL(bool)
NUMERAPI_AWAIT_CALL(boost::json::object)
NUMERAPI_AWAIT_CALL(dataset_download_result)
NUMERAPI_AWAIT_CALL(decimal)
NUMERAPI_AWAIT_CALL(download_result)
NUMERAPI_AWAIT_CALL(int)
NUMERAPI_AWAIT_CALL(pending_payouts)
NUMERAPI_AWAIT_CALL(pipeline_status_report)
NUMERAPI_AWAIT_CALL(profile)
NUMERAPI_AWAIT_CALL(round_event)
NUMERAPI_AWAIT_CALL(stake_change_result)
NUMERAPI_AWAIT_CALL(std::map<std::string, std::string>)
NUMERAPI_AWAIT_CALL(std::optional<round>)
NUMERAPI_AWAIT_CALL(std::optional<submission>)
NUMERAPI_AWAIT_CALL(std::string)
NUMERAPI_AWAIT_CALL(std::vector<daily_performance>)
NUMERAPI_AWAIT_CALL(std::vector<diagnostics_report>)
NUMERAPI_AWAIT_CALL(std::vector<leaderboard_entry>)
NUMERAPI_AWAIT_CALL(std::vector<model>)
NUMERAPI_AWAIT_CALL(std::vector<round>)
NUMERAPI_AWAIT_CALL(std::vector<round_payout>)
NUMERAPI_AWAIT_CALL(std::vector<round_scores>)
NUMERAPI_AWAIT_CALL(std::vector<std::string>)
NUMERAPI_AWAIT_CALL(std::vector<submission>)
NUMERAPI_AWAIT_CALL(std::vector<submission_score>)
NUMERAPI_AWAIT_CALL(std::vector<wallet_transaction>)
NUMERAPI_AWAIT_CALL(upload_result)
NUMERAPI_AWAIT_CALL(v3_stake_authorization)
NUMERAPI_AWAIT_CALL(v3_stake_claim)
NUMERAPI_AWAIT_CALL(v3_stake_configuration)
NUMERAPI_AWAIT_CALL(v3_stake_round)
#undef NUMERAPI_AWAIT_CALL

} // namespace numerapi::detail
