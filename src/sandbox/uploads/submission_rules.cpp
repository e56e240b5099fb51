#include "sandbox/uploads/submission_rules.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <istream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace numerapi::sandbox::uploads {
namespace {

// numerai_tools/submissions.py
const std::vector<std::string> numerai_id_columns{"id"};
const std::vector<std::string> numerai_prediction_columns{"prediction", "probability"};
const std::vector<std::string> signals_id_columns{"ticker", "sedol", "bloomberg_ticker", "composite_figi",
                                                  "numerai_ticker"};
const std::vector<std::string> signals_prediction_columns{"prediction", "signal"};
const std::vector<std::string> signals_date_columns{"friday_date", "date"};
const std::vector<std::string> crypto_id_columns{"symbol"};
const std::vector<std::string> crypto_prediction_columns{"prediction", "signal"};
constexpr std::size_t signals_min_tickers = 100;
constexpr std::size_t crypto_min_tickers = 100;

// numpy.isclose's defaults, as validate_values calls it.
constexpr double rtol = 1e-5;
constexpr double atol = 1e-8;
bool isclose(double a, double b) { return std::abs(a - b) <= atol + rtol * std::abs(b); }

/// pandas' default na_values (pandas/_libs/parsers.pyx STR_NA_VALUES): these fields read as NaN.
bool is_na(std::string_view field) {
    static constexpr std::array<std::string_view, 19> na{
        "",     "#N/A", "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A",  "NA",       "NULL", "NaN",     "None",     "n/a",  "nan",  "null"};
    for (auto v : na)
        if (field == v) return true;
    return false;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

enum class value_kind { na, number, not_number };

/// A field of the prediction column as pandas' C parser converts it to float: NA words,
/// the infinity words (whole field, any case), or a decimal number with an optional sign
/// ('+' too) and surrounding white space. Anything else makes the column one of strings.
std::pair<value_kind, double> read_value(std::string_view field) {
    if (is_na(field)) return {value_kind::na, 0};
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (std::string_view word : {"inf", "+inf", "infinity", "+infinity"})
        if (iequals(field, word)) return {value_kind::number, inf};
    for (std::string_view word : {"-inf", "-infinity"})
        if (iequals(field, word)) return {value_kind::number, -inf};
    std::string_view s = field;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    // from_chars alone would also take "nan", "inf" and their spellings pandas does not.
    if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s.front())) || s.front() == '.'))
        return {value_kind::not_number, 0};
    double x = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x, std::chars_format::general);
    if (ec != std::errc{} || end != s.data() + s.size()) return {value_kind::not_number, 0};
    return {value_kind::number, negative ? -x : x};
}

/// What pandas raises before numerai-tools ever runs.
struct read_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// CSV records as pandas' C tokenizer (read_csv defaults) splits them: ',' between fields,
/// '"' quotes with "" inside, records ended by "\n", "\r\n" or a lone "\r", a UTF-8 byte
/// order mark skipped, and blank or white-space-only lines skipped.
class csv_records {
public:
    explicit csv_records(std::istream& in) : in_(in), buffer_(64u << 10) {}

    /// The next record and the line it starts on; false at the end.
    bool next(std::vector<std::string>& fields, std::size_t& line) {
        for (;;) {
            int c = get();
            if (c == eof) return false;
            if (c == '\n' || c == '\r') {
                end_line(c);
                continue;
            }
            std::string prefix;
            if (c == ' ' || c == '\t') {
                prefix += static_cast<char>(c);
                while (peek() == ' ' || peek() == '\t') prefix += static_cast<char>(get());
                const int after = peek();
                if (after == eof) return false;
                if (after == '\n' || after == '\r') { // a white-space-only line
                    end_line(get());
                    continue;
                }
                c = get();
            }
            line = line_;
            record(std::move(prefix), c, fields);
            return true;
        }
    }

private:
    static constexpr int eof = -1;

