// The https URL parser on any text: the API endpoint comes from the user, but presigned file
// URLs come from the server, and the parsed host, port and target go into the connection,
// the pool's key and the request line.
//
// Properties: parse_https_url throws numerapi::error or returns a URL whose host is not
// empty, whose port is a number, and whose target starts with '/'; none of the three holds
// a control character, a space or (for the host) a '/', which would let a URL write
// headers or split the request line; and the URL the client would rebuild from them
// (https:// Host header, target) parses back to the same parts.
#include "fuzz/support/fuzz_check.hpp"

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using numerapi::detail::parse_https_url;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    numerapi::detail::https_url url;
    try {
        url = parse_https_url(text);
    } catch (const numerapi::error&) {
        return 0;
    }
    FUZZ_CHECK(!url.host.empty());
    FUZZ_CHECK(!url.port.empty() && url.port.find_first_not_of("0123456789") == std::string::npos);
    FUZZ_CHECK(url.target.starts_with('/'));
    FUZZ_CHECK(printable(url.host) && url.host.find('/') == std::string::npos);
    FUZZ_CHECK(printable(url.target));

    const auto again = parse_https_url("https://" + url.host_header() + url.target);
    FUZZ_CHECK(again.host == url.host && again.port == url.port && again.target == url.target);
    return 0;
}
