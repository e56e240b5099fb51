#include "numerapi/http/content_range.hpp"

#include <charconv>

namespace numerapi::detail {

std::optional<content_range> parse_content_range(std::string_view v) {
    if (!v.starts_with("bytes ")) return std::nullopt;
    v.remove_prefix(6);
    const auto slash = v.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view s) -> std::optional<std::uint64_t> {
        std::uint64_t x = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
        if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
        return x;
    };
    content_range r;
    const auto total = number(v.substr(slash + 1));
    if (!total) return std::nullopt;
    r.total = *total;
    const auto range = v.substr(0, slash);
    if (range == "*") {
        r.is_star = true;
        return r;
    }
    const auto dash = range.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const auto first = number(range.substr(0, dash)), last = number(range.substr(dash + 1));
    if (!first || !last || *last < *first || *last >= r.total) return std::nullopt;
    r.first = *first;
    r.last = *last;
    return r;
}

} // namespace numerapi::detail
