// numerapi: the command line. `numerapi COMMAND [options]`, with the Python numerapi CLI's
// command and option names; see `numerapi --help` and the README.
#include "cli/event_lines.hpp"
#include "cli/commands.hpp"
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

#include <cstdio>
#include <iostream>

namespace po = boost::program_options;
using namespace numerapi;
using namespace numerapi::cli;

namespace {

const char* exit_codes_text = "Exit codes: 0 success, 1 other failure, 2 bad usage, 3 authentication (keys missing or\n"
                              "rejected), 4 network (unreachable, timed out, retries exhausted), 5 validation (a bad\n"
                              "predictions file, argument or local file), 6 refused by the API.\n";

void print_usage(const po::options_description& global) {
    std::cout << "Usage: numerapi [global options] COMMAND [options]\n\nCommands:\n";
    for (const auto& c : commands()) {
        std::string head = "  " + c.name + (c.usage.empty() ? "" : " " + c.usage);
        if (head.size() < 52) head.resize(52, ' ');
        std::cout << head << c.summary << '\n';
    }
    std::cout << '\n'
              << global << '\n'
              << exit_codes_text << "Keys come from NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY.\n";
}

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

/// what() without Boost's trailing "[category:value at file:line]".
std::string one_line(const boost::system::system_error& e) {
    std::string text = e.what();
    const auto tail = text.rfind(std::string(" [") + e.code().category().name() + ":");
    if (tail != std::string::npos) text.erase(tail);
    return text;
}

int exit_code_for(const error& e) {
    const auto code = e.code();
    if (code == errc::authentication_failed || code == errc::credentials_missing) return authentication;
    if (code == errc::invalid_predictions || code == errc::invalid_argument || code == errc::io_error)
        return validation;
    if (e.diag().retries_exhausted || code == errc::timeout || code.category() != error_category()) return network;
    if (code == errc::graphql_error || code == errc::http_status || code == errc::round_not_open) return refused;
    return failure;
}

} // namespace

int main(int argc, char** argv) {
    std::string api_url, ca_file;
    int tournament = 8;
    bool json = false, verbose = false, quiet = false;
    po::options_description global("Global options");
    global.add_options()("help,h", "show this help (or a command's, after the command)")(
        "version,V", "print the version of numerapi-cpp")(
        "api-url", po::value(&api_url),
        "the GraphQL endpoint (default: $NUMERAI_API_URL, else https://api-tournament.numer.ai)")(
        "ca-file", po::value(&ca_file),
        "PEM trust roots instead of the system's (default: $NUMERAI_CA_FILE; e.g. the sandbox's ca.pem)")(
        "tournament", po::value(&tournament)->default_value(8), "8 Classic, 11 Signals, 12 Crypto")(
        "json", po::bool_switch(&json), "machine-readable output: one compact JSON document")(
        "verbose,v", po::bool_switch(&verbose), "say what is being done on stderr")(
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
    try {
        const auto parsed = po::command_line_parser(argc, argv)
                                .options(all)
                                .positional(positional)
                                .style(style)
                                .allow_unregistered()
                                .run();
        po::variables_map vm;
        po::store(parsed, vm);
        po::notify(vm);
        if (vm.count("version")) {
            std::cout << NUMERAPI_VERSION_STRING << '\n';
            return success;
        }
        if (!vm.count("command")) {
            print_usage(global);
            return vm.count("help") ? success : usage;
        }
        auto name = vm["command"].as<std::string>();
        // `numerapi help COMMAND` is `numerapi COMMAND --help`, as in git.
        bool help = vm.count("help") > 0;
        std::vector<std::string> rest = po::collect_unrecognized(parsed.options, po::include_positional);
        const auto command_token = std::find(rest.begin(), rest.end(), name);
        if (command_token == rest.end()) { // given as an option (--command=...), not in its place
            std::cerr << "numerapi: the command comes first, alone (see numerapi --help)\n";
            return usage;
        }
        rest.erase(command_token);
        if (name == "help") {
            if (rest.empty()) {
                print_usage(global);
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
            std::cerr << "numerapi: unknown command \"" << name << "\" (see numerapi --help)\n";
            return usage;
        }
        // Everything after the command that the global options did not take is the command's.
        po::options_description own(name + " options");
        po::positional_options_description own_positional;
        cmd->options(own, own_positional);
        if (help) {
            std::cout << "Usage: numerapi " << name << (cmd->usage.empty() ? "" : " " + cmd->usage) << "\n"
                      << cmd->summary << "\n\n"
                      << own << '\n'
                      << global;
            return success;
        }
        po::variables_map args;
        po::store(po::command_line_parser(rest).options(own).positional(own_positional).style(style).run(), args);
        po::notify(args);

        // Checked before anything is sent.
        if (tournament != 8 && tournament != 11 && tournament != 12) {
            std::cerr << "numerapi: --tournament " << tournament
                      << " is not a tournament: 8 (Classic), 11 (Signals) or 12 (Crypto)\n";
            return validation;
        }
        if (args.count("jobs") && args["jobs"].as<int>() < 1) {
            std::cerr << "numerapi: --jobs " << args["jobs"].as<int>() << ": at least 1 file at once\n";
            return validation;
        }
        if (args.count("hours") && args["hours"].as<int>() < 0) {
            std::cerr << "numerapi: --hours " << args["hours"].as<int>() << ": hours cannot be negative\n";
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
        client_options options;
        if (!api_url.empty()) options.api_url = api_url;
        options.ca_file = ca_file;
        options.tournament = tournament;
        // Files at once come from one host: each needs its own connection.
        if (args.count("jobs"))
            options.max_connections_per_host =
                std::max(options.max_connections_per_host, static_cast<std::size_t>(args["jobs"].as<int>()));
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
        invocation in{api, tournament, json, quiet, bars, args};
        auto done = boost::asio::co_spawn(ioc, cmd->run(in), boost::asio::use_future);
        ioc.run();
        done.get();
        return success;
    } catch (const exit_now& e) {
        std::cerr << "numerapi: " << e.message << '\n';
        return e.code;
    } catch (const po::error& e) {
        std::cerr << "numerapi: " << e.what() << " (see numerapi --help)\n";
        return usage;
    } catch (const error& e) {
        std::cerr << "numerapi: " << one_line(e) << '\n';
        return exit_code_for(e);
    } catch (const boost::system::system_error& e) {
        std::cerr << "numerapi: " << one_line(e) << '\n';
        return network;
    } catch (const std::exception& e) {
        std::cerr << "numerapi: " << e.what() << '\n';
        return failure;
    }
}
