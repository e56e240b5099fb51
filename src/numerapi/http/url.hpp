// https URLs as the client uses them: the API endpoint and presigned file URLs.
#pragma once

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

/// Parses an absolute https URL. Throws numerapi::error (errc::invalid_argument) for
/// anything else, http:// included: TLS is not optional.
https_url parse_https_url(std::string_view text);

} // namespace numerapi::detail
