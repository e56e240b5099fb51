#include "numerapi/retry/failure_class.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>

namespace numerapi::detail {

namespace {

/// A TLS failure of the record layer, after the handshake: the bytes were damaged on the
/// way (or a middlebox cut in), and a new connection will not meet them again.
bool is_tls_record_error(const boost::system::error_code& code) {
    if (code.category() != boost::asio::error::get_ssl_category()) return false;
    switch (ERR_GET_REASON(static_cast<unsigned long>(code.value()))) {
        case SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC:
        case SSL_R_DECRYPTION_FAILED:
        case SSL_R_UNEXPECTED_RECORD:
        case SSL_R_BAD_RECORD_TYPE:
        case SSL_R_RECORD_LENGTH_MISMATCH:
        case SSL_R_PACKET_LENGTH_TOO_LONG:
        case SSL_R_WRONG_VERSION_NUMBER:
        case SSL_R_UNEXPECTED_EOF_WHILE_READING:
        case SSL_R_SSLV3_ALERT_BAD_RECORD_MAC: return true;
        default: return false;
    }
}

} // namespace

bool presigned_url_expired(unsigned http_status, std::string_view body) {
    if (http_status != 403) return false;
    std::string lower(body.substr(0, 4096));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("request has expired") != std::string::npos || lower.find("expiredtoken") != std::string::npos ||
        lower.find("url has expired") != std::string::npos;
}

failure_class classify(const boost::system::error_code& code, unsigned http_status) {
    namespace asio = boost::asio;
    // A cancellation is final, whatever answer the attempt it ended had (the wait before the
    // next attempt keeps the last answer's status).
    if (code == asio::error::operation_aborted) return failure_class::permanent;
    // A fresh presigned URL has been fetched, or a transfer stopped short and can resume:
    // the next attempt can succeed whatever the status of the answer was.
    if (code == errc::url_expired || code == errc::size_mismatch || code == errc::timeout)
        return failure_class::transient;
    // A 2xx whose body is not JSON at all came from something in between (a proxy, a cut
    // connection), not from the API's judgement.
    if (code == errc::invalid_response && http_status >= 200 && http_status < 300) return failure_class::transient;
    if (http_status != 0) {
        switch (http_status) {
            case 408:
            case 429:
            case 500:
            case 502:
            case 503:
            case 504: return failure_class::transient;
            default: break;
        }
        // An answer with another status, or a GraphQL error in a 200, will not change.
        return failure_class::permanent;
    }
    if (code.category() == error_category()) return failure_class::permanent; // the transient ones are above
    if (code == boost::beast::error::timeout || code == asio::error::timed_out ||
        code == asio::error::connection_refused || code == asio::error::connection_reset ||
        code == asio::error::connection_aborted || code == asio::error::broken_pipe ||
        code == asio::error::network_unreachable || code == asio::error::host_unreachable || code == asio::error::eof ||
        code == asio::ssl::error::stream_truncated || code == boost::beast::http::error::end_of_stream ||
        code == boost::beast::http::error::partial_message || code == asio::error::host_not_found_try_again ||
        is_tls_record_error(code))
        return failure_class::transient;
    // Certificate failures, unknown hosts, cancellation and everything else are final.
    return failure_class::permanent;
}

failure_verdict judge(const failure& f) {
    const auto& diag = f.diag;
    failure_verdict v;
    v.transient = classify(f.code, diag.http_status) == failure_class::transient;
    v.surely_not_run =
        diag.http_status == 429 || !diag.request_sent || f.code == boost::asio::error::connection_refused;
    v.outcome_unknown = v.transient && !v.surely_not_run;
    v.round_changing = f.code == errc::round_not_open;
    return v;
}

bool may_be_stale(const boost::system::error_code& code) {
    return code != boost::asio::error::operation_aborted && code != boost::beast::error::timeout &&
        code.category() != error_category();
}

} // namespace numerapi::detail
