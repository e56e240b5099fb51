// The https URL parser on any text: the API endpoint comes from the user, but presigned file
// URLs come from the server, and the parsed host, port and target go into the connection,
// the pool's key and the request line.
//
// Properties: parse_https_url gives an invalid_argument failure or a URL whose host is not
// empty, whose port is a number, and whose target starts with '/'; none of the three holds
// a control character, a space or (for the host) a '/', which would let a URL write
// headers or split the request line; and the URL the client would rebuild from them
// (https:// Host header, target) parses back to the same parts.
//
// The same text as a proxy URL (client_options::proxy, from HTTPS_PROXY) and as a NO_PROXY
// list: make_proxy_route throws numerapi::error (whose message never holds a password put
// into the URL) or gives a proxy host and port of the same kind, a message form without the
// user information, and a NO_PROXY matcher that answers for any host without failing.
#include "fuzz/support/fuzz_check.hpp"

#include "numerapi/http/proxy_route.hpp"
#include "numerapi/http/url.hpp"

#include <numerapi/error.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

bool printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u != 0x7f;
    });
}

/// `url` as a proxy URL and `text` as a NO_PROXY list; `secret`, if not empty, must appear in
/// no message.
void check_proxy(const std::string& url, std::string_view text, std::string_view secret) {
    numerapi::detail::proxy_route route;
    try {
        route = numerapi::detail::make_proxy_route({.url = url, .no_proxy = std::string(text)});
    } catch (const numerapi::error& e) {
        if (!secret.empty()) FUZZ_CHECK(std::string_view(e.what()).find(secret) == std::string_view::npos);
        return;
    }
    FUZZ_CHECK(!route.host.empty() && printable(route.host) && route.host.find('/') == std::string::npos);
    FUZZ_CHECK(!route.port.empty() && route.port.find_first_not_of("0123456789") == std::string::npos);
    FUZZ_CHECK(route.shown.starts_with("http://") && route.shown.find('@') == std::string::npos);
    if (!secret.empty()) FUZZ_CHECK(route.shown.find(secret) == std::string::npos);
    (void)route.applies_to(route.host, route.port);
    (void)route.applies_to("10.1.2.3", "443");
    (void)route.applies_to("::1", "443");
    (void)route.applies_to("api-tournament.numer.ai", "443");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using numerapi::detail::parse_https_url;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_proxy(std::string(text), text, {});
    // With a password the rest cannot spell: no message may show it.
    constexpr std::string_view secret = "Zq9Xw7PkSecret";
    if (text.find(secret) == std::string_view::npos) {
        const auto scheme = text.find("://");
        const std::string rest(scheme == std::string_view::npos ? text : text.substr(scheme + 3));
        check_proxy("http://user:" + std::string(secret) + "@" + rest, text, secret);
    }
    const auto parsed = parse_https_url(text);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == numerapi::errc::invalid_argument);
        return 0;
    }
    const numerapi::detail::https_url& url = *parsed;
    FUZZ_CHECK(!url.host.empty());
    FUZZ_CHECK(!url.port.empty() && url.port.find_first_not_of("0123456789") == std::string::npos);
    FUZZ_CHECK(url.target.starts_with('/'));
    FUZZ_CHECK(printable(url.host) && url.host.find('/') == std::string::npos);
    FUZZ_CHECK(printable(url.target));

    const auto again = parse_https_url("https://" + url.host_header() + url.target);
    FUZZ_CHECK(again && again->host == url.host && again->port == url.port && again->target == url.target);
    return 0;
}
