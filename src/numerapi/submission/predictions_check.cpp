#include <numerapi/predictions_check.hpp>

#include <numerapi/error.hpp>

#include "numerapi/submission/csv_lines.hpp"
#include "numerapi/submission/hash_set.hpp"
#include "numerapi/submission/id_set.hpp"
#include "numerapi/submission/pandas_values.hpp"
#include "numerapi/submission/predictions_checking.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <condition_variable>
#include <exception>
#include <functional>
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

using detail::blank;
using detail::line_source;

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

/// The fields as strings (a header, a universe's column names).
std::vector<std::string> owned(const std::vector<std::string_view>& fields) { return {fields.begin(), fields.end()}; }

predictions_check_result refused(std::string_view prefix, std::string message) {
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
    explicit open_file(int descriptor) : fd(descriptor) {}
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
        if (reader.read_failed()) throw refuse(errc::io_error, "cannot read the live ids" + reader.failure_detail());
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
            if (targets[i] != nullptr && !detail::is_pandas_na(fields[i])) targets[i]->emplace_back(fields[i]);
    }
    if (reader.read_failed()) throw refuse(errc::io_error, "cannot read the live ids" + reader.failure_detail());
    return universe;
}

namespace {

/// The input in parts of about equal size, each ending with a line: the rows of each are
/// checked on a thread of their own (check_lines).
struct input_parts {
    std::vector<line_source> readers;
    std::vector<std::uint64_t> sizes;   ///< of each part, in bytes
    std::function<line_source()> whole; ///< a reader of all of it, for a second pass
    std::string name;                   ///< the file's, for a problem in the second pass
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
/// part's ids are looked up in every part before it), none under the least part's bytes
/// (threads cost more than they give on a small input).
std::size_t part_count(std::uint64_t size, const predictions_check_options& options,
                       const detail::check_tuning& tuning) {
    const unsigned threads = options.threads != 0 ? std::min(options.threads, 8u) : std::min(4u, usable_processors());
    return static_cast<std::size_t>(
        std::clamp<std::uint64_t>(size / std::max<std::uint64_t>(tuning.min_part_bytes, 1), 1, threads));
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
                                     const std::atomic<bool>& stop, const detail::check_tuning& tuning);

/// Copies the stream `from` to its end into a new temporary file with no name (O_TMPFILE,
/// or a file unlinked at once) and returns it; -1 if no such file could be made or
/// written, -2 if `from` could not be read. Stops early (returning what it copied so far)
/// once `stop` is set.
int copy_to_temporary_file(int from, const std::atomic<bool>& stop) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    int fd = -1;
#ifdef O_TMPFILE
    fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    if (fd < 0) {
        std::string name = (dir / "numerapi-check-XXXXXX").string();
        fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(name.c_str());
    }
    if (fd < 0) return -1;
    open_file copy{fd};
    for (char block[64 * 1024]; !stop.load(std::memory_order_relaxed);) {
        const ssize_t got = ::read(from, block, sizeof block);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -2;
        if (got == 0) break;
        for (ssize_t written = 0; written < got;) {
            const ssize_t put = ::write(fd, block + written, static_cast<std::size_t>(got - written));
            if (put < 0 && errno == EINTR) continue;
            if (put <= 0) return -1; // a full disk, say
            written += put;
        }
    }
    copy.fd = -1; // kept open: the caller's
    return fd;
}

/// The check of the regular file open as `fd` (its name `name`, for messages).
predictions_check_result check_open_file(int fd, const std::string& name, int tournament,
                                         const predictions_check_options& options, const std::atomic<bool>& stop,
                                         const detail::check_tuning& tuning) {
    char magic[4] = {};
    if (::pread(fd, magic, sizeof magic, 0) == 4 && std::string_view(magic, 4) == "PAR1")
        return {predictions_summary{}, std::nullopt};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return refused("", "cannot read " + name);
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const auto find_lf = [&](std::uint64_t from) {
        char window[64 * 1024];
        for (;;) {
            const ssize_t got = ::pread(fd, window, sizeof window, static_cast<off_t>(from));
            if (got <= 0) return size; // the end (a read error shows when the part is read)
            if (const void* lf = std::memchr(window, '\n', static_cast<std::size_t>(got)))
                return from + static_cast<std::uint64_t>(static_cast<const char*>(lf) - window);
            from += static_cast<std::uint64_t>(got);
        }
    };
    // The last part reads on past the size fstat gave, to the file's end; so does a second pass.
    constexpr std::uint64_t to_the_end = std::numeric_limits<std::uint64_t>::max();
    input_parts input;
    const std::vector<std::uint64_t> ends = part_ends(size, part_count(size, options, tuning), find_lf);
    for (std::size_t k = 0; k < ends.size(); ++k) {
        const std::uint64_t begin = k == 0 ? 0 : ends[k - 1];
        input.readers.emplace_back(fd, begin, k + 1 == ends.size() ? to_the_end : ends[k]);
        input.sizes.push_back(ends[k] - begin);
    }
    input.whole = [fd] { return line_source(fd, 0, to_the_end); };
    input.name = name;
    auto result = check_lines(input, tournament, options, stop, tuning);
    for (const auto& reader : input.readers)
        if (reader.read_failed()) return refused("", "cannot read " + name + reader.failure_detail());
    return result;
}

bool known_tournament(int tournament) { return tournament == 8 || tournament == 11 || tournament == 12; }

} // namespace

