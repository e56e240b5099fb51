// How values travel on the wire in the real API: times as ISO strings, money as decimal strings.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace numerapi::sandbox {

using sys_seconds = std::chrono::sys_seconds;

/// "2026-03-20T13:00:00Z": whole seconds and a literal Z, as `insertedAt` must be
/// (numerai-cli parses it with the fixed format %Y-%m-%dT%H:%M:%SZ).
std::string iso_time(sys_seconds t);
/// "2026-03-20".
std::string iso_date(sys_seconds t);
/// 20260320, the `dataDatestamp` form.
int datestamp(sys_seconds t);
/// A decimal string with `places` digits after the point, e.g. "1.010000" (money is never
/// a JSON number on the real API: numerapi parses it from a string).
std::string decimal_text(double v, int places);

/// An amount of NMR in its smallest unit, 10^-18 NMR (stakes are sent with 18 decimals and
/// reach 10^22 of these units: more than 64 bits).
__extension__ using nmr_units = __int128;
/// "12.5" -> 12.5 * 10^18 units; nullopt unless `text` is [-]digits[.digits] with at most
/// 18 decimals.
std::optional<nmr_units> parse_nmr(std::string_view text);
/// 18-decimal text, e.g. "12.500000000000000000".
std::string nmr_text(nmr_units amount);

} // namespace numerapi::sandbox
