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
    } catch (const error& e) { // from the caller's own callback: kept as it was said
        static_cast<failure&>(outcome) = failure(e);
    } catch (const boost::system::system_error& e) { // Asio's cancellation, at a co_await after it
        outcome.code = e.code();
        outcome.diag.client_message = e.code() == boost::asio::error::operation_aborted ? "cancelled" : e.what();
    }
    co_return outcome;
}

#define NUMERAPI_SETTLE(type)                                                                                          \
    template NUMERAPI_EXPORT boost::asio::awaitable<call_outcome<type>> settle<type>(                                  \
        boost::asio::awaitable<outcome<type>>);
NUMERAPI_AWAITED_RESULTS(NUMERAPI_SETTLE)
#undef NUMERAPI_SETTLE

void name_the_deadline(failure& failed, std::chrono::milliseconds deadline) {
    const std::string passed = "the call's deadline of " + std::to_string(deadline.count()) + " ms passed";
    if (failed.code == boost::asio::error::operation_aborted) {
        failed.code = make_error_code(errc::timeout);
        failed.diag.client_message = passed;
    } else {
        failed.diag.client_message =
            passed + (failed.diag.client_message.empty() ? "" : ": " + failed.diag.client_message);
    }
}

} // namespace numerapi::detail