namespace detail {

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           const check_tuning& tuning) {
    if (!known_tournament(tournament))
        return refused("", "no predictions rules for tournament " + std::to_string(tournament));
    const open_file in{file};
    if (in.fd < 0) return refused("", "cannot read " + file.string());
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) return refused("", "cannot read " + file.string());
    if (S_ISREG(st.st_mode)) return check_open_file(in.fd, file.string(), tournament, options, stop, tuning);
    // A pipe or a device cannot be read at an offset, nor twice: its bytes are copied to a
    // temporary file of no name first (in memory, a stream of any length would have to fit).
    const open_file copy{copy_to_temporary_file(in.fd, stop)};
    if (stop.load()) return refused("", "the check was stopped");
    if (copy.fd == -2) return refused("", "cannot read " + file.string());
    if (copy.fd < 0) return refused("", "cannot copy " + file.string() + " to a temporary file to check it");
    return check_open_file(copy.fd, file.string(), tournament, options, stop, tuning);
}

predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           const check_tuning& tuning) {
    if (!known_tournament(tournament))
        return refused("", "no predictions rules for tournament " + std::to_string(tournament));
    const std::string_view bytes = predictions.bytes;
    if (bytes.starts_with("PAR1")) return {predictions_summary{}, std::nullopt};
    const auto find_lf = [&](std::uint64_t from) {
        const auto lf = bytes.find('\n', static_cast<std::size_t>(from));
        return lf == std::string_view::npos ? bytes.size() : lf;
    };
    input_parts input;
    std::uint64_t begin = 0;
    for (const std::uint64_t end : part_ends(bytes.size(), part_count(bytes.size(), options, tuning), find_lf)) {
        input.readers.emplace_back(bytes.substr(begin, end - begin), begin == 0);
        input.sizes.push_back(end - begin);
        begin = end;
    }
    input.whole = [bytes] { return line_source(bytes); };
    input.name = predictions.filename;
    return check_lines(input, tournament, options, stop, tuning);
}

} // namespace detail

namespace {
const std::atomic<bool> never_stopped{false};
}

predictions_check_result check_predictions(const std::filesystem::path& file, tournament which) {
    return detail::check_predictions(file, number_of(which), predictions_check_options(), never_stopped,
                                     detail::check_tuning());
}

predictions_check_result check_predictions(const std::filesystem::path& file, tournament which,
                                           const predictions_check_options& options) {
    return detail::check_predictions(file, number_of(which), options, never_stopped, detail::check_tuning());
}

predictions_check_result check_predictions(const predictions_data& predictions, tournament which,
                                           const predictions_check_options& options) {
    return detail::check_predictions(predictions, number_of(which), options, never_stopped, detail::check_tuning());
}

