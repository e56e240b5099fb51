#include "numerapi/http/connection.hpp"

#include "numerapi/http/proxy_tunnel.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/err.h>
#include <sys/socket.h>
#include <cerrno>
#include <openssl/x509v3.h>

namespace numerapi::detail {
namespace asio = boost::asio;

namespace {

/// What a resolution in the background hands back.
struct resolution {
    explicit resolution(const asio::any_io_executor& ex, std::chrono::steady_clock::time_point deadline)
        : resolver(ex), answered(ex, deadline) {}
    asio::ip::tcp::resolver resolver;
    asio::steady_timer answered; ///< expires at the deadline; cancelled when the answer is in
    bool done = false;
    boost::system::error_code ec;
    asio::ip::tcp::resolver::results_type endpoints;
};

/// Resolves `url`'s host by `deadline`: the endpoints, or the resolver's error,
/// beast's timeout, or operation_aborted. getaddrinfo cannot be interrupted (Asio runs it on
/// a thread of its own), so the lookup is not awaited itself: a late answer arrives to a
/// state nobody waits for any more.
asio::awaitable<asio::ip::tcp::resolver::results_type> resolve_before(const asio::any_io_executor& ex,
                                                                      const std::string& host, const std::string& port,
                                                                      std::chrono::steady_clock::time_point deadline,
                                                                      boost::system::error_code& failed) {
    auto state = std::make_shared<resolution>(ex, deadline);
    state->resolver.async_resolve(host, port,
                                  [state](boost::system::error_code ec, asio::ip::tcp::resolver::results_type r) {
                                      state->done = true;
                                      state->ec = ec;
                                      state->endpoints = std::move(r);
                                      state->answered.cancel();
                                  });
    boost::system::error_code waited;
    co_await state->answered.async_wait(asio::redirect_error(asio::use_awaitable, waited));
    if (!state->done) {
        // The caller cancelled, or the answer is late.
        failed = waited ? waited : boost::system::error_code(boost::beast::error::timeout);
        co_return asio::ip::tcp::resolver::results_type();
    }
    failed = state->ec;
    co_return state->endpoints;
}

/// Resolves and connects `tcp` to `host`:`port` by `deadline`; the first step's error.
asio::awaitable<boost::system::error_code> connect_before(boost::beast::tcp_stream& tcp,
                                                          const asio::any_io_executor& ex, const std::string& host,
                                                          const std::string& port,
                                                          std::chrono::steady_clock::time_point deadline) {
    boost::system::error_code ec;
    const auto endpoints = co_await resolve_before(ex, host, port, deadline, ec);
    if (ec) co_return ec;
    tcp.expires_at(deadline);
    co_await tcp.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    co_return ec;
}

} // namespace

failure not_connected(const boost::system::error_code& ec, std::string where) {
    diagnostics d;
    d.client_message = std::move(where);
    d.request_sent = false;
    return failure(ec, std::move(d));
}

asio::awaitable<outcome<std::unique_ptr<connection>>> open_connection(asio::ssl::context& tls, https_url url,
                                                                      connect_timeouts timeouts,
                                                                      const proxy_route* proxy,
                                                                      tls_sessions* sessions) {
    auto ex = co_await asio::this_coro::executor;
    auto conn = std::make_unique<connection>(ex, tls);
    auto& tcp = boost::beast::get_lowest_layer(conn->stream);
    if (proxy && !proxy->applies_to(url.host, url.port)) proxy = nullptr;

    // Name resolution, the TCP connect and the proxy's tunnel share the connect timeout.
    // Through a proxy, only the proxy's name is resolved here; the proxy resolves the host's.
    const auto deadline = std::chrono::steady_clock::now() + timeouts.connect;
    const std::string connecting = "while connecting to " + url.host;
    if (!proxy) {
        if (const auto ec = co_await connect_before(tcp, ex, url.host, url.port, deadline))
            co_return not_connected(ec, connecting);
    } else {
        // A failure on the way is said to be the proxy's (the code classifies it as before).
        const std::string through = connecting + " through the proxy " + proxy->shown;
        if (const auto ec = co_await connect_before(tcp, ex, proxy->host, proxy->port, deadline))
            co_return not_connected(ec, through);
        if (auto refused = co_await open_tunnel(tcp, *proxy, url)) co_return std::move(*refused);
    }
    boost::system::error_code ec;
    tcp.socket().set_option(asio::ip::tcp::no_delay(true), ec);
    if (ec) co_return not_connected(ec, connecting);

    asio::ip::make_address(url.host, ec);
    const bool is_ip = !ec;
    // SNI carries host names only (RFC 6066); IP literals are checked against IP SANs. The
    // chain is verified by OpenSSL, and the name by OpenSSL's RFC 6125 matcher.
    SSL* ssl = conn->stream.native_handle();
    ::SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
    // The name is matched against the certificate's subjectAltName only, never its subject
    // CN (RFC 6125 6.4.4; what browsers do).
    ::SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
    const bool named = is_ip
        ? ::X509_VERIFY_PARAM_set1_ip_asc(::SSL_get0_param(ssl), url.host.c_str()) == 1
        : ::SSL_set_tlsext_host_name(ssl, url.host.c_str()) == 1 && ::SSL_set1_host(ssl, url.host.c_str()) == 1;
    if (!named) {
        const boost::system::error_code unnamed(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
        co_return not_connected(unnamed, connecting);
    }

    const bool offered = sessions && sessions->prepare(ssl, url.origin());
    tcp.expires_after(timeouts.handshake);
    boost::system::error_code failed;
    co_await conn->stream.async_handshake(tls_engine::role::client, asio::redirect_error(asio::use_awaitable, failed));
    if (failed) {
        // A session that a host (or a box in front of it) chokes on must not be offered to
        // every retry: the next handshake is a full one.
        if (offered) sessions->forget(url.origin());
        co_return not_connected(failed, connecting);
    }
    tcp.expires_never();
    co_return std::move(conn);
}

bool connection::looks_closed() {
    if (buffer.size() > 0) return true; // an answer's bytes nobody asked for
    auto& socket = boost::beast::get_lowest_layer(stream).socket();
    if (!socket.is_open()) return true;
    // TLS 1.3 session tickets arrive unasked after the handshake: taken (and kept, by
    // tls_sessions), they are no sign of closure. A close_notify, an alert, application
    // data, the peer's FIN or a reset are.
    return !stream.settle_idle_input();
}

} // namespace numerapi::detail
