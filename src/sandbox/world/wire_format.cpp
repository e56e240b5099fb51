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

std::string iso_date(sys_seconds t) {
    return iso_time(t).substr(0, 10);
}

std::string decimal_text(double v, int places) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", places, v);
    return buf;
}

int datestamp(sys_seconds t) {
    const auto d = ymd(t);
    return static_cast<int>(d.year()) * 10000 + static_cast<int>(static_cast<unsigned>(d.month())) * 100 +
           static_cast<int>(static_cast<unsigned>(d.day()));
}

} // namespace numerapi::sandbox
