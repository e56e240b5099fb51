// The CONNECT tunnel through an HTTP proxy (RFC 9110 9.3.6), on a TCP stream already
// connected to the proxy. The TLS handshake with the real host follows inside it.
#pragma once

#include "numerapi/http/proxy_route.hpp"
#include "numerapi/http/url.hpp"

#include <numerapi/detail/outcome.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <optional>

namespace numerapi::detail {

/// Asks the proxy for a tunnel to `target`'s host and port and reads its answer, under the
/// stream's current expiry: nothing when the tunnel is open, else the failure, with the
/// request not sent. A refusal is errc::http_status with the proxy's status (a 407 or 403
/// is permanent, a 502, 503 or 504 transient), saying that the proxy answered and not the
/// server; a network failure has its own code, said to be on the way through the proxy.
boost::asio::awaitable<std::optional<failure>> open_tunnel(boost::beast::tcp_stream& stream, const proxy_route& proxy,
                                                           const https_url& target);

} // namespace numerapi::detail
