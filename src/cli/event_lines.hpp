// --verbose: one line on stderr per event of the library (numerapi/events.hpp).
#pragma once

#include <numerapi/events.hpp>

#include <string>

namespace numerapi::cli {

/// "attempt download GET files.numer.ai:443: 200, 4096 bytes in, 12 ms" and the like.
std::string event_line(const event& e);

} // namespace numerapi::cli
