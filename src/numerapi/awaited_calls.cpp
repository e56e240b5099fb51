// await_call<T> (detail/awaited_call.hpp), compiled here once for the result type of every
// call, as NUMERAPI_AWAITED_RESULTS lists them.
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

#define NUMERAPI_AWAIT_CALL(type)                                                                                      \
    template NUMERAPI_EXPORT boost::asio::awaitable<type> await_call<type>(awaited_launch, call_body<type>);
NUMERAPI_AWAITED_RESULTS(NUMERAPI_AWAIT_CALL)
#undef NUMERAPI_AWAIT_CALL

} // namespace numerapi::detail
