// Errors: one exception type, numerapi::error, a boost::system::system_error whose code is
// either one of ours (numerapi::errc, below) or the transport's own (asio, ssl, beast), and
// which carries diagnostics. The server's text is kept apart from ours and is untrusted.
// No diagnostic ever contains the secret key.
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

/// The client's own error conditions.
enum class errc {
    success = 0,
    graphql_error,         ///< the server answered with `errors` (see diagnostics::server_messages)
    authentication_failed, ///< the server rejected the keys ("Your session is invalid or has expired.")
    credentials_missing,   ///< a private call without keys; nothing was sent
    round_not_open,        ///< "Current round not open for submissions" (between rounds)
    http_status,           ///< a non-2xx HTTP status (see diagnostics::http_status)
    invalid_response,      ///< the body was not the JSON we expect (e.g. an HTML 502 page)
    response_too_large,    ///< the body exceeded client_options::max_response_body
    invalid_argument,      ///< a bad option or argument, detected before any I/O
    timeout,               ///< a connect, handshake or read timeout of client_options fired
    url_expired,           ///< a presigned URL expired (403); a fresh one is fetched and the transfer goes on
    size_mismatch,         ///< a transfer ended with a size other than the server announced
    checksum_mismatch,     ///< the file's MD5 differs from the server's Content-MD5 or MD5 ETag
    io_error,              ///< the local file could not be written, read or renamed
    invalid_predictions,   ///< a predictions file breaks the submission rules; nothing was sent
};

NUMERAPI_EXPORT const boost::system::error_category& error_category() noexcept;
NUMERAPI_EXPORT boost::system::error_code make_error_code(errc e) noexcept;
/// Writes the condition's message, e.g. "the API rejected the keys".
NUMERAPI_EXPORT std::ostream& operator<<(std::ostream& os, errc e);

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

class NUMERAPI_EXPORT error : public boost::system::system_error {
public:
    error(boost::system::error_code code, diagnostics diag);
    const diagnostics& diag() const noexcept { return diag_; }
    /// The last server message, or "" if there is none.
    const std::string& server_message() const noexcept;

private:
    static std::string describe(const boost::system::error_code& code, const diagnostics& diag);
    diagnostics diag_;
};

} // namespace numerapi

template <>
struct boost::system::is_error_code_enum<numerapi::errc> : std::true_type {};
