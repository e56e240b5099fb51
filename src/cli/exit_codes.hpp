// The numerapi command's exit codes (documented in the README and in `numerapi --help`).
#pragma once

#include <string>

namespace numerapi::cli {

enum exit_code : int {
    success = 0,
    failure = 1,        ///< anything not listed below
    usage = 2,          ///< bad command line (unknown command or option, missing argument)
    authentication = 3, ///< missing or rejected keys
    network = 4,        ///< the service could not be reached, or retries ran out
    validation = 5,     ///< bad input: a predictions file, an argument, a local file
    refused = 6,        ///< the API refused the request (a GraphQL error, a 4xx)
};

/// Thrown by a command that has said what went wrong itself: main prints `message` and
/// exits with `code`.
struct exit_now {
    exit_code code;
    std::string message;
};

} // namespace numerapi::cli
