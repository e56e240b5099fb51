#include "sandbox/world/wire_format.hpp"

#include <cstdio>

namespace numerapi::sandbox {
namespace {
std::chrono::year_month_day ymd(sys_seconds t) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
}
} // namespace

std::string iso_time(sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::hh_mm_ss hms{t - day};
    const auto d = ymd(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string iso_date(sys_seconds t) { return iso_time(t).substr(0, 10); }

std::string decimal_text(double v, int places) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", places, v);
    return buf;
}

std::optional<nmr_units> parse_nmr(std::string_view text) {
    constexpr int places = 18;
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    const auto point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (whole.empty() || whole.size() > 20 || fraction.size() > places ||
        (point != std::string_view::npos && fraction.empty()))
        return std::nullopt;
    nmr_units units = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        units = units * 10 + (c - '0');
    }
    for (int i = 0; i < places; ++i) {
        const char c = i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
        if (c < '0' || c > '9') return std::nullopt;
        units = units * 10 + (c - '0');
    }
    return negative ? -units : units;
}

std::string nmr_text(nmr_units amount) {
    const bool negative = amount < 0;
    if (negative) amount = -amount;
    char buffer[48];
    char* p = buffer + sizeof buffer; // written backwards: 18 decimals, the point, the rest
    for (int i = 0; i < 18 || amount > 0 || i == 18; ++i) {
        if (i == 18) *--p = '.';
        *--p = static_cast<char>('0' + static_cast<int>(amount % 10));
        amount /= 10;
    }
    if (negative) *--p = '-';
    return std::string(p, buffer + sizeof buffer);
}

int datestamp(sys_seconds t) {
    const auto d = ymd(t);
    return static_cast<int>(d.year()) * 10000 + static_cast<int>(static_cast<unsigned>(d.month())) * 100 +
        static_cast<int>(static_cast<unsigned>(d.day()));
}

} // namespace numerapi::sandbox
