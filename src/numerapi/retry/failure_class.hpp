// The one place that decides whether a failure is worth another attempt, and what a
// refused presigned URL means. The retry loop and every transfer engine ask it.
#pragma once

#include <boost/system/error_code.hpp>

#include <string_view>

namespace numerapi::detail {

enum class failure_class {
    transient, ///< another attempt may succeed: resets, timeouts, 408, 429, 5xx gateways
    permanent, ///< it will fail the same way again: other 4xx, GraphQL errors, bad input
};

/// `code` is the error's code; `http_status` the response status, 0 if none arrived.
///
/// Transient: resets, EOF or a refused connection before an answer, timeouts, DNS "try
/// again", TLS record errors after the handshake (a bad record MAC, a record that cannot be
/// decrypted or should not be there), 408, 429, 500, 502, 503, 504, an expired presigned
/// URL (a fresh one has been fetched), a transfer stopped short, a 2xx whose body is not
/// JSON. Permanent: certificate and host-name verification failures and every other TLS
/// failure, a name that does not exist, other statuses, GraphQL errors, bad input,
/// cancellation.
failure_class classify(const boost::system::error_code& code, unsigned http_status);

/// Whether a file host's answer says that a presigned URL has expired, so that a fresh one
/// is the remedy: a 403 whose body says so (S3's "Request has expired", GCS's
/// "ExpiredToken"). Every transfer decides it here.
bool presigned_url_expired(unsigned http_status, std::string_view body);

} // namespace numerapi::detail
