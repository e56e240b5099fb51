// Splits one fuzz input into the several values a harness needs (names, field values, a
// file): each value is its length (one or two bytes) then that many bytes, cut short at
// the end of the input. libFuzzer's FuzzedDataProvider does the like, but it
// ships with clang and the replay tests build with GCC alone.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace numerapi::fuzz {

class byte_cursor {
public:
    byte_cursor(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const { return rest_.empty(); }
    /// The next byte, or 0 at the end.
    std::uint8_t take_byte() {
        if (rest_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }
    /// A length byte, then up to that many bytes.
    std::string_view take_text() { return take(take_byte()); }
    /// Two length bytes (little-endian), then up to that many bytes.
    std::string_view take_long_text() {
        const std::size_t low = take_byte();
        return take(low | std::size_t{take_byte()} << 8);
    }
    /// Everything that is left.
    std::string_view take_rest() { return take(rest_.size()); }

private:
    std::string_view take(std::size_t n) {
        const auto out = rest_.substr(0, std::min(n, rest_.size()));
        rest_.remove_prefix(out.size());
        return out;
    }

    std::string_view rest_;
};

} // namespace numerapi::fuzz