    int get() {
        if (!fill()) return eof;
        return static_cast<unsigned char>(buffer_[pos_++]);
    }
    int peek() {
        if (!fill()) return eof;
        return static_cast<unsigned char>(buffer_[pos_]);
    }
    bool fill() {
        if (pos_ < end_) return true;
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        end_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        if (!started_) {
            started_ = true;
            if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
            if (pos_ >= end_) return fill();
        }
        return end_ > 0;
    }
    /// After '\n' or '\r' (with the '\n' of a "\r\n").
    void end_line(int c) {
        if (c == '\r' && peek() == '\n') get();
        ++line_;
    }

    void record(std::string field, int c, std::vector<std::string>& fields) {
        enum class state {
            start_field,
            in_field,
            in_quoted,
            quote_in_quoted
        } s = field.empty() ? state::start_field : state::in_field;
        const std::size_t started = line_;
        fields.clear();
        for (;; c = get()) {
            if (c == eof) {
                if (s == state::in_quoted)
                    throw read_error("Error tokenizing data. C error: EOF inside string starting at row " +
                                     std::to_string(started));
                fields.push_back(std::move(field));
                return;
            }
            const char ch = static_cast<char>(c);
            switch (s) {
                case state::start_field:
                    if (ch == '"') {
                        s = state::in_quoted;
                        break;
                    }
                    [[fallthrough]];
                case state::in_field:
                    if (ch == ',') {
                        fields.push_back(std::move(field));
                        field.clear();
                        s = state::start_field;
                    } else if (ch == '\n' || ch == '\r') {
                        fields.push_back(std::move(field));
                        end_line(c);
                        return;
                    } else {
                        field += ch;
                        s = state::in_field;
                    }
                    break;
                case state::in_quoted:
                    if (ch == '"') {
                        s = state::quote_in_quoted;
                    } else {
                        field += ch;
                        if (ch == '\n') ++line_;
                    }
                    break;
                case state::quote_in_quoted:
                    if (ch == '"') {
                        field += '"';
                        s = state::in_quoted;
                    } else if (ch == ',') {
                        fields.push_back(std::move(field));
                        field.clear();
                        s = state::start_field;
                    } else if (ch == '\n' || ch == '\r') {
                        fields.push_back(std::move(field));
                        end_line(c);
                        return;
                    } else {
                        field += ch; // text after a closing quote joins the field
                        s = state::in_field;
                    }
                    break;
            }
        }
    }

    std::istream& in_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool started_ = false;
    std::size_t line_ = 1;
};

/// Column names as pandas makes them: "Unnamed: i" for empty ones, "x.1", "x.2"... for repeats.
std::vector<std::string> column_names(std::vector<std::string> names) {
    std::map<std::string, std::size_t> counts;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string col = names[i].empty() ? "Unnamed: " + std::to_string(i) : names[i];
        std::size_t count = counts[col];
        while (count > 0) {
            counts[col] = count + 1;
            col += "." + std::to_string(count);
            count = counts[col];
        }
        counts[col] = count + 1;
        names[i] = col;
    }
    return names;
}

std::string python_list(const std::vector<std::string>& items) {
    std::string s = "[";
    for (const auto& item : items) s += (s.size() > 1 ? ", '" : "'") + item + "'";
    return s + "]";
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    for (const auto& x : list)
        if (x == item) return true;
    return false;
}

std::string at_line(std::size_t line, std::string_view field) {
    return " (line " + std::to_string(line) + ": \"" + std::string(field) + "\")";
}

struct columns_layout {
    std::size_t id = 0;
    std::size_t value = 0;
    std::string error; ///< headers refused
};

