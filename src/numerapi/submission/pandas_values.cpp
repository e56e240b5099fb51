#include "numerapi/submission/pandas_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>

namespace numerapi::detail {
namespace {

/// pandas.read_csv's default missing-value strings (keep_default_na); an empty field is
/// missing too. They are matched on the whole field, quoted or not, spaces included.
constexpr std::array<std::string_view, 19> pandas_na_strings{
    "#N/A", "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
    "N/A",  "NA",       "NULL", "NaN",     "None",     "n/a",  "nan",  "null",   ""};
} // namespace

bool is_in_pandas_na_list(std::string_view field) {
    return std::find(pandas_na_strings.begin(), pandas_na_strings.end(), field) != pandas_na_strings.end();
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
           });
}

/// Whether `field` has an i (of inf or infinity, in any case).
bool may_be_infinity(std::string_view field) {
    return std::any_of(field.begin(), field.end(), [](char c) { return (c | 0x20) == 'i'; });
}

/// std::from_chars over all of `s`; nullopt unless it reads all of it. Out of range: too
/// large is infinite, too small is zero, as a correctly rounding parser gives.
std::optional<double> parse_with_from_chars(std::string_view s) {
    double x = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        const auto e = s.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
        const bool negative = s.front() == '-';
        return tiny ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
    }
    if (ec != std::errc{}) return std::nullopt;
    return x;
}

/// The number in `field` as parse_any_pandas_number() reads it.
std::optional<double> parse_number(std::string_view field) {
    // Nearly every field: a number std::from_chars reads whole, correctly rounded (its NaN
    // and infinity spellings are not all pandas': those, and the rest, go below).
    double x = 0;
    if (const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), x);
        ec == std::errc{} && end == field.data() + field.size() && std::isfinite(x))
        return x;
    if (may_be_infinity(field)) {
        for (std::string_view inf : {"inf", "+inf", "infinity", "+infinity"})
            if (equals_ignoring_case(field, inf)) return HUGE_VAL;
        for (std::string_view inf : {"-inf", "-infinity"})
            if (equals_ignoring_case(field, inf)) return -HUGE_VAL;
    }
    std::string_view s = field;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    std::string_view body = s;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
    if (body.empty() || !(is_digit(body.front()) || (body.size() > 1 && body[0] == '.' && is_digit(body[1]))))
        return std::nullopt;                  // not digit-shaped: pandas would keep the column as text
    if (s.front() == '+') s.remove_prefix(1); // std::from_chars takes a minus sign only
    return parse_with_from_chars(s);
}

} // namespace

bool parse_any_pandas_number(std::string_view field, double& value) {
    const std::optional<double> number = parse_number(field);
    if (number) value = *number;
    return number.has_value();
}

} // namespace numerapi::detail
