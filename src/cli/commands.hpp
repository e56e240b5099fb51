// The numerapi command's subcommands: numerapi's CLI names and options (numerai-api.md
// 7.1), plus download-current-dataset, submission-scores and raw.
#pragma once

#include "cli/progress_bars.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <vector>

namespace numerapi::cli {

/// What every command gets.
struct invocation {
    client& api;
    int tournament = 8;
    bool json = false; ///< compact JSON for every result
    bool quiet = false;
    progress_bars& bars;
    const boost::program_options::variables_map& args;
};

struct command {
    std::string name;
    std::string usage; ///< arguments, e.g. "PATH --model_id ID"
    std::string summary;
    bool needs_keys = false;
    /// The command's own options and positional arguments.
    std::function<void(boost::program_options::options_description&,
                       boost::program_options::positional_options_description&)>
        options;
    std::function<boost::asio::awaitable<void>(invocation&)> run;
};

const std::vector<command>& commands();

} // namespace numerapi::cli
