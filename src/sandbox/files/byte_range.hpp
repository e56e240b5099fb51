// The `Range` request header (RFC 9110 section 14), decided the way S3 decides it:
// one range is honoured, a malformed header or several ranges get the whole file (200).
#pragma once

#include <cstdint>
#include <string_view>

namespace numerapi::sandbox::files {

struct byte_range {
    std::uint64_t first = 0; ///< first byte, inclusive
    std::uint64_t last = 0;  ///< last byte, inclusive
    std::uint64_t length() const { return last - first + 1; }
};

enum class range_outcome {
    whole,         ///< no usable Range: answer 200 with the whole representation
    partial,       ///< answer 206 with `range`
    unsatisfiable, ///< answer 416 with `Content-Range: bytes */size`
};

struct range_decision {
    range_outcome outcome = range_outcome::whole;
    byte_range range;
};

/// Decides how to answer `Range: <header>` for a representation of `size` bytes.
range_decision decide_range(std::string_view header, std::uint64_t size);

} // namespace numerapi::sandbox::files
