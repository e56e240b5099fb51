#include <numerapi/predictions_check.hpp>

#include <numerapi/error.hpp>

#include "numerapi/submission/id_set.hpp"
#include "numerapi/submission/predictions_checking.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
    // Most fields are rejected by their length or first byte (ids, numbers).
    if (field.size() > 8) return false;
    if (!field.empty()) switch (field.front()) {
            case '#':
            case '-':
            case '1':
            case '<':
            case 'N':
            case 'n': break;
            default: return false;
        }
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
/// Whether `field` has an i (of inf or infinity, in any case).
bool may_be_infinity(std::string_view field) {
    return std::any_of(field.begin(), field.end(), [](char c) { return (c | 0x20) == 'i'; });
}

/// Whether eight bytes are all ASCII digits.
bool eight_digits(std::uint64_t word) {
    return ((word & 0xF0F0F0F0F0F0F0F0) | (((word + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
        0x3333333333333333;
}

/// The value of eight ASCII digits read as a little-endian word (the first digit lowest).
std::uint64_t value_of_eight_digits(std::uint64_t word) {
    word -= 0x3030303030303030;
    word = word * 10 + (word >> 8);
    return (((word & 0x000000FF000000FF) * (100 + (std::uint64_t{1000000} << 32))) +
            (((word >> 16) & 0x000000FF000000FF) * (1 + (std::uint64_t{10000} << 32)))) >>
        32;
}

/// Plain decimals ("0.8474337369372327", "-12.5"), the shape of nearly every prediction,
/// when exact: a mantissa of at most 2^53 and at most 22 decimals are exact doubles, and
/// one division of exact doubles is correctly rounded (Clinger's fast path), so the result
/// is std::from_chars' to the bit. nullopt: another shape, left to std::from_chars.
std::optional<double> exact_plain_decimal(std::string_view s) {
    static constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* p = s.data();
    const char* const end = p + s.size();
    const bool negative = p != end && *p == '-';
    if (negative) ++p;
    std::uint64_t mantissa = 0;
    std::size_t digits = 0; // at most 19: no overflow
    const auto take_digits = [&](std::size_t& counted) {
        if constexpr (std::endian::native == std::endian::little) {
            for (std::uint64_t word; end - p >= 8 && digits + 8 <= 19; p += 8, digits += 8, counted += 8) {
                std::memcpy(&word, p, sizeof word);
                if (!eight_digits(word)) break;
                mantissa = mantissa * 100000000 + value_of_eight_digits(word);
            }
        }
        for (; p != end && is_digit(*p); ++p, ++counted)
            if (++digits > 19) return false;
            else mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        return true;
    };
    std::size_t whole = 0, decimals = 0;
    if (!take_digits(whole)) return std::nullopt;
    if (p != end && *p == '.') {
        ++p;
        if (!take_digits(decimals)) return std::nullopt;
    }
    if (p != end || digits == 0 || mantissa > (std::uint64_t{1} << 53) || decimals > 22) return std::nullopt;
    const double x = static_cast<double>(static_cast<std::int64_t>(mantissa)) / powers_of_ten[decimals];
    return negative ? -x : x;
}

std::optional<double> parse_number(std::string_view field) {
    if (const auto plain = exact_plain_decimal(field)) return plain; // no spaces, sign or exponent
    if (may_be_infinity(field)) {
        for (std::string_view inf : {"inf", "+inf", "infinity", "+infinity"})
            if (equals_ignoring_case(field, inf)) return HUGE_VAL;
        for (std::string_view inf : {"-inf", "-infinity"})
            if (equals_ignoring_case(field, inf)) return -HUGE_VAL;
    }
    std::string_view s = field;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    std::string_view body = s;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
    if (body.empty() || !(is_digit(body.front()) || (body.size() > 1 && body[0] == '.' && is_digit(body[1]))))
        return std::nullopt;                  // not digit-shaped: pandas would keep the column as text
    if (s.front() == '+') s.remove_prefix(1); // std::from_chars takes a minus sign only
    if (const auto plain = exact_plain_decimal(s)) return plain;
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

bool split_csv(std::string_view line, std::vector<std::string_view>& out, std::string& scratch);

/// Lines as pandas' C tokenizer ends them (at LF, CRLF or a lone CR), from bytes in memory
/// or from a file read in large blocks, each split into its CSV fields by split_csv().
/// One pass over the bytes finds the line's end and its commas.
class line_source {
public:
    explicit line_source(std::string_view bytes) : data_(bytes) {}
    /// Reads `fd` (which the caller closes); read_failed() tells of an error.
    explicit line_source(int fd) : fd_(fd), at_end_(false) {}

    /// The next line without its end; false at the end of the input. The line is a view:
    /// valid until the next call.
    bool next(std::string_view& line) {
        for (;;) {
            const char* p = data_.data();
            const std::size_t n = data_.size();
            commas_.clear();
            quoted_ = false;
            std::size_t end = 0;
            bool ended = false; // at a CR or LF
            while (!ended && end < n) {
                // Eight bytes at a time past those that are nothing special (most of them).
                if (end + 8 <= n) {
                    std::uint64_t word;
                    std::memcpy(&word, p + end, sizeof word);
                    if (!any_special_byte(word)) {
                        end += 8;
                        continue;
                    }
                }
                for (const std::size_t stop = std::min(n, end + 8); end < stop; ++end) {
                    const auto kind = byte_kinds[static_cast<unsigned char>(p[end])];
                    if (kind == ordinary) continue;
                    if (kind == comma) commas_.push_back(end);
                    else if (kind == quote) quoted_ = true;
                    else {
                        ended = true;
                        break;
                    }
                }
            }
            // A line must end in what was read, and a CR last may be the start of a CRLF.
            if (!at_end_ && (end == n || (p[end] == '\r' && end + 1 == n))) {
                refill();
                continue;
            }
            if (n == 0) return false;
            std::size_t consumed = end;
            if (end < n) consumed += (p[end] == '\r' && end + 1 < n && p[end + 1] == '\n') ? 2 : 1;
            data_.remove_prefix(consumed);
            bytes_read_ += consumed;
            line_ = std::string_view(p, end);
            if (++number_ == 1 && line_.starts_with("\xEF\xBB\xBF")) { // a UTF-8 byte order mark
                line_.remove_prefix(3);
                for (auto& c : commas_) c -= 3;
            }
            line = line_;
            return true;
        }
    }

    /// The last line's fields (see split_csv); false for an unterminated quote.
    bool fields(std::vector<std::string_view>& out, std::string& scratch) const {
        if (quoted_) return split_csv(line_, out, scratch);
        out.clear();
        std::size_t start = 0;
        for (const std::size_t c : commas_) {
            out.push_back(line_.substr(start, c - start));
            start = c + 1;
        }
        out.push_back(line_.substr(start));
        return true;
    }

    std::size_t number() const { return number_; }
    /// Bytes of the lines returned so far, their ends included.
    std::uint64_t bytes_read() const { return bytes_read_; }
    bool read_failed() const { return read_failed_; }

private:
    enum byte_kind : unsigned char { ordinary, comma, quote, line_end };
    static constexpr std::array<byte_kind, 256> byte_kinds = [] {
        std::array<byte_kind, 256> kinds{};
        kinds[static_cast<unsigned char>(',')] = comma;
        kinds[static_cast<unsigned char>('"')] = quote;
        kinds[static_cast<unsigned char>('\r')] = line_end;
        kinds[static_cast<unsigned char>('\n')] = line_end;
        return kinds;
    }();

    /// Whether any of the eight bytes may be a comma, a quote, a CR or an LF (a byte that
    /// is one sets its high bit in a test for a zero byte; false alarms are possible, and
    /// the bytes are then looked at one by one).
    static bool any_special_byte(std::uint64_t word) {
        constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
        const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        return (zero_byte(word ^ (ones * ',')) | zero_byte(word ^ (ones * '"')) | zero_byte(word ^ (ones * '\r')) |
                zero_byte(word ^ (ones * '\n'))) != 0;
    }

    /// Keeps the unread bytes, first in the block, and reads more after them.
    void refill() {
        const std::size_t kept = data_.size();
        const std::size_t from = kept ? static_cast<std::size_t>(data_.data() - block_.data()) : 0;
        if (block_.size() < kept + block_step) block_.resize(std::max(block_.size() * 2, kept + block_step));
        std::memmove(block_.data(), block_.data() + from, kept);
        std::size_t filled = kept;
        while (filled < block_.size()) {
            const ssize_t got = ::read(fd_, block_.data() + filled, block_.size() - filled);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                read_failed_ = got < 0;
                at_end_ = true;
                break;
            }
            filled += static_cast<std::size_t>(got);
        }
        data_ = std::string_view(block_.data(), filled);
    }

    static constexpr std::size_t block_step = 4u << 20;
    std::string_view data_;
    std::vector<char> block_;
    int fd_ = -1;
    bool at_end_ = true; ///< nothing more to read than data_
    bool read_failed_ = false;
    std::size_t number_ = 0;
    std::uint64_t bytes_read_ = 0;
    std::string_view line_;
    std::vector<std::size_t> commas_; ///< where in line_
    bool quoted_ = false;
};

/// pandas skips empty lines and lines of only spaces and tabs (skip_blank_lines).
bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

/// One CSV record with quotes (line_source splits the others): fields split on commas; a
/// field in double quotes may hold commas and doubled quotes. The fields view `line`, or
/// `scratch` for quoted ones (reserved to the
/// line's size first, so that the views stay valid). Returns false for an unterminated quote.
bool split_csv(std::string_view line, std::vector<std::string_view>& out, std::string& scratch) {
    out.clear();
    scratch.clear();
    scratch.reserve(line.size());
    std::size_t i = 0;
    for (;;) {
        if (i < line.size() && line[i] == '"') {
            const std::size_t start = scratch.size();
            ++i;
            for (;;) {
                if (i >= line.size()) return false;
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        scratch += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                scratch += line[i++];
            }
            while (i < line.size() && line[i] != ',') scratch += line[i++]; // text after the quote
            out.push_back(std::string_view(scratch).substr(start));
        } else {
            const std::size_t start = i;
            while (i < line.size() && line[i] != ',') ++i;
            out.push_back(line.substr(start, i - start));
        }
        if (i >= line.size()) return true;
        ++i; // the comma
    }
}

/// The fields as strings (a header, a universe's column names).
std::vector<std::string> owned(const std::vector<std::string_view>& fields) { return {fields.begin(), fields.end()}; }

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

/// An open file, closed on destruction.
struct open_file {
    explicit open_file(const std::filesystem::path& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~open_file() {
        if (fd >= 0) ::close(fd);
    }
    open_file(const open_file&) = delete;
    open_file& operator=(const open_file&) = delete;
    int fd;
};

} // namespace

live_universe read_live_universe(const std::filesystem::path& csv) {
    auto refuse = [&csv](errc code, std::string message) {
        return error(make_error_code(code),
                     {.operation = "read_live_universe", .client_message = csv.string() + ": " + message});
    };
    const open_file in{csv};
    if (in.fd < 0) throw refuse(errc::io_error, "cannot read the live ids");
    line_source reader{in.fd};
    std::string_view line;
    while (reader.next(line) && blank(line)) {}
    std::vector<std::string_view> fields;
    std::string scratch;
    if (line.empty() || blank(line)) {
        if (reader.read_failed()) throw refuse(errc::io_error, "cannot read the live ids");
        throw refuse(errc::invalid_argument, "no header line naming the id columns");
    }
    if (!reader.fields(fields, scratch))
        throw refuse(errc::invalid_argument, at_line(reader.number()) + "an unterminated quote");
    const std::vector<std::string> columns = owned(fields);
    live_universe universe;
    std::vector<std::vector<std::string>*> targets; // nullptr for a repeated column name
    for (const auto& c : columns) {
        const bool fresh = !universe.ids.contains(c);
        auto& ids_of_column = universe.ids[c];
        targets.push_back(fresh ? &ids_of_column : nullptr);
    }
    while (reader.next(line)) {
        if (blank(line)) continue;
        if (!reader.fields(fields, scratch))
            throw refuse(errc::invalid_argument, at_line(reader.number()) + "an unterminated quote");
        for (std::size_t i = 0; i < std::min(fields.size(), targets.size()); ++i)
            if (targets[i] != nullptr && !is_pandas_na(fields[i])) targets[i]->emplace_back(fields[i]);
    }
    if (reader.read_failed()) throw refuse(errc::io_error, "cannot read the live ids");
    return universe;
}

namespace {

/// `size`: of the whole input, to size the id set once from the first rows' length.
predictions_check_result check_lines(line_source& reader, std::uint64_t size, int tournament,
                                     const predictions_check_options& options, const std::atomic<bool>& stop);

bool known_tournament(int tournament) { return tournament == 8 || tournament == 11 || tournament == 12; }

} // namespace

namespace detail {

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop) {
    if (!known_tournament(tournament))
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    const open_file in{file};
    if (in.fd < 0) return fail("", "cannot read " + file.string());
    char magic[4] = {};
    if (::pread(in.fd, magic, sizeof magic, 0) == 4 && std::string_view(magic, 4) == "PAR1")
        return {predictions_summary{}, std::nullopt};
    struct stat st {};
    ::fstat(in.fd, &st);
    line_source reader{in.fd};
    auto result = check_lines(reader, static_cast<std::uint64_t>(st.st_size), tournament, options, stop);
    if (reader.read_failed()) return fail("", "cannot read " + file.string());
    return result;
}

predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop) {
    if (!known_tournament(tournament))
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    if (std::string_view(predictions.bytes).starts_with("PAR1")) return {predictions_summary{}, std::nullopt};
    line_source reader{predictions.bytes};
    return check_lines(reader, predictions.bytes.size(), tournament, options, stop);
}

} // namespace detail

namespace {
const std::atomic<bool> never_stopped{false};
}

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament) {
    return detail::check_predictions(file, tournament, predictions_check_options(), never_stopped);
}

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options) {
    return detail::check_predictions(file, tournament, options, never_stopped);
}

predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options) {
    return detail::check_predictions(predictions, tournament, options, never_stopped);
}

namespace {

/// A live row as the seen ids and the value rules take it.
struct live_row {
    std::uint64_t hash = 0; ///< of id
    std::size_t line = 0;
    std::string_view id, value;
    bool value_missing = false;
    std::optional<double> number;
};

/// Live rows waiting for their slot of the seen set to come from memory (id_set::prefetch):
/// a lookup in a table of millions misses every cache, and a few rows of other work hide it.
/// Their id and value are copied: the line they came from may be gone by then.
class rows_in_flight {
public:
    explicit rows_in_flight(const detail::id_set& seen) : seen_(seen) {}

    /// Keeps `row` (and fetches its slot); false if its id or value is too long to keep.
    bool add(const live_row& row) {
        if (row.id.size() > max_text || row.value.size() > max_text) return false;
        kept& k = rows_[(first_ + count_++) % rows_.size()];
        k.row = row;
        k.row.id = k.copy(k.id, row.id);
        k.row.value = k.copy(k.value, row.value);
        seen_.prefetch(row.hash);
        return true;
    }
    bool full() const { return count_ == rows_.size(); }
    /// The oldest row, valid until the next add().
    const live_row& take() {
        const live_row& row = rows_[first_].row;
        first_ = (first_ + 1) % rows_.size();
        --count_;
        return row;
    }
    /// Hands every row to `settle`, oldest first.
    template <class Settle>
    void drain(Settle& settle) {
        while (count_ > 0) settle(take());
    }

private:
    static constexpr std::size_t max_text = 46;
    struct kept {
        live_row row;
        char id[max_text], value[max_text];
        static std::string_view copy(char* to, std::string_view text) {
            if (!text.empty()) std::memcpy(to, text.data(), text.size());
            return {to, text.size()};
        }
    };
    const detail::id_set& seen_;
    std::array<kept, 16> rows_{};
    std::size_t first_ = 0, count_ = 0;
};

/// An id and the hash both id sets take.
struct hashed_id {
    explicit hashed_id(std::string_view id) : text(id), hash(detail::id_set::hash(id)) {}
    std::string_view text;
    std::uint64_t hash;
};

predictions_check_result check_lines(line_source& reader, std::uint64_t size, int tournament,
                                     const predictions_check_options& options, const std::atomic<bool>& stop) {
    // What pandas refuses to read comes first; then numerai-tools' order: headers, ids, values.
    std::string_view line;
    bool has_header = false;
    while (!has_header && reader.next(line)) has_header = !blank(line);
    if (!has_header) return fail(headers, reader.number() == 0 ? "the file is empty" : "the file has no header line");
    std::vector<std::string_view> fields;
    std::string scratch;
    if (!reader.fields(fields, scratch)) return fail(headers, at_line(reader.number()) + "an unterminated quote");
    const std::vector<std::string> columns = owned(fields);
    const header_layout layout = read_header(columns, tournament);

    predictions_summary summary;
    const std::vector<std::string>* live_list = nullptr;
    detail::id_set live;
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
            for (const auto& id : *live_list) live.insert(id, detail::id_set::hash(id));
            summary.live_rows = 0;
        }
    }

    std::optional<std::size_t> index_fields; // 1 if pandas takes the first field for an index
    std::optional<first_fault> missing_id, repeated_id, missing_value, not_a_number, out_of_range;
    detail::id_set seen; // the live rows' ids (every row's without a universe)
    std::vector<double> live_values;
    // A live row's id joins the seen ones (and its value is checked) a few rows later, once
    // its slot of the set has come from memory, in the rows' order all the same.
    rows_in_flight in_flight{seen};
    auto settle = [&](const live_row& row) {
        if (!seen.insert(row.id, row.hash)) {
            note(repeated_id, row.line, row.id);
            return;
        }
        if (row.value_missing) note(missing_value, row.line, row.value);
        if (!row.number) return;
        const bool above_zero = *row.number >= 0.0 || isclose(*row.number, 0.0);
        const bool below_one = *row.number <= 1.0 || isclose(*row.number, 1.0);
        if (!(above_zero && below_one)) note(out_of_range, row.line, row.value);
        live_values.push_back(*row.number);
    };
    constexpr std::size_t rows_between_stop_checks = 1u << 16;
    constexpr std::size_t rows_to_estimate_from = 1024;
    if (options.live) seen.reserve(live.size());
    while (reader.next(line)) {
        if (blank(line)) continue;
        const std::size_t n = reader.number();
        if (n % rows_between_stop_checks == 0 && stop.load(std::memory_order_relaxed))
            return fail("", "the check was stopped");
        // Sized once for the rows the input holds at the first rows' length: growing it
        // rehashes every id.
        if (n == rows_to_estimate_from) {
            // At most 64 M rows ahead: a file whose first rows are short and the rest one
            // long line must not reserve what it will never use; the set grows past it.
            const std::uint64_t rows = std::min<std::uint64_t>(
                size / std::max<std::uint64_t>(reader.bytes_read() / n, 1) + 1, std::uint64_t{1} << 26);
            if (!options.live) seen.reserve(rows);
            live_values.reserve(std::min<std::uint64_t>(rows, options.live ? live.size() : rows));
        }
        if (!reader.fields(fields, scratch)) return fail(values, at_line(n) + "an unterminated quote");
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
            return i < fields.size() ? fields[i] : std::string_view();
        };
        const std::string_view id = field(layout.id);
        if (is_pandas_na(id)) {
            note(missing_id, n, id);
            continue;
        }
        const hashed_id key{id};
        const std::string_view value = field(layout.value);
        const bool value_missing = is_pandas_na(value);
        const std::optional<double> number = value_missing ? std::nullopt : parse_number(value);
        // One text in the column and pandas reads all of it as text: numerai-tools' range
        // test then fails on every row, live or not.
        if (!value_missing && !number) note(not_a_number, n, value);
        if (options.live && !live.contains(key.text, key.hash)) continue;
        if (summary.live_rows) ++*summary.live_rows;
        const live_row row{key.hash, n, id, value, value_missing, number};
        if (!in_flight.add(row)) {
            in_flight.drain(settle);
            settle(row);
        }
        if (in_flight.full()) settle(in_flight.take());
    }
    in_flight.drain(settle);
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
            const auto absent = std::find_if(live_list->begin(), live_list->end(), [&](const std::string& i) {
                return !seen.contains(i, detail::id_set::hash(i));
            });
            return fail(ids,
                        "not enough ids: " + std::to_string(live.size() - seen.size()) + " of the round's " +
                            std::to_string(live.size()) + " live ids have no prediction (" + in_quotes(*absent) +
                            " is one)");
        }
        if (!options.live && seen.size() == 0) return fail(ids, "the file has no predictions; every live id needs one");
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
