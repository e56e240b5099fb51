// Fields as pandas reads them (pandas_values.hpp): the short path for plain decimals gives
// the value the complete parser gives, to the bit, or leaves the field to it.
#include "numerapi/submission/pandas_values.hpp"

#include <boost/test/unit_test.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string_view>
#include <string>

using numerapi::detail::is_pandas_na;
using numerapi::detail::parse_any_pandas_number;
using numerapi::detail::parse_pandas_number;
using numerapi::detail::parse_plain_decimal;

namespace {

/// The bits of the value `parse` reads, or a marker for "not a number".
template <class Parse>
std::uint64_t bits_of(Parse parse, std::string_view field) {
    double value = 0;
    return parse(field, value) ? std::bit_cast<std::uint64_t>(value) : ~std::uint64_t{0};
}

/// The value parse_pandas_number() reads (the test fails if it reads none).
double value_of(std::string_view field) {
    double value = -1;
    BOOST_TEST(parse_pandas_number(field, value), field);
    return value;
}

bool plain(std::string_view field) {
    double value = 0;
    return parse_plain_decimal(field, value);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pandas_values)

BOOST_AUTO_TEST_CASE(plain_decimals_read_as_the_complete_parser_reads_them) {
    std::mt19937_64 random(20171121);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int short_path = 0, checked = 0;
    char text[64];
    for (int i = 0; i < 300000; ++i) {
        // As Python's repr and pandas' to_csv print a double (17 digits or fewer), as a
        // model with rounding prints one, and digit strings of any shape up to 20 digits.
        const double v = unit(random) * (i % 7 == 0 ? 1e6 : 1.0);
        switch (i % 4) {
            case 0: std::snprintf(text, sizeof text, "%.17g", v); break;
            case 1: std::snprintf(text, sizeof text, "%.*f", static_cast<int>(random() % 18), v); break;
            case 2: std::snprintf(text, sizeof text, "%.15g", v); break;
            default: {
                std::string digits;
                const std::size_t count = 1 + random() % 20, point = random() % (count + 1);
                for (std::size_t d = 0; d < count; ++d) {
                    if (d == point) digits += '.';
                    digits += static_cast<char>('0' + random() % 10);
                }
                std::snprintf(text, sizeof text, "%s", digits.c_str());
            }
        }
        const std::string_view field(text);
        short_path += plain(field);
        BOOST_TEST_INFO(field);
        BOOST_TEST(bits_of(parse_pandas_number, field) == bits_of(parse_any_pandas_number, field));
        ++checked;
    }
    BOOST_TEST(short_path > checked * 9 / 10); // the short path took nearly all of them
}

BOOST_AUTO_TEST_CASE(quotients_halfway_between_two_doubles_take_the_complete_parser) {
    // 2^53 + 1 lies halfway between two doubles: rounded to even, 2^53, as strtod does.
    for (const char* halfway : {"9007199254740993", "9007199254740995.0", "18014398509481986"}) {
        BOOST_TEST_INFO(halfway);
        BOOST_TEST(!plain(halfway));
        BOOST_TEST(bits_of(parse_pandas_number, halfway) == bits_of(parse_any_pandas_number, halfway));
    }
    BOOST_TEST(value_of("9007199254740993") == 9007199254740992.0);
}

// Digits over a power of ten that is not halfway between two doubles, but whose quotient
// rounded to x87's 64 bits is: rounding that to a double could go the wrong way. Found by
// a search; each must be left to the complete parser, and read as it reads it.
BOOST_AUTO_TEST_CASE(quotients_that_round_to_halfway_take_the_complete_parser) {
    std::mt19937_64 random(5);
    int found = 0;
    char text[32];
    for (int i = 0; i < 2000000 && found < 20; ++i) {
        const std::uint64_t digits = 1000000000000000000u + random() % 8000000000000000000u; // 19 digits
        if (digits % 5 == 0) continue; // not a dyadic rational: its exact quotient is no tie
        const int fraction = 1 + static_cast<int>(random() % 18);
        const long double quotient = static_cast<long double>(digits) / std::pow(10.0L, fraction);
        std::uint64_t significand = 0;
        std::memcpy(&significand, &quotient, sizeof significand);
        if ((significand & 0x7FF) != 0x400) continue;
        const std::string all = std::to_string(digits);
        std::snprintf(text, sizeof text, "%s.%s", all.substr(0, all.size() - fraction).c_str(),
                      all.substr(all.size() - fraction).c_str());
        BOOST_TEST_INFO(text);
        BOOST_TEST(!plain(text));
        BOOST_TEST(bits_of(parse_pandas_number, text) == bits_of(parse_any_pandas_number, text));
        ++found;
    }
    BOOST_TEST(found == 20);
}

BOOST_AUTO_TEST_CASE(other_spellings_are_left_to_the_complete_parser) {
    for (const char* other : {"", ".", "-0.5", "+0.5", " 0.5", "0.5 ", "1e-3", "0x1p3", "inf", "0.5.5", "1,5",
                              "12345678901234567890", "0.12345678901234567890"}) {
        BOOST_TEST_INFO(other);
        BOOST_TEST(!plain(other));
    }
    BOOST_TEST(value_of("-0.5") == -0.5);
    BOOST_TEST(value_of(" 0.5 ") == 0.5);
    BOOST_TEST(value_of("1.") == 1.0);
    BOOST_TEST(value_of(".25") == 0.25);
    double value = 0;
    BOOST_TEST(!parse_pandas_number("0.5.5", value));
}

BOOST_AUTO_TEST_CASE(pandas_missing_value_spellings_are_missing) {
    for (const char* na : {"", "NA", "NaN", "nan", "#N/A N/A", "-1.#IND", "<NA>", "null", "None"}) {
        BOOST_TEST_INFO(na);
        BOOST_TEST(is_pandas_na(na));
    }
    for (const char* value : {"0.5", "n1", "NAN", "none", "#N/A N/A ", "1.#INF"}) {
        BOOST_TEST_INFO(value);
        BOOST_TEST(!is_pandas_na(value));
    }
}

BOOST_AUTO_TEST_SUITE_END()
