/// @file
/// The local check of a predictions file, before anything is uploaded: the rules Numerai
/// publishes in numerai-tools (numerai_tools/submissions.py, v0.6.0; docs/protocol.md §6.4),
/// applied to the file as pandas.read_csv reads it, with numerai-tools' error prefixes and
/// check order. The sandbox has its own check of what it receives, as the real service does.
#pragma once

#include <numerapi/export.hpp>
#include <numerapi/types.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace numerapi {

/// What the check saw of a file that passes.
struct predictions_summary {
    std::string id_column;         ///< "id", "ticker", "symbol", ... ("" for Parquet)
    std::string prediction_column; ///< "prediction", "probability" or "signal" ("" for Parquet)
    std::size_t rows = 0;          ///< data rows (the header and blank lines excluded)
    /// Rows whose id is in the live universe, when one was given.
    std::optional<std::size_t> live_rows;
};

/// What is wrong with a predictions file, naming the first bad line where there is one, for example
/// "invalid_submission_values: line 17: 1.2 is outside [0, 1]".
struct predictions_problem {
    std::string message; ///< numerai-tools' prefix where the rule has one, then what is wrong
};

/// The round's live universe: the ids Numerai scores this round (the Classic live data's
/// ids, the Signals live universe, the Crypto live symbols). numerai-tools applies three
/// rules to live rows only; given the universe, the check applies them exactly.
struct live_universe {
    /// Live ids by the name of their column: "id" (Classic), any of the Signals ticker
    /// columns ("bloomberg_ticker", "numerai_ticker", ...), "symbol" (Crypto). The check
    /// reads the column named like the file's id column (numerai-tools' universe[ticker_col]);
    /// a universe without it is a problem (no prefix), not a guess. Ids are compared as
    /// text, exactly; a repeated live id counts once, as on the server's own universe.
    std::map<std::string, std::vector<std::string>, std::less<>> ids;
};

/// Reads a live universe from a CSV file with a header line: each column a kind of id
/// (for example `id`, or `bloomberg_ticker,numerai_ticker`), one row per live entry. Empty fields
/// and pandas' missing-value strings are skipped. Throws numerapi::error: errc::io_error if
/// the file cannot be read, errc::invalid_argument if it has no header line or an
/// unterminated quote. (Parquet is not read: export the live ids to CSV.)
NUMERAPI_EXPORT live_universe read_live_universe(const std::filesystem::path& csv);

/// What the check knows besides the file.
struct predictions_check_options {
    /// The round's live universe. nullopt (the default): unknown, and the three rules that
    /// need it are approximated conservatively, as listed at check_predictions.
    std::optional<live_universe> live;
    /// How many threads may check a large input (8 MiB or more), each a part of its rows:
    /// the caller's and threads - 1 of the check's own, which end with it; at most 8. 0
    /// (the default): one per processor core the calling thread may run on, at most 4. 1:
    /// the caller's thread alone.
    unsigned threads = 0;
};

/// What check_predictions found: the summary of a file that passes, or the first problem of
/// one that does not (exactly one of the two is set). An unknown tournament or a file that
/// cannot be read is a problem too (with no prefix): the check reports, it does not throw.
struct predictions_check_result {
    std::optional<predictions_summary> summary; ///< set when the file passes
    std::optional<predictions_problem> problem; ///< set when it does not
    /// True when the file passes.
    explicit operator bool() const { return summary.has_value(); }
};

