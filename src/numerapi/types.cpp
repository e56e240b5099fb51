// decimal and the ISO-8601 timestamps of the API (docs/protocol.md §2.8). Parsed by hand:
// g++ 12's <chrono> has the calendar types but not std::chrono::parse / format.
#include <numerapi/types.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace numerapi {

std::string to_string(tournament t) {
    switch (t) {
        case tournament::classic: return "classic";
        case tournament::signals: return "signals";
        case tournament::crypto: return "crypto";
    }
    return std::to_string(number_of(t));
}

std::ostream& operator<<(std::ostream& os, tournament t) { return os << to_string(t); }

std::ostream& operator<<(std::ostream& os, round_number r) { return os << r.value(); }
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// `text` between quotes for an error message, cut short when it is long.
std::string quote(std::string_view text) {
    constexpr std::size_t max_shown = 64;
    std::string out = "\"";
    if (text.size() > max_shown) {
        out.append(text.substr(0, max_shown));
        out.append("...");
    } else {
        out.append(text);
    }
    out.push_back('"');
    return out;
}

/// True iff `text` is -?digits(.digits)?
bool is_decimal_text(std::string_view text) noexcept {
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') ++i;
    const std::size_t int_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == int_start) return false;
    if (i == text.size()) return true;
    if (text[i] != '.') return false;
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i != frac_start && i == text.size();
}

} // namespace

decimal::decimal(std::string text) : text_(std::move(text)) {
    if (!is_decimal_text(text_))
        throw std::invalid_argument("numerapi::decimal: " + quote(text_) +
                                    " is not a decimal number ([-]digits[.digits])");
}

double decimal::to_double() const {
    double value = 0.0;
    const char* first = text_.data();
    const char* last = first + text_.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc{} && ptr == last) return value;
    if (ec == std::errc::result_out_of_range) {
        // Too large (a non-zero integer part) overflows to infinity, otherwise it underflows.
        const bool negative = text_.front() == '-';
        const std::string_view digits = std::string_view(text_).substr(negative ? 1 : 0);
        const std::string_view integer_part = digits.substr(0, digits.find('.'));
        const bool huge = integer_part.find_first_not_of('0') != std::string_view::npos;
        const double magnitude = huge ? std::numeric_limits<double>::infinity() : 0.0;
        return negative ? -magnitude : magnitude;
    }
    // Unreachable for a validated text.
    throw std::invalid_argument("numerapi::decimal: cannot convert " + quote(text_) + " to double");
}

namespace {

[[noreturn]] void bad_timestamp(std::string_view text, std::string_view why) {
    throw std::invalid_argument("numerapi: invalid timestamp " + quote(text) + ": " + std::string(why));
}

/// Reads exactly `count` digits at `pos`; false if there are not that many.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) noexcept {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!is_digit(text[i])) return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

constexpr std::string_view expected_form =
    "expected YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM|-HH:MM|+HHMM|-HHMM]";

} // namespace

timestamp parse_timestamp(std::string_view text) {
    using namespace std::chrono;

    int y = 0, mo = 0, d = 0;
    if (!read_digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_digits(text, 5, 2, mo) ||
        text[7] != '-' || !read_digits(text, 8, 2, d))
        bad_timestamp(text, expected_form);
    if (mo < 1 || mo > 12) bad_timestamp(text, "month out of range");
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) bad_timestamp(text, "no such day in that month");
    const sys_days midnight{date};
    if (text.size() == 10) return timestamp{midnight};

    int h = 0, mi = 0, s = 0;
    if ((text[10] != 'T' && text[10] != ' ') || !read_digits(text, 11, 2, h) || text.size() < 19 || text[13] != ':' ||
        !read_digits(text, 14, 2, mi) || text[16] != ':' || !read_digits(text, 17, 2, s))
        bad_timestamp(text, expected_form);
    if (h > 23) bad_timestamp(text, "hour out of range");
    if (mi > 59) bad_timestamp(text, "minute out of range");
    if (s > 60) bad_timestamp(text, "second out of range");

    std::size_t pos = 19;
    std::int64_t micros = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        const std::size_t count = pos - start;
        if (count == 0) bad_timestamp(text, "no digits after the decimal point");
        if (count > 9) bad_timestamp(text, "more than 9 fractional digits");
        // Keep microseconds, truncate the rest.
        for (std::size_t i = 0; i < 6; ++i) micros = micros * 10 + (i < count ? text[start + i] - '0' : 0);
    }

    minutes offset{0};
    if (pos < text.size()) {
        const char zone = text[pos];
        if (zone == 'Z') {
            if (pos + 1 != text.size()) bad_timestamp(text, "unexpected text after 'Z'");
        } else if (zone == '+' || zone == '-') {
            int oh = 0, om = 0;
            const std::size_t rest = text.size() - pos - 1;
            bool ok = false;
            if (rest == 5) // +HH:MM
                ok = read_digits(text, pos + 1, 2, oh) && text[pos + 3] == ':' && read_digits(text, pos + 4, 2, om);
            else if (rest == 4) // +HHMM
                ok = read_digits(text, pos + 1, 2, oh) && read_digits(text, pos + 3, 2, om);
            if (!ok) bad_timestamp(text, "bad zone offset (expected +HH:MM or +HHMM)");
            if (oh > 23 || om > 59) bad_timestamp(text, "zone offset out of range");
            offset = hours{oh} + minutes{om};
            if (zone == '-') offset = -offset;
        } else {
            bad_timestamp(text, expected_form);
        }
    }

    // Local time minus the zone's offset is UTC. Second 60 (a leap second) rolls over.
    return timestamp{midnight} + hours{h} + minutes{mi} + seconds{s} + microseconds{micros} - offset;
}

std::string format_timestamp(timestamp t) {
    using namespace std::chrono;
    const sys_days day_start = floor<days>(t);
    const year_month_day date{day_start};
    const hh_mm_ss<microseconds> time{t - day_start};

    char buffer[80];
    int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                          static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                          static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                          static_cast<int>(time.seconds().count()));
    std::string out(buffer, static_cast<std::size_t>(n));
    const long long micros = time.subseconds().count();
    if (micros != 0) {
        n = std::snprintf(buffer, sizeof buffer, ".%06lld", micros);
        std::string fraction(buffer, static_cast<std::size_t>(n));
        while (fraction.back() == '0') fraction.pop_back();
        out += fraction;
    }
    out.push_back('Z');
    return out;
}

} // namespace numerapi