/// validate_headers_numerai / _signals / _crypto, on the column names.
columns_layout layout_for(int tournament, const std::vector<std::string>& names, submission_verdict& verdict) {
    const std::vector<std::string>* id_columns = &numerai_id_columns;
    const std::vector<std::string>* prediction_columns = &numerai_prediction_columns;
    std::vector<std::size_t> kept; // positions of the columns left to judge
    for (std::size_t i = 0; i < names.size(); ++i) kept.push_back(i);
    if (tournament == 11) {
        id_columns = &signals_id_columns;
        prediction_columns = &signals_prediction_columns;
        // validate_submission_signals drops data_type (with a warning), then
        // validate_headers_signals drops the first date column, wherever they are.
        std::erase_if(kept, [&](std::size_t i) {
            if (names[i] != "data_type") return false;
            verdict.warnings.push_back("data_type column found in Signals submission. This is deprecated and support "
                                       "will be removed in the future. Please remove the data_type column from your "
                                       "Signals submission.");
            return true;
        });
        for (auto it = kept.begin(); it != kept.end(); ++it)
            if (contains(signals_date_columns, names[*it])) {
                verdict.date_column = names[*it];
                kept.erase(it);
                break;
            }
    } else if (tournament == 12) {
        id_columns = &crypto_id_columns;
        prediction_columns = &crypto_prediction_columns;
    }
    columns_layout layout;
    if (kept.size() == 2 && contains(*id_columns, names[kept[0]]) && contains(*prediction_columns, names[kept[1]])) {
        layout.id = kept[0];
        layout.value = kept[1];
        return layout;
    }
    std::vector<std::string> left;
    for (auto i : kept) left.push_back(names[i]);
    layout.error = "invalid_submission_headers: headers must be one of " + python_list(*id_columns) + " and one of " +
        python_list(*prediction_columns) + " (got " + python_list(left) + ")";
    return layout;
}

struct first_seen {
    std::size_t line = 0;
    std::string field;
    explicit operator bool() const { return line != 0; }
    void note(std::size_t l, std::string_view f) {
        if (line == 0) line = l, field = f;
    }
};

submission_verdict check_csv(std::istream& in, int tournament, const live_universe* universe) {
    submission_verdict verdict;
    csv_records records{in};
    std::vector<std::string> fields;
    std::size_t line = 0;
    if (!records.next(fields, line)) {
        verdict.error = "No columns to parse from file";
        return verdict;
    }
    const std::vector<std::string> names = column_names(fields);
    const columns_layout layout = layout_for(tournament, names, verdict);
    if (layout.error.empty()) {
        verdict.id_column = names[layout.id];
        verdict.prediction_column = names[layout.value];
    }

    const std::unordered_set<std::string>* live = nullptr;
    static const std::unordered_set<std::string> no_ids;
    if (universe && layout.error.empty()) {
        const auto it = universe->ids.find(verdict.id_column);
        live = it == universe->ids.end() ? &no_ids : &it->second;
    }

    first_seen na_id, duplicate, na_value, not_number, lowest, highest;
    std::unordered_set<std::string> live_seen, outside;
    double low = 0, high = 0, mean = 0, m2 = 0;
    std::size_t numbers = 0;
    // pandas reads the whole file before numerai-tools looks at it: a tokenizing error
    // anywhere comes first, so every row is read even once the verdict is known.
    while (records.next(fields, line)) {
        if (fields.size() > names.size())
            throw read_error("Error tokenizing data. C error: Expected " + std::to_string(names.size()) +
                             " fields in line " + std::to_string(line) + ", saw " + std::to_string(fields.size()));
        ++verdict.rows;
        if (!layout.error.empty()) continue;
        // A short row is padded with NaN.
        const std::string_view id =
            layout.id < fields.size() ? std::string_view(fields[layout.id]) : std::string_view();
        const std::string_view field =
            layout.value < fields.size() ? std::string_view(fields[layout.value]) : std::string_view();
        const auto [kind, x] = read_value(field);
        if (kind == value_kind::not_number) not_number.note(line, field); // the whole column turns to text
        if (is_na(id)) {
            na_id.note(line, id);
            continue;
        }
        if (live && !live->contains(std::string(id))) {
            outside.emplace(id);
            continue;
        }
        ++verdict.live_rows;
        if (!live_seen.emplace(id).second) duplicate.note(line, id);
        if (kind == value_kind::na) na_value.note(line, field);
        if (kind != value_kind::number) continue;
        if (numbers == 0 || x < low) low = x, lowest = {line, std::string(field)};
        if (numbers == 0 || x > high) high = x, highest = {line, std::string(field)};
        ++numbers; // Welford's running variance
        const double delta = x - mean;
        mean += delta / static_cast<double>(numbers);
        m2 += delta * (x - mean);
    }
    verdict.invalid_ids = outside.size();

    if (!layout.error.empty()) {
        verdict.error = layout.error;
        return verdict;
    }
    // _validate_ids
    const std::string& id_col = verdict.id_column;
    if (na_id) {
        verdict.error = "invalid_submission_ids: Submission must not contain NaNs in the " + id_col + " column." +
            at_line(na_id.line, na_id.field);
        return verdict;
    }
    if (duplicate) {
        verdict.error = "invalid_submission_ids: Duplicates detected in " + id_col + " for live period." +
            at_line(duplicate.line, duplicate.field);
        return verdict;
    }
    const std::size_t minimum = tournament == 11 ? signals_min_tickers
        : tournament == 12                       ? crypto_min_tickers
        : live                                   ? live->size()
                                                 : 1; // no universe: the real one is never empty
    if (verdict.live_rows < minimum) {
        verdict.error = "invalid_submission_ids: Not enough stocks submitted. Are you using the latest live ids or "
                        "live universe? (" +
            std::to_string(verdict.live_rows) + " live rows, " + std::to_string(minimum) + " needed)";
        return verdict;
    }
    // validate_values, on the live rows
    if (na_value) {
        verdict.error =
            "invalid_submission_values: submission must not contain NaNs" + at_line(na_value.line, na_value.field);
        return verdict;
    }
    if (not_number) { // pandas fails comparing text with numbers
        verdict.error =
            "invalid_submission_values: values must be numbers" + at_line(not_number.line, not_number.field);
        return verdict;
    }
    if (numbers > 0) {
        const bool between = low >= 0 && high <= 1;
        const bool low_close = isclose(low, 0);
        const bool high_close = isclose(high, 1);
        if (!(between || (low_close && high <= 1) || (low >= 0 && high_close) || (low_close && high_close))) {
            const first_seen& worst = high > 1 && !high_close ? highest : lowest;
            verdict.error = "invalid_submission_values: values must be between 0 and 1 exclusive" +
                at_line(worst.line, worst.field);
            return verdict;
        }
    }
    if (numbers >= 2) { // pandas' std (ddof 1) of fewer than two values is NaN, never close to 0
        const double std_dev = std::sqrt(m2 / static_cast<double>(numbers - 1));
        if (isclose(0, std_dev)) {
            verdict.error = "invalid_submission_values: submission must have non-zero standard deviation";
            return verdict;
        }
    }
    return verdict;
}

} // namespace

