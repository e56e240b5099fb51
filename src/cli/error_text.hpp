// A failed command's one line on stderr: what failed, in the words of the command's user
// (no internal operation names, no source locations, no doubled prefixes), and the likely
// fix where there is one. And the exit code that goes with it.
#pragma once

#include "cli/exit_codes.hpp"

#include <numerapi/error.hpp>

#include <string>

namespace numerapi::cli {

/// What the command was pointed at, for the fixes a line suggests.
struct error_context {
    std::string api_url; ///< as given (--api-url or NUMERAI_API_URL); empty: Numerai's
    std::string ca_file; ///< as given; empty: the system's trust roots
};

/// The line, without the "numerapi: " every line starts with.
std::string error_line(const error& e, const error_context& context);

/// The exit code for `e` (see exit_codes.hpp).
exit_code exit_code_for(const error& e);

} // namespace numerapi::cli
