#include "cli/help_text.hpp"

#include <algorithm>
#include <cctype>

namespace numerapi::cli {
namespace po = boost::program_options;

namespace {

const char* exit_codes_text = "Exit codes: 0 success, 1 other failure, 2 bad usage, 3 authentication (keys missing or\n"
                              "rejected), 4 network (unreachable, timed out, retries exhausted), 5 validation (a bad\n"
                              "predictions file, argument or local file), 6 refused by the API.\n";

std::string capitals(std::string name) {
    for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return name;
}

/// "  NAME" padded to the description `column`, or on a line of its own when longer.
void print_entry(std::ostream& out, const std::string& head, const std::string& text, std::size_t column) {
    std::string line = "  " + head;
    if (line.size() + 2 > column) line += "\n" + std::string(column, ' ');
    else line.resize(column, ' ');
    out << line << text << '\n';
}

/// An option's placeholder without PO's " (=default)".
std::string placeholder(const po::option_description& o) {
    if (o.semantic()->max_tokens() == 0) return {};
    std::string name = o.semantic()->name();
    if (const auto at = name.find(" (="); at != std::string::npos) name.erase(at);
    return name;
}

} // namespace

std::string synopsis(const command& c, const po::options_description& own) {
    std::string text = c.name;
    for (const auto& a : c.arguments) text += " " + capitals(a.name);
    for (const auto& o : own.options()) {
        const std::string value = placeholder(*o);
        const std::string one = "--" + o->long_name() + (value.empty() ? "" : " " + value);
        text += o->semantic()->is_required() ? " " + one : " [" + one + "]";
    }
    return text;
}

void print_usage(std::ostream& out, const po::options_description& global) {
    out << "Usage: numerapi [global options] COMMAND [arguments] [options]\n"
           "       numerapi help COMMAND   (a command's arguments, options and an example)\n\n"
           "Commands:\n";
    for (const auto& c : commands()) print_entry(out, c.name, c.summary, 28);
    out << '\n'
        << global << '\n'
        << exit_codes_text
        << "Keys come from NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY. Options take either spelling\n"
           "(--dest_path or --dest-path) and are never abbreviated; after \"--\" every word is an\n"
           "argument.\n";
}

void print_command_help(std::ostream& out, const command& c, const po::options_description& own,
                        const po::options_description& global) {
    out << "Usage: numerapi " << synopsis(c, own) << "\n\n" << c.summary << "\n";
    if (!c.arguments.empty()) {
        out << "\nArguments:\n";
        // In the options' column, so that the two lists line up.
        const auto column = std::max(own.get_option_column_width(), global.get_option_column_width());
        for (const auto& a : c.arguments) print_entry(out, capitals(a.name), a.help, column);
    }
    if (!own.options().empty()) out << '\n' << own;
    out << "\nExample:\n  numerapi " << c.example << "\n\n" << global;
}

} // namespace numerapi::cli
