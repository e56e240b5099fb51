// One verified TLS connection to one host, and how to open it.
#pragma once

#include "common/tls_stream.hpp"
#include "numerapi/http/proxy_route.hpp"
#include "numerapi/http/tls_sessions.hpp"
#include "numerapi/http/url.hpp"

#include <numerapi/detail/outcome.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace numerapi::detail {

using https_stream = tls_stream<boost::beast::tcp_stream>;

struct connect_timeouts {
    std::chrono::milliseconds connect{std::chrono::seconds{10}};
    std::chrono::milliseconds handshake{std::chrono::seconds{10}};
};

/// The most an answer's framing may hold at once: its head, a chunk-size line with its
/// extensions, or its trailer. Beast bounds the head (8 KiB), not the rest: without this
/// bound a server that sends "1;" and then endless bytes grows the buffer until the process
/// dies. Past it, a read fails with http::error::buffer_overflow. Bodies never pass through
/// whole (they are copied out as they arrive), so this costs no speed.
inline constexpr std::size_t framing_limit = 256u << 10;

struct connection {
    connection(boost::asio::any_io_executor ex, boost::asio::ssl::context& tls) : stream(ex, tls) {}

    https_stream stream;
    /// Bytes read past the end of the last response stay with the connection.
    boost::beast::flat_buffer buffer{framing_limit};
    std::chrono::steady_clock::time_point idle_since{};
    /// When the server said it would close the idle connection (Keep-Alive: timeout=N).
    std::optional<std::chrono::steady_clock::time_point> server_closes_at;
    /// Served a response before this one, so it comes from the pool's idle list: a failure
    /// before any byte of the answer may be a connection the server closed meanwhile.
    bool reused = false;
    /// A buffer for response bodies, kept across the connection's requests.
    std::vector<char> body_buffer;

    /// Whether the server has closed or reset it, or sent anything unasked (a TLS alert,
    /// junk) while it was idle; seen without sending, so without using it up. TLS 1.3
    /// session tickets, which arrive unasked, are taken and are no sign of closure.
    bool looks_closed();
};

/// A failure to reach a host (`where`: "while connecting to ..."), before any byte of a
/// request was sent: the pool's, the connection's and the proxy tunnel's.
failure not_connected(const boost::system::error_code& ec, std::string where);

/// Resolves, connects (through a CONNECT tunnel when `proxy` is given and applies to the
/// host) and completes a verified TLS handshake with the host (SNI for host names, peer
/// certificate chain and host name or IP checked). Fails with the failing step's code (a
/// timeout is beast::error::timeout), or the proxy's refusal (proxy_tunnel.hpp); the
/// request was not sent. `sessions`: where a session of the origin's is taken from and the
/// host's new ones go (tls_sessions.hpp); none: a full handshake.
boost::asio::awaitable<outcome<std::unique_ptr<connection>>> open_connection(boost::asio::ssl::context& tls,
                                                                             https_url url, connect_timeouts timeouts,
                                                                             const proxy_route* proxy,
                                                                             tls_sessions* sessions = nullptr);

} // namespace numerapi::detail
