// The edge of every call (detail/call_completion.hpp): settle() takes a call's outcome, and
// catches what was thrown instead, once, where its coroutine ends; it is compiled here for
// the result type of every call as NUMERAPI_AWAITED_RESULTS lists them. name_the_deadline()
// rewrites a failure that the call's deadline caused.
#include <numerapi/detail/call_completion.hpp>

#include <numerapi/detail/awaited_call.hpp>
#include <numerapi/round_watcher.hpp>
#include <numerapi/transfer.hpp>
#include <numerapi/types.hpp>

#include <boost/json/object.hpp>
#include <boost/system/system_error.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace numerapi::detail {

template <class T>
boost::asio::awaitable<call_outcome<T>> settle(boost::asio::awaitable<outcome<T>> call) {
    call_outcome<T> outcome;
    try {
        detail::outcome<T> result = co_await std::move(call);
        if (result) outcome.value = std::move(*result);
        else static_cast<failure&>(outcome) = result.error();
    } catch (const error& e) {
        static_cast<failure&>(outcome) = failure(e);
        outcome.thrown = std::current_exception();
    } catch (const boost::system::system_error& e) { // an Asio operation's own, should one get here
        outcome.code = e.code();
        outcome.diag.client_message = e.what();
        outcome.thrown = std::current_exception();
    }
    co_return outcome;
}

#define NUMERAPI_SETTLE(type)                                                                                          \
    template NUMERAPI_EXPORT boost::asio::awaitable<call_outcome<type>> settle<type>(                                  \
        boost::asio::awaitable<outcome<type>>);
NUMERAPI_AWAITED_RESULTS(NUMERAPI_SETTLE)
#undef NUMERAPI_SETTLE

void name_the_deadline(call_failure& failure, std::chrono::milliseconds deadline) {
    const std::string passed = "the call's deadline of " + std::to_string(deadline.count()) + " ms passed";
    if (failure.code == boost::asio::error::operation_aborted) {
        failure.code = make_error_code(errc::timeout);
        failure.diag.client_message = passed;
    } else {
        failure.diag.client_message =
            passed + (failure.diag.client_message.empty() ? "" : ": " + failure.diag.client_message);
    }
    failure.thrown = nullptr; // use_awaitable gets the error made of the code and diagnostics above
}

} // namespace numerapi::detail
