#include "numerapi/retry/failure_class.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace numerapi::detail {

failure_class classify(const boost::system::error_code& code, unsigned http_status) {
    namespace asio = boost::asio;
    // A fresh presigned URL has been fetched, or a transfer stopped short and can resume:
    // the next attempt can succeed whatever the status of the answer was.
    if (code == errc::url_expired || code == errc::size_mismatch || code == errc::timeout) return failure_class::transient;
    // A 2xx whose body is not JSON at all came from something in between (a proxy, a cut
    // connection), not from the API's judgement.
    if (code == errc::invalid_response && http_status >= 200 && http_status < 300) return failure_class::transient;
    if (http_status != 0) {
        switch (http_status) {
        case 408: case 429: case 500: case 502: case 503: case 504: return failure_class::transient;
        default: break;
        }
        // An answer with another status, or a GraphQL error in a 200, will not change.
        return failure_class::permanent;
    }
    if (code.category() == error_category()) {
        // timeout is ours too: a connect, handshake or read that took too long.
        return code == errc::timeout || code == errc::url_expired || code == errc::size_mismatch
                   ? failure_class::transient
                   : failure_class::permanent;
    }
    if (code == boost::beast::error::timeout || code == asio::error::timed_out ||
        code == asio::error::connection_refused || code == asio::error::connection_reset ||
        code == asio::error::connection_aborted || code == asio::error::broken_pipe ||
        code == asio::error::network_unreachable || code == asio::error::host_unreachable ||
        code == asio::error::eof || code == asio::ssl::error::stream_truncated ||
        code == boost::beast::http::error::end_of_stream || code == boost::beast::http::error::partial_message ||
        code == asio::error::host_not_found_try_again)
        return failure_class::transient;
    // Certificate failures, unknown hosts, cancellation and everything else are final.
    return failure_class::permanent;
}

} // namespace numerapi::detail