submission_verdict check_submission(std::istream& in, int tournament, const live_universe* universe) {
    if (tournament != 8 && tournament != 11 && tournament != 12) {
        submission_verdict v;
        v.error = "no submission rules for tournament " + std::to_string(tournament);
        return v;
    }
    std::array<char, 4> magic{};
    in.read(magic.data(), magic.size());
    if (in.gcount() == 4 && std::memcmp(magic.data(), "PAR1", 4) == 0) {
        submission_verdict v;
        v.parquet = true;
        in.clear();
        in.seekg(0, std::ios::end);
        const auto size = static_cast<std::int64_t>(in.tellg());
        std::array<char, 4> tail{};
        if (size >= 12) {
            in.seekg(size - 4);
            in.read(tail.data(), tail.size());
        }
        if (size < 12 || in.gcount() != 4 || std::memcmp(tail.data(), "PAR1", 4) != 0)
            v.error =
                "Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.";
        return v;
    }
    in.clear();
    in.seekg(0);
    try {
        return check_csv(in, tournament, universe);
    } catch (const read_error& e) {
        submission_verdict v;
        v.error = e.what();
        return v;
    }
}

submission_verdict check_submission(const std::filesystem::path& file, int tournament, const live_universe* universe) {
    std::ifstream in{file, std::ios::binary};
    if (!in) {
        submission_verdict v;
        v.error = "cannot read the uploaded file";
        return v;
    }
    return check_submission(in, tournament, universe);
}

submission_verdict check_submission_text(std::string_view content, int tournament, const live_universe* universe) {
    std::istringstream in{std::string(content), std::ios::binary};
    return check_submission(in, tournament, universe);
}

} // namespace numerapi::sandbox::uploads
