#include "numerapi/http/url.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>
#include <utility>

namespace numerapi::detail {
namespace {
/// A URL that parsed, as messages show it: scheme, host and port, and the path; never the
/// user information (a proxy's password) nor the query (a presigned URL's credential). A
/// password may hold '/', '?', '#' or '@' unencoded, and then what parsed as the host and
/// port, or the path, is the password: when an '@' follows the authority, or the port is no
/// number, nothing past the scheme is shown.
std::string shown_url(const boost::urls::url_view& url) {
    const std::string scheme = std::string(url.scheme()) + "://";
    const std::string_view port = url.port();
    const auto has_at = [](std::string_view part) { return part.find('@') != std::string_view::npos; };
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        has_at(url.encoded_path()) || has_at(url.encoded_query()) || has_at(url.encoded_fragment()))
        return scheme + "...";
    std::string shown = scheme + printable(url.encoded_host()) + (url.has_port() ? ":" + std::string(port) : "");
    shown += printable(url.encoded_path());
    if (url.has_query() || url.has_fragment()) shown += "?...";
    return shown;
}

/// The failure for a URL that parsed but is refused.
failure invalid(const boost::urls::url_view& url, std::string_view why) {
    return failure(make_error_code(errc::invalid_argument),
                   {.client_message = "invalid URL \"" + shown_url(url) + "\": " + std::string(why)});
}

/// The failure for a URL that does not parse. Such a URL is never quoted: where its user
/// information ends is unknown, so any part of it may be a password.
failure unparsable(std::string_view kind, std::string_view why) {
    return failure(make_error_code(errc::invalid_argument),
                   {.client_message = "invalid " + std::string(kind) +
                        " (not shown: it does not parse, and may hold a password): " + std::string(why)});
}
} // namespace

std::string https_url::host_header() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string h = ipv6 ? "[" + host + "]" : host;
    if (port != "443") h += ":" + port;
    return h;
}

namespace {

/// The host and port of an absolute URL, checked: a DNS name or an IP literal, and a port
/// from 1 to 65535 (`default_port` when there is none); or the failure.
outcome<std::pair<std::string, std::string>> checked_host_port(const boost::urls::url_view& parsed,
                                                               std::string_view text, std::string_view default_port) {
    // The authority must end where a path, a query or a fragment begins (Boost.URL 1.81
    // reads "https://a.:443h" as port 443 and path "h").
    const std::string_view authority = parsed.encoded_authority();
    const std::string_view after = text.substr(std::min(text.size(), text.find("//") + 2 + authority.size()));
    if (!after.empty() && after.front() != '/' && after.front() != '?' && after.front() != '#')
        return invalid(parsed, "a malformed host or port");
    std::string host;
    switch (parsed.host_type()) {
        case boost::urls::host_type::ipv4: host = std::string(parsed.encoded_host()); break;
        case boost::urls::host_type::ipv6: host = std::string(parsed.encoded_host_address()); break;
        case boost::urls::host_type::name:
            // A DNS name, as it goes into Host and SNI: letters, digits, '-', '_' and '.' only
            // (no percent-encoding, which could smuggle '/', CR or LF in).
            host = std::string(parsed.encoded_host());
            if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                }))
                return invalid(parsed, "the host is not a DNS name or an IP address");
            break;
        default: return invalid(parsed, "no host");
    }
    std::string port = parsed.has_port() ? std::string(parsed.port()) : std::string(default_port);
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || number == 0 || number > 65535)
        return invalid(parsed, "the port is not a number from 1 to 65535");
    return std::pair(std::move(host), std::move(port));
}

} // namespace

outcome<https_url> parse_https_url(std::string_view text) {
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) return unparsable("URL", "not an absolute URL");
    if (parsed->scheme_id() != boost::urls::scheme::https) return invalid(*parsed, "only https URLs are allowed");
    if (parsed->has_userinfo()) return invalid(*parsed, "user information in URLs is not supported");
    auto host_port = checked_host_port(*parsed, text, "443");
    if (!host_port) return host_port.error();
    https_url url;
    std::tie(url.host, url.port) = std::move(*host_port);
    url.target = std::string(parsed->encoded_path());
    if (url.target.empty()) url.target = "/";
    if (parsed->has_query()) url.target += "?" + std::string(parsed->encoded_query());
    return url;
}

outcome<proxy_url> parse_proxy_url(std::string_view given) {
    const std::string text =
        given.find("://") == std::string_view::npos ? "http://" + std::string(given) : std::string(given);
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) return unparsable("proxy URL", "not a URL");
    if (parsed->scheme_id() != boost::urls::scheme::http)
        return invalid(*parsed,
                       "only http:// proxies are supported (the connection to the server inside the tunnel is TLS)");
    const auto path = parsed->encoded_path();
    if ((!path.empty() && path != "/") || parsed->has_query() || parsed->has_fragment())
        return invalid(*parsed, "a proxy URL has no path or query");
    auto host_port = checked_host_port(*parsed, text, "1080");
    if (!host_port) return host_port.error();
    proxy_url url;
    std::tie(url.host, url.port) = std::move(*host_port);
    if (parsed->has_userinfo()) {
        url.user = std::string(parsed->user());
        url.password = std::string(parsed->password());
        url.has_credentials = true;
    }
    url.shown =
        "http://" + (url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host) + ":" + url.port;
    return url;
}

} // namespace numerapi::detail
