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
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sched.h>
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

/// Whether `field` has an i (of inf or infinity, in any case).
bool may_be_infinity(std::string_view field) {
    return std::any_of(field.begin(), field.end(), [](char c) { return (c | 0x20) == 'i'; });
}

/// std::from_chars over all of `s`; nullopt unless it reads all of it. Out of range: too
/// large is infinite, too small is zero, as a correctly rounding parser gives.
std::optional<double> parse_with_from_chars(std::string_view s) {
    double x = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        const auto e = s.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
        const bool negative = s.front() == '-';
        return tiny ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
    }
    if (ec != std::errc{}) return std::nullopt;
    return x;
}

/// A number as pandas' C parser reads one: surrounding whitespace, a leading + or -,
/// digits with an optional fraction and exponent (correctly rounded), or one of the
/// spellings of infinity pandas accepts (the whole field, any case). NaN spellings are the
/// missing-value strings, tested before this.
std::optional<double> parse_number(std::string_view field) {
    // Nearly every field: a number std::from_chars reads whole, correctly rounded (its NaN
    // and infinity spellings are not all pandas': those, and the rest, go below).
    double x = 0;
    if (const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), x);
        ec == std::errc{} && end == field.data() + field.size() && std::isfinite(x))
        return x;
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
    return parse_with_from_chars(s);
}

bool split_csv(std::string_view line, std::vector<std::string_view>& out, std::string& scratch);

/// Lines as pandas' C tokenizer ends them (at LF, CRLF or a lone CR), from bytes in memory
/// or from a file read in large blocks, each split into its CSV fields by split_csv().
/// One pass over the bytes finds the line's end and its commas. Aligned to a cache line:
/// the parts of an input are read on threads of their own, each by its line_source.
class alignas(64) line_source {
public:
    /// `starts_input`: the bytes are the input's first (where a byte order mark may be).
    explicit line_source(std::string_view bytes, bool starts_input = true)
        : data_(bytes), starts_input_(starts_input) {}
    /// Reads `fd` (which the caller closes) to its end, as a stream (a pipe, say);
    /// read_failed() tells of an error.
    explicit line_source(int fd) : fd_(fd), at_end_(false), end_(std::numeric_limits<std::uint64_t>::max()) {}
    /// Reads the regular file `fd` from `begin` to `end`.
    line_source(int fd, std::uint64_t begin, std::uint64_t end)
        : fd_(fd), at_end_(false), positioned_(true), offset_(begin), end_(end), starts_input_(begin == 0) {}

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
                // Eight bytes at a time: past those that are nothing special (most of them),
                // then straight to each one that may be (byte by byte on a big-endian machine).
                if (std::endian::native == std::endian::little && end + 8 <= n) {
                    std::uint64_t word;
                    std::memcpy(&word, p + end, sizeof word);
                    for (std::uint64_t maybe = special_bytes(word); maybe != 0; maybe &= maybe - 1) {
                        const std::size_t at = end + static_cast<std::size_t>(std::countr_zero(maybe) >> 3);
                        const auto kind = byte_kinds[static_cast<unsigned char>(p[at])];
                        if (kind == ordinary) continue; // a false alarm
                        if (kind == comma) commas_.push_back(at);
                        else if (kind == quote) quoted_ = true;
                        else {
                            end = at;
                            ended = true;
                            break;
                        }
                    }
                    if (!ended) end += 8;
                    continue;
                }
                for (; end < n; ++end) { // the last few bytes
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
            if (++number_ == 1 && starts_input_ && line_.starts_with("\xEF\xBB\xBF")) { // a UTF-8 byte order mark
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

    /// The eight bytes (of a little-endian word) that may be a comma, a quote, a CR or an
    /// LF, as the high bit of each: a test for a zero byte sets it for every byte that is
    /// one, and may set it for a byte above one (a false alarm, told by the byte's kind).
    static std::uint64_t special_bytes(std::uint64_t word) {
        constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
        const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        return zero_byte(word ^ (ones * ',')) | zero_byte(word ^ (ones * '"')) | zero_byte(word ^ (ones * '\r')) |
            zero_byte(word ^ (ones * '\n'));
    }

    /// Keeps the unread bytes, first in the block, and reads more after them.
    void refill() {
        const std::size_t kept = data_.size();
        const std::size_t from = kept ? static_cast<std::size_t>(data_.data() - block_.data()) : 0;
        if (block_.size() < kept + block_step) block_.resize(std::max(block_.size() * 2, kept + block_step));
        std::memmove(block_.data(), block_.data() + from, kept);
        std::size_t filled = kept;
        while (filled < block_.size()) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(block_.size() - filled, end_ - offset_));
            const ssize_t got = want == 0 ? 0
                : positioned_             ? ::pread(fd_, block_.data() + filled, want, static_cast<off_t>(offset_))
                                          : ::read(fd_, block_.data() + filled, want);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                read_failed_ = got < 0;
                at_end_ = true;
                break;
            }
            filled += static_cast<std::size_t>(got);
            offset_ += static_cast<std::uint64_t>(got);
        }
        data_ = std::string_view(block_.data(), filled);
    }

    static constexpr std::size_t block_step = 256u << 10;
    std::string_view data_;
    std::vector<char> block_;
    int fd_ = -1;
    bool at_end_ = true;                 ///< nothing more to read than data_
    bool positioned_ = false;            ///< reads at offset_ (pread), not at the file's position
    std::uint64_t offset_ = 0, end_ = 0; ///< of the next byte to read from fd_, and where to stop
    bool starts_input_ = true;
    bool read_failed_ = false;
    std::size_t number_ = 0;
    std::uint64_t bytes_read_ = 0;
    std::string_view line_;
    std::vector<std::size_t> commas_; ///< where in line_
    bool quoted_ = false;
};

