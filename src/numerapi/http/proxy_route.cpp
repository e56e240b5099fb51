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
    const int n =
        ::EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::vector<unsigned char> bytes_of(const boost::asio::ip::address& a) {
    if (a.is_v4()) {
        const auto b = a.to_v4().to_bytes();
        return {b.begin(), b.end()};
    }
    const auto b = a.to_v6().to_bytes();
    return {b.begin(), b.end()};
}

/// Whether `address` lies in the entry's range.
bool in_network(const boost::asio::ip::address& address, const proxy_route::exception& e) {
    if (e.network->is_v4() != address.is_v4()) return false;
    const auto a = bytes_of(address), b = bytes_of(*e.network);
    for (unsigned bit = 0; bit < e.prefix; ++bit) {
        const unsigned char mask = static_cast<unsigned char>(0x80u >> (bit % 8));
        if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
    }
    return true;
}

std::optional<boost::asio::ip::address> address_of(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    return address;
}

/// One NO_PROXY entry; nullopt for a range that is not one (it then matches nothing).
std::optional<proxy_route::exception> parse_exception(std::string_view entry) {
    proxy_route::exception e;
    const auto slash = entry.find('/');
    if (const auto address = address_of(entry.substr(0, slash))) {
        e.network = address;
        e.prefix = address->is_v4() ? 32 : 128;
        if (slash != std::string_view::npos) {
            const auto digits = entry.substr(slash + 1);
            unsigned prefix = 0;
            const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
            if (err != std::errc{} || end != digits.data() + digits.size() || prefix > e.prefix) return std::nullopt;
            e.prefix = prefix;
        }
        return e;
    }
    if (slash != std::string_view::npos) return std::nullopt;
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
    const proxy_url url = parse_proxy_url(options.url).value();
    proxy_route route{.host = url.host, .port = url.port, .shown = url.shown};
    if (url.has_credentials) route.authorization = "Basic " + base64(url.user + ":" + url.password);
    std::string_view list = options.no_proxy;
    while (!list.empty()) {
        const auto comma = std::min(list.find(','), list.size());
        const auto entry = trimmed(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
        if (entry.empty()) continue;
        if (entry == "*") route.all_direct = true;
        else if (auto e = parse_exception(entry)) route.direct.push_back(std::move(*e));
    }
    return route;
}

bool proxy_route::applies_to(std::string_view host_text, std::string_view port_text) const {
    if (all_direct) return false;
    std::string host = lower(host_text);
    while (host.ends_with('.')) host.pop_back();
    const auto address = address_of(host);
    for (const auto& e : direct) {
        if (e.network) {
            if (address && in_network(*address, e)) return false;
            continue;
        }
        if (!e.port.empty() && e.port != port_text) continue;
        if (e.name.empty()) continue;
        if (host == e.name ||
            (host.size() > e.name.size() && host.ends_with(e.name) && host[host.size() - e.name.size() - 1] == '.'))
            return false;
    }
    return true;
}

} // namespace numerapi::detail
