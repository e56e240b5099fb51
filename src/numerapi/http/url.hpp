// URLs as the client uses them: the API endpoint and presigned file URLs (https), and the
// proxy (http).
#pragma once

#include <numerapi/detail/outcome.hpp>

#include <string>
#include <string_view>

namespace numerapi::detail {

struct https_url {
    std::string host;   ///< name or IP literal, without brackets
    std::string port;   ///< "443" when the URL has none
    std::string target; ///< path and query, at least "/"

    /// "host:port", the pool's key.
    std::string origin() const { return host + ":" + port; }
    /// The Host header value.
    std::string host_header() const;
};

/// Parses an absolute https URL. Returns it, or the failure (errc::invalid_argument) for
/// anything else, http:// included: TLS is not optional.
outcome<https_url> parse_https_url(std::string_view text);

/// An HTTP proxy's address, from client_options::proxy.
struct proxy_url {
    std::string host; ///< name or IP literal, without brackets
    std::string port; ///< "1080" when the URL has none (curl's default)
    std::string user; ///< decoded from the URL's user information
    std::string password;
    bool has_credentials = false;
    std::string shown; ///< "http://host:port": for messages, never with the credentials
};

/// Parses `[http://][user[:password]@]host[:port][/]`. Returns it, or the failure
/// (errc::invalid_argument) for anything else, https:// and socks proxies included; the
/// message leaves the user information out.
outcome<proxy_url> parse_proxy_url(std::string_view text);

} // namespace numerapi::detail
