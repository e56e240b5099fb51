// What --help says: the list of commands, and for each command its synopsis (made from its
// arguments and options, so that it cannot drift from them), its one line, its arguments,
// its options with named placeholders, and an example.
#pragma once

#include "cli/commands.hpp"

#include <boost/program_options/options_description.hpp>

#include <ostream>
#include <string>

namespace numerapi::cli {

/// "submit PATH --model_id ID [--live-ids CSV]".
std::string synopsis(const command& c, const boost::program_options::options_description& own);

/// `numerapi --help`: every command with its line, then the global options.
void print_usage(std::ostream& out, const boost::program_options::options_description& global);

/// `numerapi COMMAND --help`.
void print_command_help(std::ostream& out, const command& c, const boost::program_options::options_description& own,
                        const boost::program_options::options_description& global);

} // namespace numerapi::cli
