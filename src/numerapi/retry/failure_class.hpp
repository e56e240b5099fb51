// The one place that decides what a failure means: whether another attempt may succeed,
// whether the request may have run, whether a kept-alive connection was only stale,
// whether a presigned URL expired, whether the round is changing. The retry loop, the
// exchange's resend, the submission flow, the stake changes, the round watcher and the
// round checks (call_context::round_open, check_new_round) ask judge() and may_be_stale();
// the transfer engines' one judge of a file host's answer (transfer/presigned_url.hpp) asks
// presigned_url_expired().
#pragma once

#include <numerapi/detail/outcome.hpp>

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

/// What a call's failure means to the loops around its attempts.
struct failure_verdict {
    /// Another attempt may succeed (classify()).
    bool transient = false;
    /// The server surely did not run the request: it refused it (429), or never received it
    /// (no connection, a failed handshake, nothing sent). Only then is a request that is
    /// not idempotent sent again.
    bool surely_not_run = false;
    /// Transient, and nothing proves it did not run: a request that is not idempotent is
    /// not repeated; its caller asks the server what happened (an upload's create, a stake
    /// change).
    bool outcome_unknown = false;
    /// The API refused because no round is open: a rollover (the submission flow waits).
    bool round_changing = false;
};

/// The verdict on `f`.
failure_verdict judge(const failure& f);

/// Whether a failure on a kept-alive connection, before any byte of the answer, may only
/// mean that the server had closed it meanwhile: every failure but our own (a timeout,
/// a limit) and cancellation. The exchange then sends an idempotent request once more on a
/// fresh connection, at once.
bool may_be_stale(const boost::system::error_code& code);

} // namespace numerapi::detail