namespace {

/// What the standard-deviation rule needs of the live values, gathered one at a time and
/// merged across parts, without keeping the values: their count, smallest and largest,
/// mean and sum of squared deviations (Welford's update per value, Chan, Golub and
/// LeVeque's to merge two: both as accurate as two passes over kept values, wherever the
/// values lie).
class value_spread {
public:
    void add(double v) {
        if (count_ == 0) smallest_ = largest_ = v;
        ++count_;
        const double d = v - mean_;
        mean_ += d / static_cast<double>(count_);
        squares_ += d * (v - mean_);
        smallest_ = std::min(smallest_, v);
        largest_ = std::max(largest_, v);
    }
    void merge(const value_spread& other) {
        if (other.count_ == 0) return;
        if (count_ == 0) {
            *this = other;
            return;
        }
        const double n = static_cast<double>(count_), m = static_cast<double>(other.count_);
        const double delta = other.mean_ - mean_;
        mean_ += delta * m / (n + m);
        squares_ += other.squares_ + delta * delta * n * m / (n + m);
        count_ += other.count_;
        smallest_ = std::min(smallest_, other.smallest_);
        largest_ = std::max(largest_, other.largest_);
    }
    std::size_t count() const { return count_; }
    /// The sample standard deviation (pandas' std, one degree of freedom); count() >= 2.
    double deviation() const { return std::sqrt(squares_ / static_cast<double>(count_ - 1)); }
    bool all_equal() const { return smallest_ == largest_; }

private:
    std::size_t count_ = 0;
    double mean_ = 0, squares_ = 0, smallest_ = 0, largest_ = 0;
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
    std::uint64_t id_hash_bits; ///< that the seen hashes keep (check_tuning)
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

/// A live row's id on its way to a pass's set: its line, its text (valid only while it is
/// handed on) and its hash's kept bits.
struct live_id {
    std::uint64_t hash = 0;
    std::size_t line = 0;
    std::string_view id;
};

/// What one part of the input showed. Lines are counted from the part's first. Aligned to
/// a cache line: the parts' counts change on every row, each on its own thread, and two in
/// one line would make every row a cache miss for both.
struct alignas(64) part_result {
    std::size_t lines = 0; ///< that its reader returned, blank ones too
    std::size_t rows = 0, live_rows = 0;
    std::optional<first_fault> missing_id, missing_value, not_a_number, out_of_range;
    /// A row pandas refuses to read: the check ends there, with this message after the line.
    std::optional<first_fault> refused;
    bool stopped = false;       ///< by the caller, or because an earlier part was refused
    std::exception_ptr failure; ///< what the part's check threw (no memory, say): it stopped there
    detail::hash_set seen;      ///< the live rows' id hashes (every row's without a universe)
    detail::hash_set suspects;  ///< the hashes of seen that came more than once
    value_spread live_spread;   ///< of the live rows' values
};

/// The first pass's way with the live ids: each one's hash joins its part's seen hashes a
/// few rows later, once its slot has come from memory (hash_set::prefetch: a lookup in a
/// table of millions misses every cache, and a few rows of other work hide it). A hash
/// that was there already is a suspect.
class seen_hashes {
public:
    seen_hashes(part_result& out, const row_rules& rules) : out_(out), sized_by_live_(rules.options.live) {
        if (sized_by_live_) out_.seen.reserve(rules.live.size() / rules.parts + 1);
    }
    /// Sizes the seen hashes for `rows` rows (unless the live universe sized them).
    void expect(std::uint64_t rows) {
        if (!sized_by_live_) out_.seen.reserve(rows);
    }
    bool take(const live_id& row) {
        out_.seen.prefetch(row.hash);
        if (count_ == pending_.size()) {
            settle(pending_[first_]);
            pending_[first_] = row.hash;
            first_ = (first_ + 1) % pending_.size();
        } else {
            pending_[(first_ + count_++) % pending_.size()] = row.hash;
        }
        return true;
    }
    void finish() {
        for (; count_ > 0; --count_, first_ = (first_ + 1) % pending_.size()) settle(pending_[first_]);
    }

private:
    void settle(std::uint64_t hash) {
        if (!out_.seen.insert(hash)) out_.suspects.insert(hash);
    }
    part_result& out_;
    bool sized_by_live_;
    std::array<std::uint64_t, 16> pending_{};
    std::size_t first_ = 0, count_ = 0;
};

/// The second pass's way: the ids of the rows whose hash is a suspect (of every live row,
/// without suspects), kept whole, in the rows' order. The first one there already is the
/// first repeated id: the pass ends there.
class exact_ids {
public:
    /// `suspects` (nullptr for every row) outlives this.
    explicit exact_ids(const detail::hash_set* suspects) : suspects_(suspects) {}
    void expect(std::uint64_t) {}
    bool take(const live_id& row) {
        if (suspects_ != nullptr && !suspects_->contains(row.hash)) return true;
        if (ids_.insert(row.id, detail::id_set::hash(row.id))) return true;
        repeated_ = first_fault{row.line, std::string(row.id)};
        return false;
    }
    void finish() {}
    const detail::id_set& ids() const { return ids_; }
    const std::optional<first_fault>& repeated() const { return repeated_; }

private:
    const detail::hash_set* suspects_;
    detail::id_set ids_;
    std::optional<first_fault> repeated_;
};

/// Checks the rows of one part, from its reader's next line, handing each live row's id to
/// `ids` (seen_hashes, or exact_ids: the pass ends when it returns false). `index_fields`
/// (whether the rows carry an index) is decided by the input's first row: a part after it
/// is given it, the part that holds it sets it, and calls `on_index_known` then.
template <class OnIndexKnown, class Ids>
void check_rows(line_source& reader, std::uint64_t size, const row_rules& rules, std::size_t part,
                std::optional<std::size_t>& index_fields, OnIndexKnown on_index_known, const std::atomic<bool>& stop,
                const first_refusal& refusal, part_result& out, Ids& ids) {
    const header_layout& layout = rules.layout;
    const predictions_check_options& options = rules.options;
    // Whether to stop is asked every 65,536 lines or 64 MiB read, whichever comes first,
    // blank lines too.
    constexpr std::size_t lines_between_stop_checks = 1u << 16;
    constexpr std::uint64_t bytes_between_stop_checks = 64u << 20;
    std::uint64_t next_stop_check = reader.bytes_read() + bytes_between_stop_checks;
    constexpr std::size_t rows_to_estimate_from = 1024;
    const std::size_t first_line = reader.number();
    std::string_view line;
    std::vector<std::string_view> fields;
    std::string scratch;
    while (reader.next(line)) {
        const std::size_t n = reader.number();
        if (n % lines_between_stop_checks == 0 || reader.bytes_read() >= next_stop_check) {
            next_stop_check = reader.bytes_read() + bytes_between_stop_checks;
            if (stop.load(std::memory_order_relaxed) || refusal.before(part)) {
                out.stopped = true;
                break;
            }
        }
        if (blank(line)) continue;
        // Sized once for the rows the part holds at the first rows' length: growing it
        // moves every id.
        if (n == first_line + rows_to_estimate_from) {
            // At most 64 M rows ahead in all parts: a file whose first rows are short and
            // the rest one long line must not reserve what it will never use; the set
            // grows past it.
            ids.expect(std::min<std::uint64_t>(size / std::max<std::uint64_t>(reader.bytes_read() / n, 1) + 1,
                                               (std::uint64_t{1} << 26) / rules.parts));
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
        if (detail::is_pandas_na(id)) {
            note(out.missing_id, n, id);
            continue;
        }
        const hashed_id key{id};
        const std::string_view value = field(layout.value);
        const bool value_missing = detail::is_pandas_na(value);
        double number = 0;
        bool is_number = false;
        if (!value_missing) {
            is_number = detail::parse_pandas_number(value, number);
            // One text in the column and pandas reads all of it as text: numerai-tools'
            // range test then fails on every row, live or not.
            if (!is_number) note(out.not_a_number, n, value);
        }
        if (options.live && !rules.live.contains(key.text, key.hash)) continue;
        ++out.live_rows;
        // A repeated id's value is taken too: the ids' rules come first, and refuse it.
        if (value_missing) note(out.missing_value, n, value);
        if (is_number) {
            const bool above_zero = number >= 0.0 || isclose(number, 0.0);
            const bool below_one = number <= 1.0 || isclose(number, 1.0);
            if (!(above_zero && below_one)) note(out.out_of_range, n, value);
            out.live_spread.add(number);
        }
        if (!ids.take(live_id{key.hash & rules.id_hash_bits, n, id})) break;
    }
    ids.finish();
    out.lines = reader.number();
}

/// The hashes in the slots [first, end) of parts[k]'s seen ones (k > 0) that a part before
/// it has seen too: suspects that neither part saw twice alone. Each is looked up a few
/// hashes after its slots were asked for (as seen_hashes does).
std::vector<std::uint64_t> seen_earlier(const std::vector<part_result>& parts, std::size_t k, std::size_t first,
                                        std::size_t end) {
    std::vector<std::uint64_t> shared;
    std::array<std::uint64_t, 16> pending{};
    std::size_t head = 0, count = 0;
    const auto settle = [&](std::uint64_t hash) {
        for (std::size_t j = 0; j < k; ++j)
            if (parts[j].seen.contains(hash)) {
                shared.push_back(hash);
                return;
            }
    };
    parts[k].seen.visit(first, end, [&](std::uint64_t hash) {
        for (std::size_t j = 0; j < k; ++j) parts[j].seen.prefetch(hash);
        if (count == pending.size()) {
            settle(pending[head]);
            pending[head] = hash;
            head = (head + 1) % pending.size();
        } else {
            pending[(head + count++) % pending.size()] = hash;
        }
    });
    for (; count > 0; --count, head = (head + 1) % pending.size()) settle(pending[head]);
    return shared;
}

/// How a second pass over the input ended: `changed`, at a row the first pass read well.
enum class pass_end { done, stopped, unreadable, changed };

/// Hands every live row's id in the input to `ids`, in one pass from its first line, under
/// the first pass's rules (`index_fields` as its first row decided). The input may have
/// changed since that pass: then what this one finds is true of the input as it is now.
template <class Ids>
pass_end second_pass(const input_parts& input, const row_rules& rules, std::size_t index_fields,
                     const std::atomic<bool>& stop, Ids& ids) {
    line_source reader = input.whole();
    std::string_view line;
    while (reader.next(line) && blank(line)) {} // the header
    std::optional<std::size_t> index = index_fields;
    const first_refusal none{1};
    part_result scratch;
    check_rows(
        reader, 0, rules, 0, index, [] {}, stop, none, scratch, ids);
    if (reader.read_failed()) return pass_end::unreadable;
    if (scratch.stopped) return pass_end::stopped;
    return scratch.refused ? pass_end::changed : pass_end::done;
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
                                     const std::atomic<bool>& stop, const detail::check_tuning& tuning) {
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
    if (!has_header) return refused(headers, lines_before == 0 ? "the file is empty" : "the file has no header line");
    line_source& header_reader = readers[header_part];
    std::vector<std::string_view> fields;
    std::string scratch;
    if (!header_reader.fields(fields, scratch))
        return refused(headers, at_line(lines_before + header_reader.number()) + "an unterminated quote");
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
                return refused("",
                               "the live universe has no " + summary.id_column + " column (it has " + list(names) +
                                   "), so the file's ids cannot be matched to it");
            }
            live_list = &it->second;
            for (const auto& id : *live_list) live.insert(id, detail::id_set::hash(id));
        }
    }

