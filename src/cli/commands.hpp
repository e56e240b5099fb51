// The numerapi command's subcommands: numerapi's CLI names and options (docs/protocol.md
// §3.13), plus download-current-dataset, submission-scores, watch and raw.
#pragma once

#include "cli/progress_bars.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <vector>

namespace numerapi::cli {

/// Byte ranges per file at once unless --segments says otherwise (bench/run_capped, README).
constexpr int default_segments = 16;

/// What every command gets.
struct invocation {
    client& api;
    numerapi::tournament tournament = numerapi::tournament::classic;
    bool json = false; ///< compact JSON for every result
    bool quiet = false;
    progress_bars& bars;
    const boost::program_options::variables_map& args;
};

/// A command's positional argument: required, in order.
struct argument {
    std::string name; ///< its key in invocation::args; shown in capitals ("path": PATH)
    std::string help;
};

struct command {
    std::string name;
    std::string summary; ///< one line: what it does and prints
    std::vector<argument> arguments;
    bool needs_keys = false;
    /// The command's own options (not its arguments).
    std::function<void(boost::program_options::options_description&)> options;
    std::string example; ///< one use, after "numerapi "
    std::function<boost::asio::awaitable<void>(invocation&)> run;
};

const std::vector<command>& commands();

} // namespace numerapi::cli
