#include "common/printable.hpp"

namespace numerapi::detail {
namespace {

/// Appends `prefix` and two hex digits: "\\x1b", "\\u009b".
void escape(std::string& out, std::string_view prefix, unsigned char b) {
    static constexpr char digits[] = "0123456789abcdef";
    out += prefix;
    out += digits[b >> 4];
    out += digits[b & 15];
}

/// The length of the valid UTF-8 sequence starting at text[i] (2 to 4), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = at(i);
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xbf; // the allowed range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) n = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        n = 3;
        if (lead == 0xe0) low = 0xa0;       // no overlong forms
        else if (lead == 0xed) high = 0x9f; // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        n = 4;
        if (lead == 0xf0) low = 0x90;
        else if (lead == 0xf4) high = 0x8f; // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > text.size() || at(i + 1) < low || at(i + 1) > high) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (at(i + k) < 0x80 || at(i + k) > 0xbf) return 0;
    return n;
}

} // namespace

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b < 0x20 || b == 0x7f) escape(out, "\\x", b);
            else out += static_cast<char>(b);
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence(text, i);
        if (n == 0) {
            escape(out, "\\x", b);
            ++i;
        } else if (n == 2 && b == 0xc2 && static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            escape(out, "\\u00", static_cast<unsigned char>(text[i + 1])); // C1: U+0080 to U+009F
            i += 2;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

} // namespace numerapi::detail
