#include <numerapi/predictions_check.hpp>

#include <numerapi/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
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
constexpr std::array<std::string_view, 2> signals_date_columns{"friday_date", "date"};
constexpr std::size_t minimum_tickers = 100; // SIGNALS_MIN_TICKERS and CRYPTO_MIN_TICKERS

// numpy.isclose's defaults: |a - b| <= atol + rtol * |b|.
constexpr double isclose_rtol = 1e-5;
constexpr double isclose_atol = 1e-8;
bool isclose(double a, double b) { return std::abs(a - b) <= isclose_atol + isclose_rtol * std::abs(b); }

/// pandas.read_csv's default missing-value strings (keep_default_na); an empty field is
/// missing too. They are matched on the whole field, quoted or not, spaces included.
constexpr std::array<std::string_view, 19> pandas_na_strings{
    "#N/A", "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
    "N/A",  "NA",       "NULL", "NaN",     "None",     "n/a",  "nan",  "null",   ""};
bool is_pandas_na(std::string_view field) {
    return std::find(pandas_na_strings.begin(), pandas_na_strings.end(), field) != pandas_na_strings.end();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
           });
}

/// A number as pandas' C parser reads one: surrounding whitespace, a leading + or -,
/// digits with an optional fraction and exponent (correctly rounded), or one of the
/// spellings of infinity pandas accepts (the whole field, any case). NaN spellings are the
/// missing-value strings, tested before this.
std::optional<double> parse_number(std::string_view field) {
    for (std::string_view inf : {"inf", "+inf", "infinity", "+infinity"})
        if (equals_ignoring_case(field, inf)) return HUGE_VAL;
    for (std::string_view inf : {"-inf", "-infinity"})
        if (equals_ignoring_case(field, inf)) return -HUGE_VAL;
    std::string_view s = field;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    std::string_view body = s;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
    if (body.empty() || !(is_digit(body.front()) || (body.size() > 1 && body[0] == '.' && is_digit(body[1]))))
        return std::nullopt;                  // not digit-shaped: pandas would keep the column as text
    if (s.front() == '+') s.remove_prefix(1); // std::from_chars takes a minus sign only
    double x = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Too large is infinite, too small is zero, as a correctly rounding parser gives.
        const auto e = s.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
        const bool negative = s.front() == '-';
        return tiny ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
    }
    if (ec != std::errc{}) return std::nullopt;
    return x;
}

/// Lines as pandas' C tokenizer ends them: at LF, CRLF or a lone CR.
class line_reader {
public:
    explicit line_reader(std::streambuf* in) : in_(in) {}

    /// The next line without its end; false at the end of the file.
    bool next(std::string& line) {
        using traits = std::streambuf::traits_type;
        line.clear();
        auto c = in_->sbumpc();
        if (traits::eq_int_type(c, traits::eof())) return false;
        ++number_;
        for (; !traits::eq_int_type(c, traits::eof()); c = in_->sbumpc()) {
            const char ch = traits::to_char_type(c);
            if (ch == '\n') break;
            if (ch == '\r') {
                if (traits::eq_int_type(in_->sgetc(), traits::to_int_type('\n'))) in_->sbumpc();
                break;
            }
            line += ch;
        }
        if (number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3); // a UTF-8 byte order mark
        return true;
    }
    std::size_t number() const { return number_; }

private:
    std::streambuf* in_;
    std::size_t number_ = 0;
};

/// pandas skips empty lines and lines of only spaces and tabs (skip_blank_lines).
bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

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

predictions_check_result fail(std::string_view prefix, std::string message) {
    return {std::nullopt, predictions_problem{std::string(prefix) + message}};
}

