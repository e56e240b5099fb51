/// @file
/// The HTTP proxy that HTTPS connections go through, as curl and Python requests take it
/// from HTTPS_PROXY and NO_PROXY. The client asks the proxy for a tunnel (HTTP CONNECT) to
/// the real host and speaks TLS to the real host inside it: the real host's certificate
/// and name are verified as on a direct connection, and the proxy sees only encrypted bytes.
#pragma once

#include <numerapi/export.hpp>

#include <optional>
#include <string>

namespace numerapi {

/// An HTTP proxy and the hosts that bypass it: client_options::proxy.
struct proxy_options {
    /// `http://[user[:password]@]host[:port]`; without a scheme, http:// is assumed, and
    /// without a port, 1080 (as curl does). The user and password (percent-encoded in the
    /// URL) are sent as `Proxy-Authorization: Basic`; no message of this library shows them.
    /// Only http:// proxies: https:// and socks proxies are refused with
    /// errc::invalid_argument.
    std::string url;

    /// The hosts reached directly, in NO_PROXY's syntax: a comma-separated list of host
    /// names (each also covers its subdomains; a leading dot is ignored), IP addresses,
    /// CIDR ranges such as `10.0.0.0/8`, and optionally `:port` after a name; `*` alone
    /// means every host.
    std::string no_proxy;

    /// https_proxy, else HTTPS_PROXY, else all_proxy, else ALL_PROXY (the first one set and
    /// not empty; lower case first, as curl and requests read them), with no_proxy or
    /// NO_PROXY. nullopt when none is set: connections are direct.
    NUMERAPI_EXPORT static std::optional<proxy_options> from_environment();
};

} // namespace numerapi