    // Each part from the header's on is checked on a thread of its own, started once the
    // first row has shown whether the rows carry an index.
    const std::size_t scanned = count - header_part;
    std::vector<part_result> parts(scanned);
    const row_rules rules{layout, columns.size(), options, live, scanned, tuning.id_hash_bits};
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
            seen_hashes hashes{parts[k], rules};
            check_rows(readers[header_part + k], input.sizes[header_part + k], rules, k, index, on_index_known, stop,
                       refusal, parts[k], hashes);
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
    std::optional<first_fault> missing_id, missing_value, not_a_number, out_of_range;
    std::size_t total_live = 0, seen_ids = 0;
    for (std::size_t k = 0, offset = lines_before; k < scanned; offset += parts[k++].lines) {
        const part_result& p = parts[k];
        if (p.stopped && stop.load()) return refused("", "the check was stopped");
        if (p.refused) return refused(values, at_line(offset + p.refused->line) + p.refused->field);
        if (p.failure) std::rethrow_exception(p.failure);
        summary.rows += p.rows;
        total_live += p.live_rows;
        seen_ids += p.seen.size();
        keep_first(missing_id, p.missing_id, offset);
        keep_first(missing_value, p.missing_value, offset);
        keep_first(not_a_number, p.not_a_number, offset);
        keep_first(out_of_range, p.out_of_range, offset);
    }
    if (options.live && !layout.fault) summary.live_rows = total_live;
    if (layout.fault) return refused(headers, *layout.fault);

