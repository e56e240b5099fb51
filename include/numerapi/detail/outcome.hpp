// detail::outcome<T>: how a failure travels inside the library. The exchange, the GraphQL
// call, the retry loop, the transfer engines' attempts, the flows and every operation
// return the value or a failure (the error code and the diagnostics); nothing on that path
// throws to say that a request failed, that a presigned URL was renewed or that a download
// starts over. The call's edge (call_completion.hpp) hands the failure to the caller's
// completion, and makes a numerapi::error of it only for use_awaitable. Nothing here is for
// users to name.
#pragma once

#include <numerapi/error.hpp>
#include <numerapi/export.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <utility>

namespace numerapi::detail {

/// A failure: its code (an errc or the transport's own) and its diagnostics.
struct failure {
    failure() = default;
    failure(boost::system::error_code c, diagnostics d) : code(c), diag(std::move(d)) {}
    /// The failure a numerapi::error carries.
    explicit failure(const error& e) : code(e.code()), diag(e.diag()) {}

    boost::system::error_code code;
    diagnostics diag;
};

/// A failure of our own (`code`: an errc, or operation_aborted for a wait cut short), in
/// `operation`, with our `message`; nothing of an answer or of attempts.
inline failure make_failure(boost::system::error_code code, std::string operation, std::string message) {
    diagnostics d;
    d.operation = std::move(operation);
    d.client_message = std::move(message);
    return failure(code, std::move(d));
}

/// Throws `f` as the numerapi::error it stands for; boost::system::result::value() finds it
/// by argument-dependent lookup.
[[noreturn]] NUMERAPI_EXPORT void throw_exception_from_error(const failure& f, const boost::source_location& where);

/// A value of T, or the failure that prevented it.
template <class T>
using outcome = boost::system::result<T, failure>;

} // namespace numerapi::detail
