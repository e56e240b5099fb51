#include "numerapi/http/transport.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {
/// A reused connection the server had already closed fails like this before any byte of
/// the response arrives.
bool is_stale_connection_error(const boost::system::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}
} // namespace

asio::awaitable<api_response> pooled_transport::send(https_url url, api_request request, bool idempotent) {
    for (int attempt = 0;; ++attempt) {
        lease conn = co_await pool_.acquire(url);
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);
        const bool reused = conn->reused;
        boost::system::error_code ec;

        tcp.expires_after(limits_.read_timeout);
        co_await http::async_write(conn->stream, request, asio::redirect_error(asio::use_awaitable, ec));
        http::response_parser<http::string_body> parser;
        parser.body_limit(limits_.max_response_body);
        parser.skip(request.method() == http::verb::head); // a HEAD response has no body, whatever its headers say
        if (!ec) {
            tcp.expires_after(limits_.read_timeout);
            co_await http::async_read(conn->stream, conn->buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        }
        if (ec) {
            if (reused && idempotent && attempt == 0 && is_stale_connection_error(ec) && !parser.got_some())
                continue; // the lease closes the dead connection; try once on a fresh one
            throw boost::system::system_error(ec);
        }
        tcp.expires_never();
        api_response response = parser.release();
        if (response.keep_alive()) conn.mark_reusable();
        co_return response;
    }
}

} // namespace numerapi::detail