std::string at_line(std::size_t line) { return "line " + std::to_string(line) + ": "; }

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string list(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return "[" + s + "]";
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// Where the id and prediction columns are, or why the header is refused
/// (numerai-tools' validate_headers_numerai / _signals / _crypto).
struct header_layout {
    std::size_t id = 0;
    std::size_t value = 0;
    std::optional<std::string> fault;
};

header_layout read_header(const std::vector<std::string>& columns, int tournament) {
    header_layout layout;
    if (tournament == 8) {
        if (columns.size() == 2 && columns[0] == "id" && is_one_of(columns[1], {"prediction", "probability"})) {
            layout.value = 1;
            return layout;
        }
        layout.fault = "Classic headers must be [id, prediction] or [id, probability], in this order; the file has " +
            list(columns);
        return layout;
    }
    if (tournament == 12) {
        if (columns.size() == 2 && columns[0] == "symbol" && is_one_of(columns[1], {"prediction", "signal"})) {
            layout.value = 1;
            return layout;
        }
        layout.fault = "Crypto headers must be [symbol, prediction] or [symbol, signal], in this order; the file has " +
            list(columns);
        return layout;
    }
    // Signals: numerai-tools drops a data_type column (deprecated), then the first date
    // column, wherever they are; the rest must be [ticker column, prediction column].
    std::vector<std::size_t> rest(columns.size());
    for (std::size_t i = 0; i < rest.size(); ++i) rest[i] = i;
    auto drop_first = [&](auto is_dropped) {
        const auto it = std::find_if(rest.begin(), rest.end(), [&](std::size_t i) { return is_dropped(columns[i]); });
        if (it != rest.end()) rest.erase(it);
    };
    drop_first([](const std::string& c) { return c == "data_type"; });
    drop_first([](const std::string& c) {
        return std::find(signals_date_columns.begin(), signals_date_columns.end(), c) != signals_date_columns.end();
    });
    if (rest.size() == 2 &&
        std::find(signals_id_columns.begin(), signals_id_columns.end(), columns[rest[0]]) != signals_id_columns.end() &&
        is_one_of(columns[rest[1]], {"prediction", "signal"})) {
        layout.id = rest[0];
        layout.value = rest[1];
        return layout;
    }
    layout.fault = "Signals headers must be a ticker column (ticker, sedol, bloomberg_ticker, composite_figi or "
                   "numerai_ticker) then prediction or signal, in this order, optionally with a date column "
                   "(friday_date or date); the file has " +
        list(columns);
    return layout;
}

/// The first row that breaks a rule, and the field that does.
struct first_fault {
    std::size_t line = 0;
    std::string field;
};
void note(std::optional<first_fault>& fault, std::size_t line, std::string_view field) {
    if (!fault) fault = first_fault{line, std::string(field)};
}

std::string missing_id_text(std::string_view column, std::string_view field) {
    return field.empty() ? "an empty " + std::string(column)
                         : std::string(column) + " " + in_quotes(field) + " reads as missing (NaN) in pandas";
}
std::string missing_value_text(std::string_view column, std::string_view field) {
    return field.empty() ? "an empty " + std::string(column) + " (NaN)"
                         : "NaN: " + in_quotes(field) + " reads as missing in pandas";
}

} // namespace

live_universe read_live_universe(const std::filesystem::path& csv) {
    auto refuse = [&csv](errc code, std::string message) {
        return error(make_error_code(code),
                     {.operation = "read_live_universe", .client_message = csv.string() + ": " + message});
    };
    std::ifstream in(csv, std::ios::binary);
    if (!in) throw refuse(errc::io_error, "cannot read the live ids");
    line_reader reader{in.rdbuf()};
    std::string line;
    while (reader.next(line) && blank(line)) {}
    std::vector<std::string> columns, fields;
    if (line.empty() || blank(line)) throw refuse(errc::invalid_argument, "no header line naming the id columns");
    if (!split_csv(line, columns))
        throw refuse(errc::invalid_argument, at_line(reader.number()) + "an unterminated quote");
    live_universe universe;
    std::vector<std::vector<std::string>*> targets; // nullptr for a repeated column name
    for (const auto& c : columns) {
        const bool fresh = !universe.ids.contains(c);
        auto& ids_of_column = universe.ids[c];
        targets.push_back(fresh ? &ids_of_column : nullptr);
    }
    while (reader.next(line)) {
        if (blank(line)) continue;
        if (!split_csv(line, fields))
            throw refuse(errc::invalid_argument, at_line(reader.number()) + "an unterminated quote");
        for (std::size_t i = 0; i < std::min(fields.size(), targets.size()); ++i)
            if (targets[i] != nullptr && !is_pandas_na(fields[i])) targets[i]->push_back(std::move(fields[i]));
    }
    return universe;
}

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament) {
    return check_predictions(file, tournament, predictions_check_options());
}

