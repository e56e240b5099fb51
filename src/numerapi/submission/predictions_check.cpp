#include <numerapi/predictions_check.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace numerapi {
namespace {

constexpr std::string_view headers = "invalid_submission_headers: ";
constexpr std::string_view values = "invalid_submission_values: ";
constexpr std::string_view ids = "invalid_submission_ids: ";

constexpr std::array<std::string_view, 5> signals_id_columns{"ticker", "sedol", "bloomberg_ticker", "composite_figi",
                                                              "numerai_ticker"};
constexpr std::size_t minimum_tickers = 100;

/// One CSV record: fields split on commas; a field in double quotes may hold commas and
/// doubled quotes. Returns false for an unterminated quote.
bool split_csv(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    std::size_t i = 0;
    for (;;) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            for (;;) {
                if (i >= line.size()) return false;
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            while (i < line.size() && line[i] != ',') field += line[i++]; // text after the quote
        } else {
            while (i < line.size() && line[i] != ',') field += line[i++];
        }
        out.push_back(field);
        if (i >= line.size()) return true;
        ++i; // the comma
    }
}

std::optional<double> parse_number(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    double x = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return x; // "nan" and "inf" parse; the caller refuses them
}

predictions_check_result fail(std::string_view prefix, std::string message) {
    return {std::nullopt, predictions_problem{std::string(prefix) + message}};
}

std::string at_line(std::size_t line) { return "line " + std::to_string(line) + ": "; }

} // namespace

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail("", "cannot read " + file.string());
    char magic[4] = {};
    in.read(magic, 4);
    if (in.gcount() == 0) return fail(values, "the file is empty");
    if (in.gcount() == 4 && std::string_view(magic, 4) == "PAR1") {
        predictions_summary s;
        return {s, std::nullopt};
    }
    in.clear();
    in.seekg(0);

    std::string line;
    std::vector<std::string> fields;
    std::size_t line_number = 0;
    auto next_line = [&]() -> bool {
        if (!std::getline(in, line)) return false;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
    };
    if (!next_line() || line.empty()) return fail(headers, "the file has no header line");
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3); // a UTF-8 byte order mark
    if (!split_csv(line, fields)) return fail(headers, at_line(1) + "an unterminated quote");
    const std::vector<std::string> columns = fields;

    auto find = [&columns](std::string_view name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return i;
        return std::nullopt;
    };
    auto describe = [&columns] {
        std::string s;
        for (const auto& c : columns) s += (s.empty() ? "" : ", ") + c;
        return "[" + s + "]";
    };

    std::optional<std::size_t> id_index, value_index;
    predictions_summary summary;
    std::size_t expected_columns = 2;
    if (tournament == 8) {
        id_index = find("id");
        value_index = find("prediction");
        if (!value_index) value_index = find("probability");
        if (!id_index || !value_index || columns.size() != 2)
            return fail(headers, "Classic predictions need the columns id and prediction (or probability), got " + describe());
    } else if (tournament == 11) {
        for (auto name : signals_id_columns)
            if ((id_index = find(name))) break;
        value_index = find("prediction");
        if (!value_index) value_index = find("signal");
        if (find("friday_date") || find("date")) expected_columns = 3;
        if (!id_index || !value_index || columns.size() != expected_columns)
            return fail(headers, "Signals predictions need a ticker column (ticker, sedol, bloomberg_ticker, "
                                 "composite_figi or numerai_ticker), prediction (or signal) and optionally "
                                 "friday_date or date, got " + describe());
    } else if (tournament == 12) {
        id_index = find("symbol");
        value_index = find("prediction");
        if (!value_index) value_index = find("signal");
        if (!id_index || !value_index || columns.size() != 2)
            return fail(headers, "Crypto predictions need the columns symbol and prediction (or signal), got " + describe());
    } else {
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    }
    summary.id_column = columns[*id_index];
    summary.prediction_column = columns[*value_index];

    std::unordered_set<std::string> seen;
    std::optional<double> first_value;
    bool all_same = true;
    while (next_line()) {
        if (line.empty()) continue; // a trailing newline
        if (!split_csv(line, fields)) return fail(values, at_line(line_number) + "an unterminated quote");
        if (fields.size() != columns.size())
            return fail(values, at_line(line_number) + std::to_string(fields.size()) + " fields where the header has " +
                                    std::to_string(columns.size()));
        const std::string& id = fields[*id_index];
        if (id.empty()) return fail(ids, at_line(line_number) + "an empty " + summary.id_column);
        if (!seen.insert(id).second)
            return fail(ids, at_line(line_number) + summary.id_column + " \"" + id + "\" appears more than once");
        if (fields[*value_index].empty()) // pandas writes NaN as an empty field
            return fail(values, at_line(line_number) + "an empty " + summary.prediction_column + " (NaN)");
        const auto v = parse_number(fields[*value_index]);
        if (!v) return fail(values, at_line(line_number) + "\"" + fields[*value_index] + "\" is not a number");
        if (std::isnan(*v)) return fail(values, at_line(line_number) + "NaN is not a prediction");
        if (std::isinf(*v)) return fail(values, at_line(line_number) + "infinity is not a prediction");
        if (tournament == 8 && (*v < 0.0 || *v > 1.0))
            return fail(values, at_line(line_number) + fields[*value_index] + " is outside [0, 1]");
        if (!first_value) first_value = *v;
        else if (*v != *first_value) all_same = false;
        ++summary.rows;
    }
    if (summary.rows == 0) return fail(values, "the file has a header and no predictions");
    if (all_same) return fail(values, "every prediction is the same value; the standard deviation must not be zero");
    if (tournament != 8 && summary.rows < minimum_tickers)
        return fail(ids, std::to_string(summary.rows) + " " + summary.id_column + "s; at least " +
                             std::to_string(minimum_tickers) + " are needed");
    return {summary, std::nullopt};
}

} // namespace numerapi