/// pandas skips empty lines and lines of only spaces and tabs (skip_blank_lines).
inline bool blank(std::string_view line) {
    for (const char c : line)
        if (c != ' ' && c != '\t') return false;
    return true;
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

/// The input in parts of about equal size, each ending with a line: the rows of each are
/// checked on a thread of their own (check_lines).
struct input_parts {
    std::vector<line_source> readers;
    std::vector<std::uint64_t> sizes; ///< of each part, in bytes
};

/// The processors this thread may run on (its affinity, as taskset or a container's
/// cpuset leaves it), at least 1; the machine's count when that cannot be known.
unsigned usable_processors() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
}

/// How many parts `size` bytes make: one per thread the options allow (at most 8: each
/// part's ids are looked up in every part before it), none under `min_part_bytes` (threads
/// cost more than they give on a small input).
std::size_t part_count(std::uint64_t size, const predictions_check_options& options, std::uint64_t min_part_bytes) {
    const unsigned threads = options.threads != 0 ? std::min(options.threads, 8u) : std::min(4u, usable_processors());
    return static_cast<std::size_t>(
        std::clamp<std::uint64_t>(size / std::max<std::uint64_t>(min_part_bytes, 1), 1, threads));
}

/// Where the parts of `size` bytes end: after the first LF past each equal share (a part
/// may then be empty, or the last one take the rest). `find_lf(from)` gives the offset of
/// the first LF at or after `from`, or `size` when there is none.
template <class FindLf>
std::vector<std::uint64_t> part_ends(std::uint64_t size, std::size_t parts, FindLf find_lf) {
    std::vector<std::uint64_t> ends;
    for (std::size_t k = 1; k < parts; ++k) {
        const std::uint64_t share = size / parts * k;
        const std::uint64_t from = std::max(share, ends.empty() ? 0 : ends.back());
        ends.push_back(std::min(find_lf(from) + 1, size));
    }
    ends.push_back(size);
    return ends;
}

predictions_check_result check_lines(input_parts& input, int tournament, const predictions_check_options& options,
                                     const std::atomic<bool>& stop);

bool known_tournament(int tournament) { return tournament == 8 || tournament == 11 || tournament == 12; }

} // namespace

