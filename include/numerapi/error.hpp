/// @file
/// Errors: one exception type, numerapi::error, a boost::system::system_error whose code is
/// either one of ours (numerapi::errc, below) or the transport's own (asio, ssl, beast), and
/// which carries diagnostics. The server's text is kept apart from ours and is untrusted.
/// No diagnostic ever contains the secret key.
#pragma once

#include <numerapi/export.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <optional>

#include <iosfwd>
#include <string>
#include <type_traits>
#include <vector>

namespace numerapi {

/// The client's own error conditions. boost::system::is_error_code_enum is true for errc, so
/// an errc converts to a boost::system::error_code (see make_error_code) and compares with one.
enum class errc {
    success = 0,           ///< no error
    graphql_error,         ///< the server answered with `errors` (see diagnostics::server_messages)
    authentication_failed, ///< the server rejected the keys ("Your session is invalid or has expired.")
    credentials_missing,   ///< a private call without keys; nothing was sent
    round_not_open,        ///< "Current round not open for submissions" (between rounds)
    http_status,           ///< a non-2xx HTTP status (see diagnostics::http_status)
    invalid_response,      ///< the body was not the JSON we expect (e.g. an HTML 502 page)
    response_too_large,    ///< the body exceeded client_options::max_response_body
    invalid_argument,      ///< a bad option or argument, detected before any I/O
    timeout, ///< a connect, handshake or read timeout of client_options fired, or the call's deadline (retry_policy::deadline)
    url_expired,         ///< a presigned URL expired (403); a fresh one is fetched and the transfer goes on
    size_mismatch,       ///< a transfer ended with a size other than the server announced
    checksum_mismatch,   ///< the file's MD5 differs from the server's Content-MD5 or MD5 ETag
    io_error,            ///< the local file could not be written, read or renamed
    invalid_predictions, ///< a predictions file breaks the submission rules; nothing was sent
};

/// The category of errc codes: its name() is "numerapi", its message() says what a code means.
NUMERAPI_EXPORT const boost::system::error_category& error_category() noexcept;
/// `e` as an error_code of error_category(); found by argument-dependent lookup.
NUMERAPI_EXPORT boost::system::error_code make_error_code(errc e) noexcept;
/// Writes the condition's message, for example "the API rejected the keys".
NUMERAPI_EXPORT std::ostream& operator<<(std::ostream& os, errc e);

/// Kinds of failure to compare a call's error code with, whatever category the code comes
/// from (numerapi's, the system's, Asio's, OpenSSL's through Asio, Beast's):
/// `ec == numerapi::condition::network`. Unlike `ec == boost::asio::error::eof`, the test
/// holds across a shared-library boundary, where each side may have its own copy of Asio's
/// categories (Asio is header-only): Asio's and Beast's codes are matched by their category's
/// name and their value, the system's and numerapi's by their categories' fixed ids, which
/// every copy shares.
/// A code falls under one condition at most; most of numerapi's own (errc) under none. A
/// condition says where a call failed, not whether trying again can help: the call's own
/// retries (retry.hpp) have already tried what could (an unknown host, say, is a network
/// failure, and final). A boost::system::error_code that wraps a std::error_code of the
/// standard's system category falls under none.
enum class condition {
    /// The connection could not be made, or was lost: refused, reset, aborted, a network or
    /// host unreachable, a host name that does not resolve, a stream cut short (an end of
    /// stream, a TLS stream closed without its close_notify).
    network = 1,
    /// A timeout: errc::timeout (a connect, handshake or read timeout, or the call's
    /// deadline when it cut the call off: a deadline that cut an answer short leaves that
    /// failure's code), the system's ETIMEDOUT, Beast's timeout.
    timeout,
    /// TLS failed: the handshake, the server's certificate, a damaged record.
    tls,
    /// The call was cancelled (boost::asio::error::operation_aborted).
    cancelled,
};

/// The category of condition values: its name() is "numerapi.condition".
NUMERAPI_EXPORT const boost::system::error_category& condition_category() noexcept;
/// `c` as an error_condition of condition_category(); found by argument-dependent lookup.
NUMERAPI_EXPORT boost::system::error_condition make_error_condition(condition c) noexcept;

/// What went wrong, in detail.
struct diagnostics {
    std::string operation;                    ///< e.g. "get_current_round", "download_dataset"
    unsigned http_status = 0;                 ///< 0 if no response was received
    std::vector<std::string> server_messages; ///< GraphQL `errors[].message`, verbatim (untrusted)
    std::string client_message;               ///< our own explanation
    unsigned attempts = 0;                    ///< how many times the request was sent
    /// The server's Retry-After, if it sent one.
    std::optional<std::chrono::seconds> retry_after;
    /// The call gave up on a transient failure because the retry policy ran out
    /// (max_attempts or max_elapsed); false for permanent failures.
    bool retries_exhausted = false;
    /// False when the last attempt failed before its request was sent (no connection could
    /// be opened, the TLS handshake failed): the server cannot have acted on it.
    bool request_sent = true;
};

/// What a failed call throws: a boost::system::system_error whose code() is an errc or the
/// transport's own (asio, ssl, beast), with the failure's diagnostics.
class NUMERAPI_EXPORT error : public boost::system::system_error {
public:
    /// An error with `code`. what() tells the code's message and, from `diag`, the operation, the
    /// HTTP status, our message, the last server message (control characters escaped), the attempts.
    error(boost::system::error_code code, diagnostics diag);
    /// The diagnostics, as the call left them (the server's messages verbatim).
    const diagnostics& diag() const noexcept { return diag_; }
    /// The last server message, or "" if there is none.
    const std::string& server_message() const noexcept;
    /// What went wrong, in one line: what the constructor says, then the code's message.
    /// Unlike boost::system::system_error's, it carries no "[category:value at
    /// file:line]" (code() keeps its source location for a debugger).
    const char* what() const noexcept override { return what_.c_str(); }

private:
    static std::string describe(const boost::system::error_code& code, const diagnostics& diag);
    diagnostics diag_;
    std::string what_;
};

} // namespace numerapi

/// @cond
// Makes errc an error code enum (said at errc), and condition an error condition enum.
// Left out of the reference: Doxygen cannot place a specialisation declared outside its
// namespace.
template <>
struct boost::system::is_error_code_enum<numerapi::errc> : std::true_type {};
template <>
struct boost::system::is_error_condition_enum<numerapi::condition> : std::true_type {};
/// @endcond
