// The time formats the real API uses on the wire.
#pragma once

#include <chrono>
#include <string>

namespace numerapi::sandbox {

using sys_seconds = std::chrono::sys_seconds;

/// "2026-03-20T13:00:00Z": whole seconds and a literal Z, as `insertedAt` must be
/// (numerai-cli parses it with the fixed format %Y-%m-%dT%H:%M:%SZ).
std::string iso_time(sys_seconds t);
/// "2026-03-20".
std::string iso_date(sys_seconds t);
/// 20260320, the `dataDatestamp` form.
int datestamp(sys_seconds t);

} // namespace numerapi::sandbox
