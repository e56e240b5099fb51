// The sandbox's own check of an uploaded predictions file, as the real service judges it:
// the file read as pandas.read_csv reads it (default options), then the rules of
// numerai-tools v0.6.0, numerai_tools/submissions.py, in its order and with its messages:
//
//   validate_submission_numerai / _signals / _crypto:
//     1. headers (validate_headers_*): the columns, in this order, exactly
//          Classic [id, prediction | probability]
//          Signals [ticker | sedol | bloomberg_ticker | composite_figi | numerai_ticker,
//                   prediction | signal], after dropping a `data_type` column (deprecated:
//                   a warning) and the first `friday_date` or `date` column, wherever they are
//          Crypto  [symbol, prediction | signal]
//        "invalid_submission_headers: headers must be one of [...] and one of [...]"
//     2. ids (_validate_ids), on every row: no id that pandas reads as NA ("", "NA", "null",
//        "NaN", "None", "#N/A", ...: pandas' default na_values); then, on the live rows (ids
//        in the live universe): no duplicates, and at least as many live rows as the
//        minimum (Classic: every live id; Signals and Crypto: 100)
//        "invalid_submission_ids: ..."
//     3. values (validate_values), on the live rows: no NA; numbers; within [0, 1] up to
//        numpy.isclose's defaults (the minimum down to -1e-8, the maximum up to 1 + 1.001e-5);
//        a standard deviation (ddof 1) not isclose to 0 (above about 1e-8)
//        "invalid_submission_values: ..."
//   The sandbox appends where it saw the problem, in parentheses, after numerai-tools' text.
//
// Errors before numerai-tools runs carry the reading library's text and no prefix, since the
// real service's wording is not known (docs/protocol.md §9.3): an empty file (pandas'
// "No columns to parse from file"), a row with more fields than the header or a quote never
// closed ("Error tokenizing data. C error: ..."), a Parquet file without its footer magic
// (pyarrow's "Parquet magic bytes not found in footer..."). A Parquet file is checked for its
// magic bytes only.
//
// Where this differs from pandas, knowingly: ids are compared as written (pandas would turn
// ids that all look numeric into numbers first), and a first data row with exactly one field
// more than the header is an error here (pandas would take the first column as the index).
//
// This is deliberately not the client's check (include/numerapi/predictions_check.hpp): a
// test server that shares the client's rules cannot catch the client's mistakes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace numerapi::sandbox::uploads {

/// A round's live universe: the ids scored, per id column ("id" for Classic; "ticker",
/// "bloomberg_ticker", ... for Signals; "symbol" for Crypto).
struct live_universe {
    std::map<std::string, std::unordered_set<std::string>, std::less<>> ids;
};

struct submission_verdict {
    std::string error;                 ///< empty: accepted
    std::vector<std::string> warnings; ///< e.g. the deprecated data_type column
    bool parquet = false;
    std::string id_column;
    std::string prediction_column;
    std::string date_column;     ///< Signals' friday_date or date, if present
    std::size_t rows = 0;        ///< data rows, blank lines not counted
    std::size_t live_rows = 0;   ///< rows whose id is live
    std::size_t invalid_ids = 0; ///< distinct ids outside the live universe
    explicit operator bool() const { return error.empty(); }
};

/// Checks a submission for tournament 8 (Classic), 11 (Signals) or 12 (Crypto). With no
/// universe, every id counts as live, and Classic's minimum is one row (the real universe
/// is never empty); Signals' and Crypto's minimum of 100 does not depend on the universe.
submission_verdict check_submission(std::istream& in, int tournament, const live_universe* universe = nullptr);
submission_verdict check_submission(const std::filesystem::path& file, int tournament,
                                    const live_universe* universe = nullptr);
submission_verdict check_submission_text(std::string_view content, int tournament,
                                         const live_universe* universe = nullptr);

} // namespace numerapi::sandbox::uploads
