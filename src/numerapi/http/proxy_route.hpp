// Which connections go through the HTTP proxy, and where it is: client_options::proxy
// checked once, when the client is made.
#pragma once

#include <numerapi/proxy.hpp>

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::detail {

struct proxy_route {
    std::string host;          ///< the proxy's name or IP literal, without brackets
    std::string port;          ///< "1080" when the URL has none
    std::string authorization; ///< "Basic ..." from the URL's user and password; empty: none
    std::string shown;         ///< "http://host:port": what messages say, never the credentials

    /// One NO_PROXY entry, parsed.
    struct exception {
        std::string name;                                ///< a host name (matches it and its subdomains), or empty
        std::string port;                                ///< with a name: only this port; empty: any
        std::optional<boost::asio::ip::address> network; ///< else an IP range: its first address
        unsigned prefix = 0;                             ///< and its prefix length in bits
    };
    std::vector<exception> direct;
    bool all_direct = false; ///< NO_PROXY was "*"

    /// Whether a connection to host:port goes through the proxy.
    bool applies_to(std::string_view host, std::string_view port) const;
};

/// Checks the proxy URL and parses NO_PROXY. Throws numerapi::error
/// (errc::invalid_argument) for a URL that is not an http:// proxy; the message never
/// quotes the credentials.
proxy_route make_proxy_route(const proxy_options& options);

} // namespace numerapi::detail
