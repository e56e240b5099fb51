// Lower-case hex of digests, for comparing checksums with what servers announce.
#pragma once

#include <span>
#include <string>

namespace numerapi::detail {

inline std::string to_hex(std::span<const unsigned char> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

} // namespace numerapi::detail
