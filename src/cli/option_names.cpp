#include "cli/option_names.hpp"

#include <algorithm>

namespace numerapi::cli {
namespace po = boost::program_options;

namespace {

/// Optimal string alignment distance: insertions, deletions, substitutions and
/// transpositions of neighbours each cost one.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::string swapped(std::string name) {
    for (std::size_t i = 2; i < name.size(); ++i) // not the leading "--"
        if (name[i] == '-') name[i] = '_';
        else if (name[i] == '_') name[i] = '-';
    return name;
}

} // namespace

std::vector<std::string> option_names(const po::options_description& options) {
    std::vector<std::string> names;
    for (const auto& o : options.options())
        if (!o->long_name().empty()) names.push_back("--" + o->long_name());
    return names;
}

std::vector<std::string> value_option_names(const po::options_description& options) {
    std::vector<std::string> names;
    for (const auto& o : options.options())
        if (!o->long_name().empty() && o->semantic()->max_tokens() > 0) names.push_back("--" + o->long_name());
    return names;
}

void accept_both_spellings(std::vector<std::string>& tokens, const std::vector<std::string>& known,
                           const std::vector<std::string>& taking_values) {
    const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    bool value_next = false;
    for (auto& token : tokens) {
        if (token == "--") return;
        const bool is_value = value_next;
        value_next = false;
        if (is_value || !token.starts_with("--")) continue;
        const auto equals = token.find('=');
        const std::string name = token.substr(0, equals);
        value_next =
            equals == std::string::npos && (listed(taking_values, name) || listed(taking_values, swapped(name)));
        if (listed(known, name)) continue;
        const std::string other = swapped(name);
        if (listed(known, other)) token = other + (equals == std::string::npos ? std::string() : token.substr(equals));
    }
}

void join_option_values(std::vector<std::string>& tokens, const std::vector<std::string>& taking_values) {
    std::vector<std::string> joined;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (token == "--") {
            joined.insert(joined.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.end());
            break;
        }
        const bool takes_value = token.starts_with("--") && token.find('=') == std::string::npos &&
            (std::find(taking_values.begin(), taking_values.end(), token) != taking_values.end() ||
             std::find(taking_values.begin(), taking_values.end(), swapped(token)) != taking_values.end());
        if (takes_value && i + 1 < tokens.size() && tokens[i + 1] != "--") {
            joined.push_back(token + "=" + tokens[i + 1]);
            ++i;
        } else {
            joined.push_back(token);
        }
    }
    tokens = std::move(joined);
}

std::optional<std::string> nearest_name(const std::string& typed, const std::vector<std::string>& known) {
    std::optional<std::string> best;
    std::size_t best_distance = 3;
    for (const auto& name : known) {
        // In either spelling: "_" against "-" costs nothing.
        std::size_t distance = std::min(edit_distance(typed, name), edit_distance(swapped(typed), name));
        if (name.size() > 4 && typed.size() > 4 && (name.starts_with(typed) || typed.starts_with(name)))
            distance = std::min<std::size_t>(distance, 2);
        if (distance < best_distance) {
            best_distance = distance;
            best = name;
        }
    }
    return best;
}

} // namespace numerapi::cli