namespace {

/// A read-only stream buffer over bytes in memory (no copy).
class memory_buffer final : public std::streambuf {
public:
    explicit memory_buffer(std::string_view bytes) {
        char* first = const_cast<char*>(bytes.data()); // only ever read
        setg(first, first, first + bytes.size());
    }

protected:
    pos_type seekpos(pos_type pos, std::ios_base::openmode) override {
        const off_type at = pos;
        if (at < 0 || at > egptr() - eback()) return pos_type(off_type(-1));
        setg(eback(), eback() + at, egptr());
        return pos;
    }
};

predictions_check_result check_stream(std::streambuf& in, int tournament, const predictions_check_options& options);

} // namespace

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options) {
    if (tournament != 8 && tournament != 11 && tournament != 12)
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail("", "cannot read " + file.string());
    return check_stream(*in.rdbuf(), tournament, options);
}

predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options) {
    if (tournament != 8 && tournament != 11 && tournament != 12)
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    memory_buffer in{predictions.bytes};
    return check_stream(in, tournament, options);
}

namespace {

predictions_check_result check_stream(std::streambuf& in, int tournament, const predictions_check_options& options) {
    char magic[4] = {};
    if (in.sgetn(magic, 4) == 4 && std::string_view(magic, 4) == "PAR1") return {predictions_summary{}, std::nullopt};
    in.pubseekpos(0, std::ios::in);

    // What pandas refuses to read comes first; then numerai-tools' order: headers, ids, values.
    line_reader reader{&in};
    std::string line;
    bool has_header = false;
    while (!has_header && reader.next(line)) has_header = !blank(line);
    if (!has_header) return fail(headers, reader.number() == 0 ? "the file is empty" : "the file has no header line");
    std::vector<std::string> columns, fields;
    if (!split_csv(line, columns)) return fail(headers, at_line(reader.number()) + "an unterminated quote");
    const header_layout layout = read_header(columns, tournament);

    predictions_summary summary;
    const std::vector<std::string>* live_list = nullptr;
    std::unordered_set<std::string> live;
    if (!layout.fault) {
        summary.id_column = columns[layout.id];
        summary.prediction_column = columns[layout.value];
        if (options.live) {
            const auto it = options.live->ids.find(summary.id_column);
            if (it == options.live->ids.end()) {
                std::vector<std::string> names;
                for (const auto& [name, _] : options.live->ids) names.push_back(name);
                return fail("",
                            "the live universe has no " + summary.id_column + " column (it has " + list(names) +
                                "), so the file's ids cannot be matched to it");
            }
            live_list = &it->second;
            live.insert(live_list->begin(), live_list->end());
            summary.live_rows = 0;
        }
    }

    std::optional<std::size_t> index_fields; // 1 if pandas takes the first field for an index
    std::optional<first_fault> missing_id, repeated_id, missing_value, not_a_number, out_of_range;
    std::unordered_set<std::string> seen; // the live rows' ids (every row's without a universe)
    std::vector<double> live_values;
    while (reader.next(line)) {
        if (blank(line)) continue;
        const std::size_t n = reader.number();
        if (!split_csv(line, fields)) return fail(values, at_line(n) + "an unterminated quote");
        if (!index_fields) index_fields = fields.size() == columns.size() + 1 ? 1 : 0;
        if (fields.size() > columns.size() + *index_fields)
            return fail(values,
                        at_line(n) + std::to_string(fields.size()) + " fields where the header has " +
                            std::to_string(columns.size()) + (*index_fields ? " and the rows an index" : ""));
        ++summary.rows;
        if (layout.fault) continue; // only looking for what pandas would refuse to read

        // A short row's missing fields are missing values, as pandas fills them.
        auto field = [&](std::size_t column) -> std::string_view {
            const std::size_t i = column + *index_fields;
            return i < fields.size() ? std::string_view(fields[i]) : std::string_view();
        };
        const std::string_view id = field(layout.id);
        if (is_pandas_na(id)) {
            note(missing_id, n, id);
            continue;
        }
        const std::string_view value = field(layout.value);
        const bool value_missing = is_pandas_na(value);
        const std::optional<double> number = value_missing ? std::nullopt : parse_number(value);
        // One text in the column and pandas reads all of it as text: numerai-tools' range
        // test then fails on every row, live or not.
        if (!value_missing && !number) note(not_a_number, n, value);
        if (options.live && !live.contains(std::string(id))) continue;
        if (summary.live_rows) ++*summary.live_rows;
        if (!seen.emplace(id).second) {
            note(repeated_id, n, id);
            continue;
        }
        if (value_missing) note(missing_value, n, value);
        if (!number) continue;
        const bool above_zero = *number >= 0.0 || isclose(*number, 0.0);
        const bool below_one = *number <= 1.0 || isclose(*number, 1.0);
        if (!(above_zero && below_one)) note(out_of_range, n, value);
        live_values.push_back(*number);
    }
    if (layout.fault) return fail(headers, *layout.fault);

    // _validate_ids: no missing id, no live id twice, enough live ids.
    const std::string& id_name = summary.id_column;
    if (missing_id) return fail(ids, at_line(missing_id->line) + missing_id_text(id_name, missing_id->field));
    if (repeated_id)
        return fail(ids,
                    at_line(repeated_id->line) + id_name + " " + in_quotes(repeated_id->field) +
                        " appears more than once" + (options.live ? " among the live ids" : ""));
    if (tournament == 8) {
        if (options.live && seen.size() < live.size()) {
            const auto absent = std::find_if(live_list->begin(), live_list->end(),
                                             [&](const std::string& i) { return !seen.contains(i); });
            return fail(ids,
                        "not enough ids: " + std::to_string(live.size() - seen.size()) + " of the round's " +
                            std::to_string(live.size()) + " live ids have no prediction (" + in_quotes(*absent) +
                            " is one)");
        }
        if (!options.live && seen.empty()) return fail(ids, "the file has no predictions; every live id needs one");
    } else if (seen.size() < minimum_tickers) {
        return fail(ids,
                    "not enough " + id_name + "s: " + std::to_string(seen.size()) + (options.live ? " live ones" : "") +
                        "; at least " + std::to_string(minimum_tickers) + (options.live ? "" : " live ones") +
                        " are needed");
    }

    // validate_values, on the live rows.
    const std::string& value_name = summary.prediction_column;
    if (missing_value)
        return fail(values, at_line(missing_value->line) + missing_value_text(value_name, missing_value->field));
    if (not_a_number)
        return fail(values, at_line(not_a_number->line) + in_quotes(not_a_number->field) + " is not a number");
    if (out_of_range) return fail(values, at_line(out_of_range->line) + out_of_range->field + " is outside [0, 1]");
    if (live_values.size() >= 2) { // pandas' std of one value is NaN, which isclose takes for nonzero
        double sum = 0;
        for (double v : live_values) sum += v;
        const double mean = sum / static_cast<double>(live_values.size());
        double squares = 0;
        for (double v : live_values) squares += (v - mean) * (v - mean);
        const double deviation = std::sqrt(squares / static_cast<double>(live_values.size() - 1));
        if (isclose(0.0, deviation)) {
            if (std::all_of(live_values.begin(), live_values.end(), [&](double v) { return v == live_values.front(); }))
                return fail(values, "every prediction is the same value; the standard deviation must not be zero");
            char text[32];
            std::snprintf(text, sizeof text, "%.3g", deviation);
            return fail(values,
                        std::string("the standard deviation of the predictions is ") + text +
                            ", which numerai-tools takes for zero");
        }
    }
    return {summary, std::nullopt};
}

} // namespace

} // namespace numerapi
