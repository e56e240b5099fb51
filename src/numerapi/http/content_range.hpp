// The Content-Range header of a 206 or 416 answer (RFC 9110, section 14.4).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace numerapi::detail {

/// "bytes 100-199/1000" -> {100, 199, 1000}; "bytes */1000" -> {0, 0, 1000} with is_star.
struct content_range {
    std::uint64_t first = 0, last = 0, total = 0;
    bool is_star = false;
};

/// Parses a Content-Range value; nullopt for anything malformed, an unknown total ("*")
/// included, or a range that does not fit inside its total.
std::optional<content_range> parse_content_range(std::string_view value);

} // namespace numerapi::detail
