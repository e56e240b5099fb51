// Fields as pandas.read_csv's C parser reads them: which text is a missing value (NaN), and
// which is a number, with its value correctly rounded. The predictions check calls both
// once per row, so the common cases (an id, a plain decimal such as 0.8444218515250481)
// take a short path here, and the rest a complete one in pandas_values.cpp.
#pragma once

#include <array>
#include <bit>
#include <cfloat>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

namespace numerapi::detail {

/// Whether `field` is one of pandas' default missing-value strings (keep_default_na),
/// matched on the whole field; an empty field is missing too.
bool is_in_pandas_na_list(std::string_view field);

/// is_in_pandas_na_list(), after the test that rejects most fields (ids, numbers) by their
/// length or first byte.
inline bool is_pandas_na(std::string_view field) {
    if (field.size() > 8) return false;
    if (!field.empty()) switch (field.front()) {
            case '#':
            case '-':
            case '1':
            case '<':
            case 'N':
            case 'n': break;
            default: return false;
        }
    return is_in_pandas_na_list(field);
}

/// Digits with an optional fraction and nothing else ("0.8444218515250481", "3", "1."),
/// at most 19 digits in all, correctly rounded: the exact quotient of the digits and a
/// power of ten, rounded once, into `value`. False for any other text, and for the rare
/// quotient this cannot round once (the complete parser takes those). (A bool and an out
/// parameter: a std::optional<double> returned in two registers is stored in two halves
/// and read back whole, which the processor cannot forward, once per row.)
inline bool parse_plain_decimal(std::string_view field, double& value) {
    // Both roundings below are IEEE double's own: not where doubles are evaluated wider
    // (FLT_EVAL_METHOD, 32-bit x87), nor under -ffast-math's reciprocals.
#if FLT_EVAL_METHOD != 0 || defined(__FAST_MATH__)
    return false;
#endif
    const char* p = field.data();
    const char* const end = p + field.size();
    std::uint64_t digits = 0;
    int count = 0, fraction = 0;
    for (; p != end && static_cast<unsigned char>(*p - '0') <= 9; ++p, ++count) digits = digits * 10 + (*p - '0');
    if (p != end && *p == '.') {
        const char* const first = ++p;
        // Eight digits at a time while there are eight (a fraction of 16 or 17 digits: two
        // steps and a few single ones), then one at a time. Wrapping past 2^64 is harmless:
        // such a field has more than 19 digits, and is refused below.
        if constexpr (std::endian::native == std::endian::little)
            for (std::uint64_t eight; end - p >= 8; p += 8) {
                std::memcpy(&eight, p, sizeof eight);
                // Each byte '0' to '9': its high half 3, and 6 more leaves it below 0x40.
                if (((eight & 0xF0F0F0F0F0F0F0F0) | ((eight + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4) !=
                    0x3333333333333333)
                    break;
                eight &= 0x0F0F0F0F0F0F0F0F; // the digits, the first in the lowest byte
                eight = (eight * 10 + (eight >> 8)) & 0x00FF00FF00FF00FF;
                eight = (eight * 100 + (eight >> 16)) & 0x0000FFFF0000FFFF;
                eight = (eight * 10000 + (eight >> 32)) & 0xFFFFFFFF;
                digits = digits * 100000000 + eight;
            }
        for (; p != end && static_cast<unsigned char>(*p - '0') <= 9; ++p) digits = digits * 10 + (*p - '0');
        fraction = static_cast<int>(p - first);
        count += fraction;
    }
    if (p != end || count == 0 || count > 19) return false; // (19 digits stay below 2^64)
    // Both exact in a double, so their quotient is rounded once (Clinger's fast path).
    static constexpr std::array<double, 23> exact_powers = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (digits <= (std::uint64_t{1} << 53)) {
        value = static_cast<double>(digits) / exact_powers[fraction];
        return true;
    }
    // More digits than a double holds (Python's repr of a double has up to 17): x87's
    // 64-bit significand holds the digits and the power exactly, and rounds their quotient
    // to 64 bits (the x87 precision the x86-64 ABI sets, which nothing here changes). Rounding that to a double rounds the exact quotient once, unless the
    // 64-bit quotient lies exactly halfway between two doubles (its low 11 bits 100...0).
    if constexpr (std::numeric_limits<long double>::digits == 64 && std::endian::native == std::endian::little) {
        static constexpr std::array<long double, 20> extended_powers = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,
                                                                        1e7L,  1e8L,  1e9L,  1e10L, 1e11L, 1e12L, 1e13L,
                                                                        1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L};
        const long double quotient = static_cast<long double>(digits) / extended_powers[fraction];
        std::uint64_t significand = 0;
        std::memcpy(&significand, &quotient, sizeof significand);
        if ((significand & 0x7FF) != 0x400) {
            value = static_cast<double>(quotient);
            return true;
        }
    }
    return false;
}

/// A number as pandas' C parser reads one: surrounding whitespace, a leading + or -,
/// digits with an optional fraction and exponent (correctly rounded), or one of the
/// spellings of infinity pandas accepts (the whole field, any case), into `value`; false
/// for text that is not a number. NaN spellings are missing values, tested before this.
bool parse_any_pandas_number(std::string_view field, double& value);

/// parse_any_pandas_number(), by way of parse_plain_decimal() for nearly every field.
inline bool parse_pandas_number(std::string_view field, double& value) {
    return parse_plain_decimal(field, value) || parse_any_pandas_number(field, value);
}

} // namespace numerapi::detail
