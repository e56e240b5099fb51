#include "sandbox/files/byte_range.hpp"

#include <charconv>
#include <optional>

namespace numerapi::sandbox::files {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::uint64_t> number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

} // namespace

range_decision decide_range(std::string_view header, std::uint64_t size) {
    header = trim(header);
    constexpr std::string_view unit = "bytes=";
    if (header.size() < unit.size()) return {};
    for (std::size_t i = 0; i < unit.size(); ++i)
        if ((header[i] | 0x20) != unit[i] && header[i] != unit[i]) return {};
    const std::string_view spec = trim(header.substr(unit.size()));
    if (spec.find(',') != std::string_view::npos) return {}; // several ranges: S3 sends it all

    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return {};
    const std::string_view first_text = trim(spec.substr(0, dash));
    const std::string_view last_text = trim(spec.substr(dash + 1));

    if (first_text.empty()) { // suffix range: the last N bytes
        const auto n = number(last_text);
        if (!n) return {};
        if (*n == 0 || size == 0) return {range_outcome::unsatisfiable, {}};
        const std::uint64_t len = *n < size ? *n : size;
        return {range_outcome::partial, {size - len, size - 1}};
    }
    const auto first = number(first_text);
    if (!first) return {};
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!last_text.empty()) {
        const auto l = number(last_text);
        if (!l || *l < *first) return {}; // syntactically invalid: ignore the header
        if (*l < last) last = *l;
    }
    if (*first >= size) return {range_outcome::unsatisfiable, {}};
    return {range_outcome::partial, {*first, last}};
}

} // namespace numerapi::sandbox::files
