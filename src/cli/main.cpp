// numerapi: the command line. `numerapi COMMAND [options]`, with the Python numerapi CLI's
// command and option names; see `numerapi --help` and the README.
#include "cli/commands.hpp"
#include "cli/error_text.hpp"
#include "cli/event_lines.hpp"
#include "cli/help_text.hpp"
#include "cli/option_names.hpp"
#include "common/printable.hpp"
#include "cli/exit_codes.hpp"
#include "cli/progress_bars.hpp"

#include <numerapi/client.hpp>
#include <numerapi/version.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/program_options.hpp>

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>

namespace po = boost::program_options;
using namespace numerapi;
using namespace numerapi::cli;

namespace {

/// The secret key typed on a terminal without echo; empty if there is no terminal.
std::string prompt_secret() {
    if (!::isatty(STDIN_FILENO)) return {};
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    std::fputs("Numerai secret key: ", stderr);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string secret;
    std::getline(std::cin, secret);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputs("\n", stderr);
    return secret;
}

/// " (did you mean --model_id?)" when `typed` is near one of `known`.
std::string suggestion(const std::string& typed, const std::vector<std::string>& known) {
    const auto near = nearest_name(typed, known);
    return near ? "; did you mean " + *near + "?" : "";
}

} // namespace

int main(int argc, char** argv) {
    std::string api_url, ca_file;
    int tournament = 8;
    bool json = false, verbose = false, quiet = false;
    po::options_description global("Global options (before or after the command)");
    global.add_options()("help,h", "show this help (or a command's, after the command)")(
        "version,V", "print the version of numerapi-cpp")(
        "api-url", po::value(&api_url)->value_name("URL"),
        "the GraphQL endpoint (default: $NUMERAI_API_URL, else https://api-tournament.numer.ai)")(
        "ca-file", po::value(&ca_file)->value_name("PEM"),
        "PEM trust roots instead of the system's (default: $NUMERAI_CA_FILE; e.g. the sandbox's ca.pem)")(
        "tournament", po::value(&tournament)->default_value(8)->value_name("N"), "8 Classic, 11 Signals, 12 Crypto")(
        "json", po::bool_switch(&json),
        "print results as compact JSON on one line, for scripts (without it: pretty JSON as numerapi prints it, "
        "or plain text for a single value, a path or an id)")("verbose,v", po::bool_switch(&verbose),
                                                              "say what is being done on stderr")(
        "quiet,q", po::bool_switch(&quiet), "no progress output (errors, prompts and -v lines still go to stderr)");
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::string>())("subargs", po::value<std::vector<std::string>>());
    po::options_description all;
    all.add(global).add(hidden);
    po::positional_options_description positional;
    positional.add("command", 1).add("subargs", -1);

    // No abbreviations: a prefix that means one option today would mean another after the
    // next release (--model is not --model_id).
    const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    std::string name; // the command, once known
    try {
        std::vector<std::string> tokens(argv + 1, argv + argc);
        // Everything after "--" is an argument (a file named "-x.csv"), never an option.
        std::vector<std::string> after_dashes;
        if (const auto dashes = std::find(tokens.begin(), tokens.end(), "--"); dashes != tokens.end()) {
            after_dashes.assign(dashes + 1, tokens.end());
            tokens.erase(dashes, tokens.end());
        }
        // Which options take a value, the global ones and every command's: their values
        // are never taken for option names.
        std::vector<std::string> taking_values = value_option_names(global);
        for (const auto& c : commands()) {
            po::options_description theirs;
            c.options(theirs);
            const auto names = value_option_names(theirs);
            taking_values.insert(taking_values.end(), names.begin(), names.end());
        }
        join_option_values(tokens, taking_values);
        accept_both_spellings(tokens, option_names(global), taking_values);
        const auto parsed =
            po::command_line_parser(tokens).options(all).positional(positional).style(style).allow_unregistered().run();
        po::variables_map vm;
        po::store(parsed, vm);
        po::notify(vm);
        if (vm.count("version")) {
            std::cout << NUMERAPI_VERSION_STRING << '\n';
            return success;
        }
        std::vector<std::string> rest = po::collect_unrecognized(parsed.options, po::include_positional);
        if (!vm.count("command")) {
            if (!after_dashes.empty() || (!rest.empty() && !vm.count("help"))) {
                // "numerapi --model_id x" or "numerapi -- submit": no command in its place.
                std::cerr << "numerapi: " << detail::printable(rest.empty() ? after_dashes.front() : rest.front())
                          << ": the command comes first (see numerapi --help)\n";
                return usage;
            }
            print_usage(std::cout, global);
            return vm.count("help") ? success : usage;
        }
        name = vm["command"].as<std::string>();
        // `numerapi help COMMAND` is `numerapi COMMAND --help`, as in git.
        bool help = vm.count("help") > 0;
        const auto command_token = std::find(rest.begin(), rest.end(), name);
        if (command_token == rest.end()) { // given as an option (--command=...), not in its place
            std::cerr << "numerapi: the command comes first, alone (see numerapi --help)\n";
            return usage;
        }
        rest.erase(command_token);
        std::vector<std::string> command_names;
        for (const auto& c : commands()) command_names.push_back(c.name);
        if (name == "help") {
            if (rest.empty()) {
                print_usage(std::cout, global);
                return success;
            }
            name = rest.front();
            rest.erase(rest.begin());
            help = true;
        }
        const command* cmd = nullptr;
        for (const auto& c : commands())
            if (c.name == name) cmd = &c;
        if (cmd == nullptr) {
            std::cerr << "numerapi: there is no command \"" << detail::printable(name) << "\""
                      << suggestion(name, command_names) << " (see numerapi --help)\n";
            return usage;
        }
        // Everything after the command that the global options did not take is the command's:
        // its options, and its arguments in order.
        po::options_description own("Options");
        cmd->options(own);
        po::options_description arguments;
        po::positional_options_description own_positional;
        for (const auto& a : cmd->arguments) {
            arguments.add_options()(a.name.c_str(), po::value<std::string>());
            own_positional.add(a.name.c_str(), 1);
        }
        if (help) {
            print_command_help(std::cout, *cmd, own, global);
            return success;
        }
        auto known = option_names(own);
        accept_both_spellings(rest, known, taking_values);
        if (!after_dashes.empty()) {
            rest.emplace_back("--");
            rest.insert(rest.end(), after_dashes.begin(), after_dashes.end());
        }
        po::options_description everything;
        everything.add(own).add(arguments);
        po::variables_map args;
        try {
            po::store(po::command_line_parser(rest).options(everything).positional(own_positional).style(style).run(),
                      args);
        } catch (const po::unknown_option& e) {
            const auto global_names = option_names(global);
            known.insert(known.end(), global_names.begin(), global_names.end());
            std::cerr << "numerapi: " << name << " has no option " << detail::printable(e.get_option_name())
                      << suggestion(e.get_option_name(), known) << " (see numerapi help " << name << ")\n";
            return usage;
        } catch (const po::too_many_positional_options_error&) {
            std::cerr << "numerapi: " << name << " takes "
                      << (cmd->arguments.empty() ? std::string("no arguments")
                                                 : std::to_string(cmd->arguments.size()) + " argument" +
                                  (cmd->arguments.size() == 1 ? "" : "s"))
                      << ": numerapi " << synopsis(*cmd, own) << '\n';
            return usage;
        }
        for (const auto& a : cmd->arguments)
            if (!args.count(a.name)) {
                std::string shown = a.name;
                for (auto& ch : shown) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                std::cerr << "numerapi: " << name << " needs " << shown << ", " << a.help << ": numerapi "
                          << synopsis(*cmd, own) << '\n';
                return usage;
            }
        po::notify(args);

        // Checked before anything is sent.
        if (tournament != 8 && tournament != 11 && tournament != 12) {
            std::cerr << "numerapi: --tournament " << tournament
                      << " is not a tournament: 8 (Classic), 11 (Signals) or 12 (Crypto)\n";
            return validation;
        }
        const auto at_least = [&args](const char* option, int least, const char* what) {
            if (args.count(option) && args[option].as<int>() < least) {
                std::cerr << "numerapi: --" << option << " " << args[option].as<int>() << ": " << what << '\n';
                return false;
            }
            return true;
        };
        if (!at_least("jobs", 1, "at least 1 file at once") || !at_least("hours", 0, "hours cannot be negative") ||
            !at_least("limit", 0, "the number of entries cannot be negative") ||
            !at_least("offset", 0, "the entries to skip cannot be negative") ||
            !at_least("segments", 1, "at least 1 range at once"))
            return validation;
        if (args.count("segments") && args["segments"].as<int>() > 64) {
            std::cerr << "numerapi: --segments " << args["segments"].as<int>() << ": at most 64 ranges at once\n";
            return validation;
        }

        // A shell pointed at the sandbox (or another endpoint) needs no flags; a flag wins. The
        // keys go wherever the endpoint is, so an endpoint that came from the environment (a
        // leftover export, a project's .envrc) is said, unless --quiet.
        if (const char* env = std::getenv("NUMERAI_API_URL"); api_url.empty() && env && *env) {
            api_url = env;
            if (!quiet) std::cerr << "numerapi: the endpoint comes from NUMERAI_API_URL\n";
        }
        if (const char* env = std::getenv("NUMERAI_CA_FILE"); ca_file.empty() && env && *env) ca_file = env;
        const auto lower_scheme = [](std::string u) {
            for (std::size_t i = 0; i < u.size() && i < 8; ++i)
                u[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(u[i])));
            return u;
        };
        if (!api_url.empty() && !lower_scheme(api_url).starts_with("https://")) {
            // (Not repeated: a URL may hold a password.)
            std::cerr << "numerapi: --api-url (or NUMERAI_API_URL) must be an https:// URL, such as the "
                         "sandbox's api_url\n";
            return validation;
        }
        client_options options;
        if (!api_url.empty()) options.api_url = api_url;
        options.ca_file = ca_file;
        options.tournament = numerapi::tournament(tournament);
        // --jobs files at once, each in up to --segments ranges at once, as aria2c's -j and -x:
        // the pool opens no more connections to a host than that (and never more than 256,
        // well below the usual limit of 1024 open files).
        if (args.count("jobs") || args.count("segments")) {
            const std::size_t jobs = args.count("jobs") ? static_cast<std::size_t>(args["jobs"].as<int>()) : 1;
            const std::size_t segments =
                args.count("segments") ? static_cast<std::size_t>(args["segments"].as<int>()) : 1;
            options.max_connections_per_host = std::min<std::size_t>(jobs * segments, 256);
        }
        if (cmd->needs_keys && !options.keys) {
            const char* id = std::getenv("NUMERAI_PUBLIC_ID");
            std::string secret = id && *id ? prompt_secret() : std::string();
            if (secret.empty()) {
                std::cerr << "numerapi: " << name << " needs API keys: set NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY\n";
                return authentication;
            }
            options.keys = credentials{id, secret};
        }
        if (verbose) {
            std::cerr << "numerapi: " << name << " against " << options.api_url << '\n';
            options.events = [](const event& e) { std::cerr << "numerapi: " << cli::event_line(e) << '\n'; };
        }

        boost::asio::io_context ioc{1};
        client api{ioc.get_executor(), options};
        const auto shown = quiet                                      ? progress_bars::mode::silent
            : !json && progress_bars::capable_terminal(STDERR_FILENO) ? progress_bars::mode::bars
                                                                      : progress_bars::mode::lines;
        progress_bars bars{stderr, shown};
        invocation in{api, numerapi::tournament(tournament), json, quiet, bars, args};
        auto done = boost::asio::co_spawn(ioc, cmd->run(in), boost::asio::use_future);
        ioc.run();
        done.get();
        return success;
    } catch (const exit_now& e) {
        std::cerr << "numerapi: " << e.message << '\n';
        return e.code;
    } catch (const po::error& e) {
        std::cerr << "numerapi: " << e.what() << " (see numerapi " << (name.empty() ? "" : "help " + name + "")
                  << (name.empty() ? "--help" : "") << ")\n";
        return usage;
    } catch (const error& e) {
        std::cerr << "numerapi: " << error_line(e, error_context{api_url, ca_file}) << '\n';
        return exit_code_for(e);
    } catch (const boost::system::system_error& e) {
        std::cerr << "numerapi: " << e.code().message() << '\n';
        return network;
    } catch (const std::exception& e) {
        std::cerr << "numerapi: " << e.what() << '\n';
        return failure;
    }
}