    // _validate_ids: no missing id, no live id twice, enough live ids.
    const std::string& id_name = summary.id_column;
    if (missing_id) return refused(ids, at_line(missing_id->line) + missing_id_text(id_name, missing_id->field));
    // An id twice. A hash that came twice in one part, or in two parts (each part's hashes
    // are looked up in the parts before it, the slots shared out among the threads), is a
    // suspect; a second pass over the rows, with the suspects' ids whole, finds the first
    // repeated one, or none (ids that only share a hash).
    detail::hash_set suspects;
    for (const part_result& p : parts)
        p.suspects.visit(0, p.suspects.slot_count(), [&](std::uint64_t hash) { suspects.insert(hash); });
    if (scanned > 1) {
        struct share {
            std::size_t part, first, end;
            std::vector<std::uint64_t> found;
        };
        std::vector<share> shares;
        for (std::size_t k = 1; k < scanned; ++k) {
            const std::size_t slots = parts[k].seen.slot_count(), step = (slots + scanned - 1) / scanned;
            for (std::size_t from = 0; from < slots; from += step)
                shares.push_back({k, from, std::min(slots, from + step), {}});
        }
        run_on_threads(std::min(scanned, shares.size()), [&](std::size_t t) {
            for (std::size_t i = t; i < shares.size(); i += scanned)
                shares[i].found = seen_earlier(parts, shares[i].part, shares[i].first, shares[i].end);
        });
        for (const share& s : shares)
            for (const std::uint64_t hash : s.found) suspects.insert(hash);
    }
    const std::size_t index = index_fields.value_or(0);
    const auto unfinished = [&](pass_end end) -> std::optional<predictions_check_result> {
        if (end == pass_end::stopped) return refused("", "the check was stopped");
        if (end == pass_end::unreadable) return refused("", "cannot read " + input.name);
        if (end == pass_end::changed) return refused("", input.name + " changed while it was checked");
        return std::nullopt;
    };
    if (suspects.size() != 0) {
        exact_ids exact{&suspects};
        if (auto failed = unfinished(second_pass(input, rules, index, stop, exact))) return *failed;
        if (const auto& repeated = exact.repeated())
            return refused(ids,
                           at_line(repeated->line) + id_name + " " + in_quotes(repeated->field) +
                               " appears more than once" + (options.live ? " among the live ids" : ""));
        // No id twice: the suspects' rows hold as many ids as the second pass kept, where the
        // first counted their hashes.
        suspects.visit(0, suspects.slot_count(), [&](std::uint64_t hash) {
            for (const part_result& p : parts) seen_ids -= p.seen.contains(hash) ? 1 : 0;
        });
        seen_ids += exact.ids().size();
    }
    if (tournament == 8) {
        if (options.live && seen_ids < live.size()) {
            // One of the live ids with no row, for the message: the rows' ids, whole, from a
            // second pass (found unless the input changed since the first).
            exact_ids every{nullptr};
            if (auto failed = unfinished(second_pass(input, rules, index, stop, every))) return *failed;
            const auto absent = std::find_if(live_list->begin(), live_list->end(), [&](const std::string& i) {
                return !every.ids().contains(i, detail::id_set::hash(i));
            });
            return refused(ids,
                           "not enough ids: " + std::to_string(live.size() - seen_ids) + " of the round's " +
                               std::to_string(live.size()) + " live ids have no prediction (" +
                               (absent != live_list->end() ? in_quotes(*absent) + " is one" : "the file changed") +
                               ")");
        }
        if (!options.live && seen_ids == 0) return refused(ids, "the file has no predictions; every live id needs one");
    } else if (seen_ids < minimum_tickers) {
        return refused(ids,
                       "not enough " + id_name + "s: " + std::to_string(seen_ids) + (options.live ? " live ones" : "") +
                           "; at least " + std::to_string(minimum_tickers) + (options.live ? "" : " live ones") +
                           " are needed");
    }

    // validate_values, on the live rows (the parts' values in the rows' order).
    const std::string& value_name = summary.prediction_column;
    if (missing_value)
        return refused(values, at_line(missing_value->line) + missing_value_text(value_name, missing_value->field));
    if (not_a_number)
        return refused(values, at_line(not_a_number->line) + in_quotes(not_a_number->field) + " is not a number");
    if (out_of_range) return refused(values, at_line(out_of_range->line) + out_of_range->field + " is outside [0, 1]");
    value_spread spread;
    for (const auto& p : parts) spread.merge(p.live_spread);
    if (spread.count() >= 2) { // pandas' std of one value is NaN, which isclose takes for nonzero
        const double deviation = spread.deviation();
        if (isclose(0.0, deviation)) {
            if (spread.all_equal())
                return refused(values, "every prediction is the same value; the standard deviation must not be zero");
            char text[32];
            std::snprintf(text, sizeof text, "%.3g", deviation);
            return refused(values,
                           std::string("the standard deviation of the predictions is ") + text +
                               ", which numerai-tools takes for zero");
        }
    }
    return {summary, std::nullopt};
}

} // namespace

} // namespace numerapi
