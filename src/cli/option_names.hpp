// Option names as people type them: both spellings of a name (numerapi's `--dest_path` and
// `--dest-path`, our `--api-url` and `--api_url`) reach the one option, and a name or command
// that is not known gets the nearest known one suggested, as git does. Prefixes are never
// taken for names (main.cpp turns guessing off): a prefix that means one option today may
// mean another after the next release.
#pragma once

#include <boost/program_options/options_description.hpp>

#include <optional>
#include <string>
#include <vector>

namespace numerapi::cli {

/// The long names of `options`, with their dashes ("--model_id").
std::vector<std::string> option_names(const boost::program_options::options_description& options);

/// The long names of the options of `options` that take a value.
std::vector<std::string> value_option_names(const boost::program_options::options_description& options);

/// Rewrites each `--name` or `--name=value` token whose name is one of `known` with `-` and
/// `_` swapped to that spelling. A token right after an option of `taking_values` (in
/// either spelling, without `=`) is that option's value and is left as it is. Stops at a
/// `--` token: what follows it is not an option.
void accept_both_spellings(std::vector<std::string>& tokens, const std::vector<std::string>& known,
                           const std::vector<std::string>& taking_values);

/// Joins each option of `taking_values` (in either spelling) given as `--name VALUE` into
/// one `--name=VALUE` token, so that no parse can take a VALUE that looks like an option
/// (`--dest_path --json`) for one. Stops at a `--` token.
void join_option_values(std::vector<std::string>& tokens, const std::vector<std::string>& taking_values);

/// The one of `known` nearest to `typed`, if it is near enough to be a typo of it (at
/// most two edits, or one is a prefix of the other); nullopt otherwise.
std::optional<std::string> nearest_name(const std::string& typed, const std::vector<std::string>& known);

} // namespace numerapi::cli
