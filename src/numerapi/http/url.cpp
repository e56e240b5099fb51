#include "numerapi/http/url.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <boost/url/parse.hpp>

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
    if (parsed->host().empty()) invalid(text, "no host");
    if (parsed->has_userinfo()) invalid(text, "user information in URLs is not supported");
    https_url url;
    url.host = parsed->host_type() == boost::urls::host_type::ipv6 ? std::string(parsed->encoded_host_address())
                                                                   : std::string(parsed->host());
    url.port = parsed->has_port() ? std::string(parsed->port()) : "443";
    url.target = std::string(parsed->encoded_path());
    if (url.target.empty()) url.target = "/";
    if (parsed->has_query()) url.target += "?" + std::string(parsed->encoded_query());
    return url;
}

} // namespace numerapi::detail