/// Checks a CSV predictions file for tournament `which` (Classic, Signals or Crypto) as
/// numerai-tools' validate_submission_numerai / _signals / _crypto would, after
/// pandas.read_csv with its defaults. Faults are reported in numerai-tools' order (headers,
/// then ids, then values), so that a file with one fault gets numerai-tools' prefix:
///  - reading (what pandas refuses before numerai-tools runs; invalid_submission_values:,
///    invalid_submission_headers: for the header line): an empty file, an unterminated
///    quote, a row with more fields than the header. Lines end at LF, CRLF or a lone CR;
///    blank lines are skipped; a UTF-8 byte order mark is dropped; a row with fewer fields
///    has missing values; if the first row has one field more than the header, the first
///    field of every row is an index, as pandas takes it.
///  - headers (invalid_submission_headers:): exactly these columns, in this order: Classic
///    `id`, then `prediction` or `probability`; Crypto `symbol`, then `prediction` or
///    `signal`; Signals one of `ticker`, `sedol`, `bloomberg_ticker`, `composite_figi`,
///    `numerai_ticker`, then `prediction` or `signal`, plus optionally one date column
///    (`friday_date` or `date`) anywhere, and a deprecated `data_type` column anywhere, which
///    numerai-tools drops.
///  - ids (invalid_submission_ids:): no id that pandas reads as missing (an empty field or
///    one of pandas' NA strings: `NA`, `null`, `NaN`, `N/A`, `None`, ...); no id twice among
///    live rows; Classic: every live id present; Signals and Crypto: at least 100 live ids.
///  - values (invalid_submission_values:), on live rows: no missing value (empty or an NA
///    string); numbers (pandas' spelling: a leading `+`, surrounding spaces, `inf`, any
///    row); between 0 and 1 for every tournament, with numpy.isclose's tolerance at the ends
///    (down to -1e-8, up to 1 + 1e-5 + 1e-8); a standard deviation (pandas', n - 1) that
///    numpy.isclose does not take for 0 (above about 1e-8; a single live row has none and
///    passes).
///
/// Without options.live, the rules on live rows cannot be checked exactly, and the check
/// stays on the safe side of what it can know: it treats every row as live, so a repeated
/// id, a missing or out-of-range value or nearly constant values anywhere are refused (even
/// where Numerai would ignore a row outside the live universe); Classic needs at least one
/// row (the live universe is never empty) but cannot know whether every live id is there;
/// Signals and Crypto need at least 100 distinct ids (fewer can never be 100 live ones).
///
/// A Parquet file (PAR1 magic) is only checked for being one: its columns and values are
/// the server's to judge (the summary is then empty). Returns the summary, or the first
/// problem in numerai-tools' order.
///
/// The file is read once, and a second time only when two rows may share an id: the check
/// keeps a 64-bit hash of each id, not the id, and reads again to tell a repeated id from
/// two ids with one hash. Its memory is about 13 bytes a row. A pipe or a device is first
/// copied to a temporary file with no name (in `TMPDIR`, else /tmp), to be read twice.
NUMERAPI_EXPORT predictions_check_result check_predictions(const std::filesystem::path& file, tournament which,
                                                           const predictions_check_options& options);
/// The same, without the live universe (predictions_check_options()).
NUMERAPI_EXPORT predictions_check_result check_predictions(const std::filesystem::path& file, tournament which);

/// Predictions held in memory [upload_predictions(df=...)]: the bytes of a CSV (or Parquet)
/// file, and the file name they go under. Checked and uploaded as a file would be, with no
/// temporary file; the call takes the bytes over and holds them once, whatever it retries.
///
/// Made by a constructor, not by braces with field names: GCC 12 destroys a brace-initialised
/// aggregate temporary twice inside a co_await (client.hpp, "GCC 12"), and this one is made
/// in the call more often than not: `co_await api.upload_predictions(predictions_data("p.csv",
/// std::move(csv)), model)` is not an aggregate temporary (test/integration/public_calls_test.cpp
/// makes that call under AddressSanitizer). A named variable is safe with any compiler.
struct predictions_data {
    std::string filename = "predictions.csv"; ///< the file name the predictions are uploaded under
    std::string bytes;                        ///< the file's bytes: CSV, or Parquet

    predictions_data() = default;
    /// `bytes` to upload as `filename`.
    predictions_data(std::string filename, std::string bytes)
        : filename(std::move(filename)), bytes(std::move(bytes)) {}

    /// Predictions the caller writes straight into the body, with no buffer of its own:
    /// `write` is called once, at once, with a stream over the body (the std::ostream a CSV
    /// writer takes), and what it writes is the file. An exception from `write` goes through;
    /// a stream that fails throws numerapi::error (invalid_predictions).
    NUMERAPI_EXPORT static predictions_data written(std::string filename,
                                                    const std::function<void(std::ostream&)>& write);
};

/// The same check, on predictions in memory.
NUMERAPI_EXPORT predictions_check_result check_predictions(const predictions_data& predictions, tournament which,
                                                           const predictions_check_options& options = {});

} // namespace numerapi
