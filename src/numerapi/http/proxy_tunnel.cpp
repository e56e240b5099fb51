#include "numerapi/http/proxy_tunnel.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace numerapi::detail {
namespace http = boost::beast::http;

boost::asio::awaitable<void> open_tunnel(boost::beast::tcp_stream& stream, const proxy_route& proxy,
                                         const https_url& target) {
    const std::string authority =
        (target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host) + ":" + target.port;
    http::request<http::empty_body> connect{http::verb::connect, authority, 11};
    connect.set(http::field::host, authority);
    if (!proxy.authorization.empty()) connect.set(http::field::proxy_authorization, proxy.authorization);
    co_await http::async_write(stream, connect, boost::asio::use_awaitable);

    // The answer to CONNECT has no body: a 2xx turns the connection into the tunnel.
    boost::beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    parser.skip(true);
    parser.header_limit(16 * 1024);
    co_await http::async_read_header(stream, buffer, parser, boost::asio::use_awaitable);
    const auto& answer = parser.get();
    const unsigned status = answer.result_int();
    const std::string where = "the proxy " + proxy.shown + " ";
    if (status / 100 != 2) {
        std::string why = where + "answered " + std::to_string(status) + " " + printable(answer.reason()) +
            " when asked for a tunnel to " + authority;
        if (status == 407 || status == 401) // tinyproxy answers wrong credentials with a 401
            why += proxy.authorization.empty() ? " (it wants credentials: put user:password@ in the proxy URL)"
                                               : " (it refused the credentials in the proxy URL)";
        throw error(make_error_code(errc::http_status),
                    {.http_status = status, .client_message = std::move(why), .request_sent = false});
    }
    if (buffer.size() != 0)
        throw error(make_error_code(errc::invalid_response),
                    {.client_message = where + "sent bytes after opening the tunnel, before the TLS handshake",
                     .request_sent = false});
}

} // namespace numerapi::detail
