#include "numerapi/http/connection.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace numerapi::detail {
namespace asio = boost::asio;

asio::awaitable<std::unique_ptr<connection>> open_connection(asio::ssl::context& tls, https_url url,
                                                             connect_timeouts timeouts) {
    auto ex = co_await asio::this_coro::executor;
    auto conn = std::make_unique<connection>(ex, tls);
    auto& tcp = boost::beast::get_lowest_layer(conn->stream);

    asio::ip::tcp::resolver resolver{ex};
    tcp.expires_after(timeouts.connect);
    const auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    co_await tcp.async_connect(endpoints, asio::use_awaitable);
    tcp.socket().set_option(asio::ip::tcp::no_delay(true));

    boost::system::error_code ec;
    asio::ip::make_address(url.host, ec);
    const bool is_ip = !ec;
    // SNI carries host names only (RFC 6066); IP literals are checked against IP SANs.
    if (!is_ip && SSL_set_tlsext_host_name(conn->stream.native_handle(), url.host.c_str()) != 1)
        throw boost::system::system_error(
            boost::system::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    conn->stream.set_verify_mode(asio::ssl::verify_peer);
    conn->stream.set_verify_callback(asio::ssl::host_name_verification(url.host));

    tcp.expires_after(timeouts.handshake);
    co_await conn->stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    tcp.expires_never();
    co_return conn;
}

} // namespace numerapi::detail
