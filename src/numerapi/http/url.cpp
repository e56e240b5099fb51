#include "numerapi/http/url.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace numerapi::detail {
namespace {
/// A presigned URL's query is a short-lived credential: errors quote the URL without it.
std::string without_query(std::string_view text) {
    const auto cut = text.find_first_of("?#");
    std::string shown = printable(text.substr(0, cut));
    if (cut != std::string_view::npos) shown += "?...";
    return shown;
}

[[noreturn]] void invalid(std::string_view text, std::string_view why) {
    throw error(make_error_code(errc::invalid_argument),
                {.client_message = "invalid URL \"" + without_query(text) + "\": " + std::string(why)});
}
} // namespace

std::string https_url::host_header() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string h = ipv6 ? "[" + host + "]" : host;
    if (port != "443") h += ":" + port;
    return h;
}

https_url parse_https_url(std::string_view text) {
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) invalid(text, "not an absolute URL");
    if (parsed->scheme_id() != boost::urls::scheme::https) invalid(text, "only https URLs are allowed");
    if (parsed->has_userinfo()) invalid(text, "user information in URLs is not supported");
    // The authority must end where a path, a query or a fragment begins (Boost.URL 1.81
    // reads "https://a.:443h" as port 443 and path "h").
    const std::string_view authority = parsed->encoded_authority();
    const std::string_view after = text.substr(std::min(text.size(), text.find("//") + 2 + authority.size()));
    if (!after.empty() && after.front() != '/' && after.front() != '?' && after.front() != '#')
        invalid(text, "a malformed host or port");
    https_url url;
    switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4: url.host = std::string(parsed->encoded_host()); break;
    case boost::urls::host_type::ipv6: url.host = std::string(parsed->encoded_host_address()); break;
    case boost::urls::host_type::name:
        // A DNS name, as it goes into Host and SNI: letters, digits, '-', '_' and '.' only
        // (no percent-encoding, which could smuggle '/', CR or LF in).
        url.host = std::string(parsed->encoded_host());
        if (url.host.empty() || !std::all_of(url.host.begin(), url.host.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
            }))
            invalid(text, "the host is not a DNS name or an IP address");
        break;
    default: invalid(text, "no host");
    }
    url.port = parsed->has_port() ? std::string(parsed->port()) : "443";
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
    if (url.port.empty() || ec != std::errc{} || end != url.port.data() + url.port.size() || port == 0 || port > 65535)
        invalid(text, "the port is not a number from 1 to 65535");
    url.target = std::string(parsed->encoded_path());
    if (url.target.empty()) url.target = "/";
    if (parsed->has_query()) url.target += "?" + std::string(parsed->encoded_query());
    return url;
}

} // namespace numerapi::detail