namespace detail {

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           std::uint64_t min_part_bytes) {
    if (!known_tournament(tournament))
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    const open_file in{file};
    if (in.fd < 0) return fail("", "cannot read " + file.string());
    char magic[4] = {};
    if (::pread(in.fd, magic, sizeof magic, 0) == 4 && std::string_view(magic, 4) == "PAR1")
        return {predictions_summary{}, std::nullopt};
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) return fail("", "cannot read " + file.string());
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const auto find_lf = [&](std::uint64_t from) {
        char window[64 * 1024];
        for (;;) {
            const ssize_t got = ::pread(in.fd, window, sizeof window, static_cast<off_t>(from));
            if (got <= 0) return size; // the end (a read error shows when the part is read)
            if (const void* lf = std::memchr(window, '\n', static_cast<std::size_t>(got)))
                return from + static_cast<std::uint64_t>(static_cast<const char*>(lf) - window);
            from += static_cast<std::uint64_t>(got);
        }
    };
    input_parts input;
    if (!S_ISREG(st.st_mode)) { // a pipe or a device: read as a stream, in one part
        input.readers.emplace_back(in.fd);
        input.sizes.push_back(size);
        auto result = check_lines(input, tournament, options, stop);
        return input.readers.front().read_failed() ? fail("", "cannot read " + file.string()) : result;
    }
    const std::vector<std::uint64_t> ends = part_ends(size, part_count(size, options, min_part_bytes), find_lf);
    for (std::size_t k = 0; k < ends.size(); ++k) {
        const std::uint64_t begin = k == 0 ? 0 : ends[k - 1];
        // The last part reads on past the size fstat gave, to the file's end.
        input.readers.emplace_back(in.fd, begin,
                                   k + 1 == ends.size() ? std::numeric_limits<std::uint64_t>::max() : ends[k]);
        input.sizes.push_back(ends[k] - begin);
    }
    auto result = check_lines(input, tournament, options, stop);
    for (const auto& reader : input.readers)
        if (reader.read_failed()) return fail("", "cannot read " + file.string());
    return result;
}

predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           std::uint64_t min_part_bytes) {
    if (!known_tournament(tournament))
        return fail("", "no predictions rules for tournament " + std::to_string(tournament));
    const std::string_view bytes = predictions.bytes;
    if (bytes.starts_with("PAR1")) return {predictions_summary{}, std::nullopt};
    const auto find_lf = [&](std::uint64_t from) {
        const auto lf = bytes.find('\n', static_cast<std::size_t>(from));
        return lf == std::string_view::npos ? bytes.size() : lf;
    };
    input_parts input;
    std::uint64_t begin = 0;
    for (const std::uint64_t end :
         part_ends(bytes.size(), part_count(bytes.size(), options, min_part_bytes), find_lf)) {
        input.readers.emplace_back(bytes.substr(begin, end - begin), begin == 0);
        input.sizes.push_back(end - begin);
        begin = end;
    }
    return check_lines(input, tournament, options, stop);
}

} // namespace detail

namespace {
const std::atomic<bool> never_stopped{false};
}

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament) {
    return detail::check_predictions(file, tournament, predictions_check_options(), never_stopped,
                                     detail::min_part_bytes);
}

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options) {
    return detail::check_predictions(file, tournament, options, never_stopped, detail::min_part_bytes);
}

predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options) {
    return detail::check_predictions(predictions, tournament, options, never_stopped, detail::min_part_bytes);
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
    /// (Written in place, member by member: a row built first and copied in costs a stall
    /// per row, its copy reading in wide loads what was just written in narrow stores.)
    bool add(const live_row& row) {
        if (row.id.size() > max_text || row.value.size() > max_text) return false;
        kept& k = rows_[(first_ + count_++) % rows_.size()];
        k.row.hash = row.hash;
        k.row.line = row.line;
        k.row.id = k.copy(k.id, row.id);
        k.row.value = k.copy(k.value, row.value);
        k.row.value_missing = row.value_missing;
        k.row.number = row.number;
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

/// What the rows need from the header and the options, the same for every part.
struct row_rules {
    const header_layout& layout;
    std::size_t columns = 0;
    const predictions_check_options& options;
    const detail::id_set& live; ///< the live universe's ids (options.live)
    std::size_t parts = 1;      ///< how many parts share the rows (each sizes its set for its share)
};

/// What one part of the input showed. Lines are counted from the part's first. Aligned to
/// a cache line: the parts' counts change on every row, each on its own thread, and two in
/// one line would make every row a cache miss for both.
struct alignas(64) part_result {
    std::size_t lines = 0; ///< that its reader returned, blank ones too
    std::size_t rows = 0, live_rows = 0;
    std::optional<first_fault> missing_id, repeated_id, missing_value, not_a_number, out_of_range;
    /// A row pandas refuses to read: the check ends there, with this message after the line.
    std::optional<first_fault> refused;
    bool stopped = false;       ///< by the caller, or because an earlier part was refused
    std::exception_ptr failure; ///< what the part's check threw (no memory, say): it stopped there
    detail::id_set seen;        ///< the live rows' ids (every row's without a universe)
    std::vector<double> live_values;
};

/// Which part was refused first (its index; the number of parts while none): the parts
/// after it stop, since what they find cannot be the first fault.
class first_refusal {
public:
    explicit first_refusal(std::size_t parts) : part_(parts) {}
    void note(std::size_t part) {
        for (std::size_t now = part_.load(); part < now && !part_.compare_exchange_weak(now, part);) {}
    }
    bool before(std::size_t part) const { return part_.load(std::memory_order_relaxed) < part; }

private:
    std::atomic<std::size_t> part_;
};

/// Checks the rows of one part, from its reader's next line. `index_fields` (whether the
/// rows carry an index) is decided by the input's first row: a part after it is given it,
/// the part that holds it sets it, and calls `on_index_known` then.
template <class OnIndexKnown>
void check_rows(line_source& reader, std::uint64_t size, const row_rules& rules, std::size_t part,
                std::optional<std::size_t>& index_fields, OnIndexKnown on_index_known, const std::atomic<bool>& stop,
                const first_refusal& refusal, part_result& out) {
    const header_layout& layout = rules.layout;
    const predictions_check_options& options = rules.options;
    // A live row's id joins the seen ones (and its value is checked) a few rows later, once
    // its slot of the set has come from memory, in the rows' order all the same.
    rows_in_flight in_flight{out.seen};
    auto settle = [&](const live_row& row) {
        if (!out.seen.insert(row.id, row.hash, row.line)) {
            note(out.repeated_id, row.line, row.id);
            return;
        }
        if (row.value_missing) note(out.missing_value, row.line, row.value);
        if (!row.number) return;
        const bool above_zero = *row.number >= 0.0 || isclose(*row.number, 0.0);
        const bool below_one = *row.number <= 1.0 || isclose(*row.number, 1.0);
        if (!(above_zero && below_one)) note(out.out_of_range, row.line, row.value);
        out.live_values.push_back(*row.number);
    };
    constexpr std::size_t rows_between_stop_checks = 1u << 16;
    constexpr std::size_t rows_to_estimate_from = 1024;
    const std::size_t first_line = reader.number();
    if (options.live) out.seen.reserve(rules.live.size() / rules.parts + 1);
    std::string_view line;
    std::vector<std::string_view> fields;
    std::string scratch;
    while (reader.next(line)) {
        if (blank(line)) continue;
        const std::size_t n = reader.number();
        if (n % rows_between_stop_checks == 0 && (stop.load(std::memory_order_relaxed) || refusal.before(part))) {
            out.stopped = true;
            break;
        }
        // Sized once for the rows the part holds at the first rows' length: growing it
        // rehashes every id.
        if (n == first_line + rows_to_estimate_from) {
            // At most 64 M rows ahead in all parts: a file whose first rows are short and
            // the rest one long line must not reserve what it will never use; the set
            // grows past it.
            const std::uint64_t rows = std::min<std::uint64_t>(
                size / std::max<std::uint64_t>(reader.bytes_read() / n, 1) + 1, (std::uint64_t{1} << 26) / rules.parts);
            if (!options.live) out.seen.reserve(rows);
            out.live_values.reserve(std::min<std::uint64_t>(rows, options.live ? rules.live.size() : rows));
        }
        if (!reader.fields(fields, scratch)) {
            out.refused = first_fault{n, "an unterminated quote"};
            break;
        }
        if (!index_fields) {
            index_fields = fields.size() == rules.columns + 1 ? 1 : 0;
            on_index_known();
        }
        if (fields.size() > rules.columns + *index_fields) {
            out.refused =
                first_fault{n,
                            std::to_string(fields.size()) + " fields where the header has " +
                                std::to_string(rules.columns) + (*index_fields ? " and the rows an index" : "")};
            break;
        }
        ++out.rows;
        if (layout.fault) continue; // only looking for what pandas would refuse to read

        // A short row's missing fields are missing values, as pandas fills them.
        auto field = [&](std::size_t column) -> std::string_view {
            const std::size_t i = column + *index_fields;
            return i < fields.size() ? fields[i] : std::string_view();
        };
        const std::string_view id = field(layout.id);
        if (is_pandas_na(id)) {
            note(out.missing_id, n, id);
            continue;
        }
        const hashed_id key{id};
        const std::string_view value = field(layout.value);
        const bool value_missing = is_pandas_na(value);
        const std::optional<double> number = value_missing ? std::nullopt : parse_number(value);
        // One text in the column and pandas reads all of it as text: numerai-tools' range
        // test then fails on every row, live or not.
        if (!value_missing && !number) note(out.not_a_number, n, value);
        if (options.live && !rules.live.contains(key.text, key.hash)) continue;
        ++out.live_rows;
        const live_row row{key.hash, n, id, value, value_missing, number};
        if (!in_flight.add(row)) {
            in_flight.drain(settle);
            settle(row);
        }
        if (in_flight.full()) settle(in_flight.take());
    }
    in_flight.drain(settle);
    out.lines = reader.number();
}

/// The first row of parts[k] (k > 0) whose id an earlier part has: a repeated id that
/// neither part saw alone. Looks at the ids stored in the blocks [first, end) of its seen
/// ids, in the rows' order, a few ahead of their lookups (as rows_in_flight does).
std::optional<first_fault> repeated_across(const std::vector<part_result>& parts, std::size_t k, std::size_t first,
                                           std::size_t end) {
    struct pending {
        std::string_view id;
        std::uint64_t hash = 0, line = 0;
    };
    std::array<pending, 16> ring{};
    std::size_t head = 0, count = 0;
    std::optional<first_fault> found;
    const auto settle = [&](const pending& p) {
        for (std::size_t j = 0; j < k; ++j)
            if (parts[j].seen.contains(p.id, p.hash)) {
                found = first_fault{p.line, std::string(p.id)};
                return false;
            }
        return true;
    };
    parts[k].seen.visit(first, end, [&](std::string_view id, std::uint64_t line) {
        const pending p{id, detail::id_set::hash(id), line};
        for (std::size_t j = 0; j < k; ++j) parts[j].seen.prefetch(p.hash);
        if (count == ring.size()) {
            if (!settle(ring[head])) return false;
            ring[head] = p;
            head = (head + 1) % ring.size();
        } else {
            ring[(head + count++) % ring.size()] = p;
        }
        return true;
    });
    for (; !found && count > 0; --count, head = (head + 1) % ring.size()) settle(ring[head]);
    return found;
}

/// Keeps the fault of the earlier line (`offset` moves `candidate`'s to the input's lines).
void keep_first(std::optional<first_fault>& fault, const std::optional<first_fault>& candidate, std::size_t offset) {
    if (candidate && (!fault || candidate->line + offset < fault->line))
        fault = first_fault{candidate->line + offset, candidate->field};
}

/// Runs `work(t)` for t in [0, count): t = 0 on this thread, the others on threads of their
/// own, all ended before it returns; the first exception thrown is rethrown. Threads that
/// cannot be started (no more threads, or no memory for one) leave their work to this
/// thread, after its own.
template <class Work>
void run_on_threads(std::size_t count, Work work) {
    if (count == 0) return;
    std::vector<std::exception_ptr> failures(count);
    auto guarded = [&](std::size_t t) {
        try {
            work(t);
        } catch (...) {
            failures[t] = std::current_exception();
        }
    };
    std::size_t started = 1;
    {
        std::vector<std::jthread> threads;
        try {
            threads.reserve(count - 1);
            for (; started < count; ++started) threads.emplace_back(guarded, started);
        } catch (...) { // this thread does the rest
        }
        guarded(0);
        for (std::size_t t = started; t < count; ++t) guarded(t);
    }
    for (const auto& f : failures)
        if (f) std::rethrow_exception(f);
}

predictions_check_result check_lines(input_parts& input, int tournament, const predictions_check_options& options,
                                     const std::atomic<bool>& stop) {
    std::vector<line_source>& readers = input.readers;
    const std::size_t count = readers.size();
    // What pandas refuses to read comes first; then numerai-tools' order: headers, ids, values.
    // The header is the first line that is not blank, in the first part that has one.
    std::string_view line;
    std::size_t header_part = 0, lines_before = 0; // lines of the parts before the header's
    bool has_header = false;
    for (; header_part < count; ++header_part) {
        while (!has_header && readers[header_part].next(line)) has_header = !blank(line);
        if (has_header) break;
        lines_before += readers[header_part].number();
    }
    if (!has_header) return fail(headers, lines_before == 0 ? "the file is empty" : "the file has no header line");
    line_source& header_reader = readers[header_part];
    std::vector<std::string_view> fields;
    std::string scratch;
    if (!header_reader.fields(fields, scratch))
        return fail(headers, at_line(lines_before + header_reader.number()) + "an unterminated quote");
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
        }
    }

    // Each part from the header's on is checked on a thread of its own, started once the
    // first row has shown whether the rows carry an index. The parts after the first keep
    // each id's line, for the ids they share with an earlier part.
    const std::size_t scanned = count - header_part;
    std::vector<part_result> parts;
    parts.reserve(scanned);
    for (std::size_t k = 0; k < scanned; ++k) parts.push_back(part_result{.seen = detail::id_set(k > 0)});
    const row_rules rules{layout, columns.size(), options, live, scanned};
    first_refusal refusal{scanned};
    // Set by the first part (before index_settled), read by the others after it.
    std::optional<std::size_t> index_fields;
    std::mutex index_mutex;
    std::condition_variable index_known;
    bool index_settled = false; // known, or the first part ended without a row
    auto settle_index = [&] {
        {
            const std::lock_guard hold(index_mutex);
            index_settled = true;
        }
        index_known.notify_all();
    };
    // Checks part k; what it throws ends it like a refusal: the parts after it stop, and
    // the merge below rethrows it unless a part before it was refused.
    const auto check_part = [&](std::size_t k, std::optional<std::size_t>& index, auto on_index_known) {
        try {
            check_rows(readers[header_part + k], input.sizes[header_part + k], rules, k, index, on_index_known, stop,
                       refusal, parts[k]);
        } catch (...) {
            parts[k].failure = std::current_exception();
        }
        if (parts[k].refused || parts[k].failure) refusal.note(k);
    };
    run_on_threads(scanned, [&](std::size_t k) {
        if (k == 0) {
            check_part(0, index_fields, settle_index);
            settle_index(); // also when the part had no row, or threw before one
            return;
        }
        std::optional<std::size_t> index;
        {
            std::unique_lock hold(index_mutex);
            index_known.wait(hold, [&] { return index_settled; });
            index = index_fields;
        }
        if (index) check_part(k, index, [] {});
    });
    // Without a row in the first part to decide the index (a file of mostly blank lines,
    // rare), the other parts were left: they are checked here, one after another, the first
    // row among them deciding it.
    if (!index_fields)
        for (std::size_t k = 1; k < scanned && !refusal.before(k); ++k) check_part(k, index_fields, [] {});

    // The parts' findings, at the lines of the whole input.
    std::optional<first_fault> missing_id, repeated_id, missing_value, not_a_number, out_of_range;
    std::vector<std::size_t> offsets(scanned); // lines before each part
    std::size_t total_live = 0, seen_ids = 0;
    for (std::size_t k = 0, offset = lines_before; k < scanned; offset += parts[k++].lines) {
        const part_result& p = parts[k];
        offsets[k] = offset;
        if (p.stopped && stop.load()) return fail("", "the check was stopped");
        if (p.refused) return fail(values, at_line(offset + p.refused->line) + p.refused->field);
        if (p.failure) std::rethrow_exception(p.failure);
        summary.rows += p.rows;
        total_live += p.live_rows;
        seen_ids += p.seen.size();
        keep_first(missing_id, p.missing_id, offset);
        keep_first(repeated_id, p.repeated_id, offset);
        keep_first(missing_value, p.missing_value, offset);
        keep_first(not_a_number, p.not_a_number, offset);
        keep_first(out_of_range, p.out_of_range, offset);
    }
    if (options.live && !layout.fault) summary.live_rows = total_live;
    if (layout.fault) return fail(headers, *layout.fault);

    // _validate_ids: no missing id, no live id twice, enough live ids.
    const std::string& id_name = summary.id_column;
    if (missing_id) return fail(ids, at_line(missing_id->line) + missing_id_text(id_name, missing_id->field));
    // An id in two parts: each part's ids are looked up in the parts before it, the slots
    // shared out among the threads.
    if (scanned > 1) {
        struct share {
            std::size_t part, first, end;
            std::optional<first_fault> found;
        };
        std::vector<share> shares;
        for (std::size_t k = 1; k < scanned; ++k) {
            const std::size_t blocks = parts[k].seen.block_count(), step = (blocks + scanned - 1) / scanned;
            for (std::size_t from = 0; from < blocks; from += step)
                shares.push_back({k, from, std::min(blocks, from + step), std::nullopt});
        }
        run_on_threads(std::min(scanned, shares.size()), [&](std::size_t t) {
            for (std::size_t i = t; i < shares.size(); i += scanned)
                shares[i].found = repeated_across(parts, shares[i].part, shares[i].first, shares[i].end);
        });
        for (const share& s : shares) keep_first(repeated_id, s.found, offsets[s.part]);
    }
    if (repeated_id)
        return fail(ids,
                    at_line(repeated_id->line) + id_name + " " + in_quotes(repeated_id->field) +
                        " appears more than once" + (options.live ? " among the live ids" : ""));
    if (tournament == 8) {
        if (options.live && seen_ids < live.size()) {
            const auto absent = std::find_if(live_list->begin(), live_list->end(), [&](const std::string& i) {
                const std::uint64_t hash = detail::id_set::hash(i);
                return std::none_of(parts.begin(), parts.end(),
                                    [&](const part_result& p) { return p.seen.contains(i, hash); });
            });
            return fail(ids,
                        "not enough ids: " + std::to_string(live.size() - seen_ids) + " of the round's " +
                            std::to_string(live.size()) + " live ids have no prediction (" + in_quotes(*absent) +
                            " is one)");
        }
        if (!options.live && seen_ids == 0) return fail(ids, "the file has no predictions; every live id needs one");
    } else if (seen_ids < minimum_tickers) {
        return fail(ids,
                    "not enough " + id_name + "s: " + std::to_string(seen_ids) + (options.live ? " live ones" : "") +
                        "; at least " + std::to_string(minimum_tickers) + (options.live ? "" : " live ones") +
                        " are needed");
    }

    // validate_values, on the live rows (the parts' values in the rows' order).
    const std::string& value_name = summary.prediction_column;
    if (missing_value)
        return fail(values, at_line(missing_value->line) + missing_value_text(value_name, missing_value->field));
    if (not_a_number)
        return fail(values, at_line(not_a_number->line) + in_quotes(not_a_number->field) + " is not a number");
    if (out_of_range) return fail(values, at_line(out_of_range->line) + out_of_range->field + " is outside [0, 1]");
    std::size_t value_count = 0;
    for (const auto& p : parts) value_count += p.live_values.size();
    if (value_count >= 2) { // pandas' std of one value is NaN, which isclose takes for nonzero
        double sum = 0;
        for (const auto& p : parts)
            for (double v : p.live_values) sum += v;
        const double mean = sum / static_cast<double>(value_count);
        double squares = 0;
        for (const auto& p : parts)
            for (double v : p.live_values) squares += (v - mean) * (v - mean);
        const double deviation = std::sqrt(squares / static_cast<double>(value_count - 1));
        if (isclose(0.0, deviation)) {
            const double first_value = std::find_if(parts.begin(), parts.end(), [](const part_result& p) {
                                           return !p.live_values.empty();
                                       })->live_values.front();
            if (std::all_of(parts.begin(), parts.end(), [&](const part_result& p) {
                    return std::all_of(p.live_values.begin(), p.live_values.end(),
                                       [&](double v) { return v == first_value; });
                }))
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
