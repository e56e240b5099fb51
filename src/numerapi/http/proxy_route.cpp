#include "numerapi/http/proxy_route.hpp"

#include "numerapi/http/url.hpp"

#include <boost/asio/ip/address.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace numerapi::detail {
namespace {

std::string lower(std::string_view text) {
    std::string s(text);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = ::EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                    reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

/// Whether `host` is an IP address inside `network` (an address, or address/prefix).
bool in_network(std::string_view host, std::string_view network) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(host), ec);
    if (ec) return false;
    const auto slash = network.find('/');
    auto base_text = network.substr(0, slash);
    if (base_text.size() >= 2 && base_text.front() == '[' && base_text.back() == ']')
        base_text = base_text.substr(1, base_text.size() - 2);
    const auto base = boost::asio::ip::make_address(std::string(base_text), ec);
    if (ec || base.is_v4() != address.is_v4()) return false;
    const unsigned width = address.is_v4() ? 32 : 128;
    unsigned prefix = width;
    if (slash != std::string_view::npos) {
        const auto digits = network.substr(slash + 1);
        const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (err != std::errc{} || end != digits.data() + digits.size() || prefix > width) return false;
    }
    const auto bytes = [](const boost::asio::ip::address& a) {
        if (a.is_v4()) {
            const auto b = a.to_v4().to_bytes();
            return std::vector<unsigned char>(b.begin(), b.end());
        }
        const auto b = a.to_v6().to_bytes();
        return std::vector<unsigned char>(b.begin(), b.end());
    };
    const auto a = bytes(address), b = bytes(base);
    for (unsigned bit = 0; bit < prefix; ++bit) {
        const unsigned char mask = static_cast<unsigned char>(0x80u >> (bit % 8));
        if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
    }
    return true;
}

proxy_route::exception parse_exception(std::string_view entry) {
    proxy_route::exception e;
    boost::system::error_code ec;
    const auto bare = entry.size() >= 2 && entry.front() == '[' && entry.back() == ']' ? entry.substr(1, entry.size() - 2)
                                                                                        : entry;
    if (entry.find('/') != std::string_view::npos || (boost::asio::ip::make_address(std::string(bare), ec), !ec)) {
        e.network = std::string(entry);
        return e;
    }
    // A name, maybe with a port: "example.com:8443". A leading or trailing dot says nothing more.
    const auto colon = entry.rfind(':');
    std::string_view name = entry.substr(0, colon);
    if (colon != std::string_view::npos) e.port = std::string(entry.substr(colon + 1));
    while (name.starts_with('.')) name.remove_prefix(1);
    while (name.ends_with('.')) name.remove_suffix(1);
    e.name = lower(name);
    return e;
}

} // namespace

proxy_route make_proxy_route(const proxy_options& options) {
    const proxy_url url = parse_proxy_url(options.url);
    proxy_route route{.host = url.host, .port = url.port, .shown = url.shown};
    if (url.has_credentials) route.authorization = "Basic " + base64(url.user + ":" + url.password);
    std::string_view list = options.no_proxy;
    while (!list.empty()) {
        const auto comma = std::min(list.find(','), list.size());
        const auto entry = trimmed(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
        if (entry.empty()) continue;
        if (entry == "*") route.all_direct = true;
        else route.direct.push_back(parse_exception(entry));
    }
    return route;
}

bool proxy_route::applies_to(std::string_view host_text, std::string_view port_text) const {
    if (all_direct) return false;
    std::string host = lower(host_text);
    while (host.ends_with('.')) host.pop_back();
    for (const auto& e : direct) {
        if (!e.network.empty()) {
            if (in_network(host, e.network)) return false;
            continue;
        }
        if (!e.port.empty() && e.port != port_text) continue;
        if (e.name.empty()) continue;
        if (host == e.name || (host.size() > e.name.size() && host.ends_with(e.name) &&
                               host[host.size() - e.name.size() - 1] == '.'))
            return false;
    }
    return true;
}

} // namespace numerapi::detail
