#include "numerapi/http/proxy_tunnel.hpp"

#include "numerapi/http/connection.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace numerapi::detail {
namespace http = boost::beast::http;

boost::asio::awaitable<std::optional<failure>> open_tunnel(boost::beast::tcp_stream& stream, const proxy_route& proxy,
                                                           const https_url& target) {
    const auto refused = [](boost::system::error_code code, unsigned status, std::string why) {
        failure f = not_connected(code, std::move(why));
        f.diag.http_status = status;
        return std::optional<failure>(std::move(f));
    };
    const auto on_the_way = [&](boost::system::error_code code) {
        return refused(code, 0, "while connecting to " + target.host + " through the proxy " + proxy.shown);
    };
    const std::string authority =
        (target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host) + ":" + target.port;
    http::request<http::empty_body> connect{http::verb::connect, authority, 11};
    connect.set(http::field::host, authority);
    if (!proxy.authorization.empty()) connect.set(http::field::proxy_authorization, proxy.authorization);
    boost::system::error_code ec;
    co_await http::async_write(stream, connect, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec) co_return on_the_way(ec);

    // The answer to CONNECT has no body: a 2xx turns the connection into the tunnel.
    boost::beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    parser.skip(true);
    parser.header_limit(16 * 1024);
    co_await http::async_read_header(stream, buffer, parser,
                                     boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec) co_return on_the_way(ec);
    const auto& answer = parser.get();
    const unsigned status = answer.result_int();
    const std::string where = "the proxy " + proxy.shown + " ";
    if (status / 100 != 2) {
        std::string why = where + "answered " + std::to_string(status) + " " + printable(answer.reason()) +
            " when asked for a tunnel to " + authority;
        if (status == 407 || status == 401) // tinyproxy answers wrong credentials with a 401
            why += proxy.authorization.empty() ? " (it wants credentials: put user:password@ in the proxy URL)"
                                               : " (it refused the credentials in the proxy URL)";
        co_return refused(make_error_code(errc::http_status), status, std::move(why));
    }
    if (buffer.size() != 0)
        co_return refused(make_error_code(errc::invalid_response), 0,
                          where + "sent bytes after opening the tunnel, before the TLS handshake");
    co_return std::nullopt;
}

} // namespace numerapi::detail
