// The local check of a predictions file, before anything is uploaded: the rules Numerai
// publishes in numerai-tools (numerai-api.md 2.5), with the same error prefixes. The
// sandbox runs the same check on what it receives, as the real service does.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace numerapi {

struct predictions_summary {
    std::string id_column;         ///< "id", "ticker", "symbol", ...
    std::string prediction_column; ///< "prediction", "probability" or "signal"
    std::size_t rows = 0;          ///< data rows (the header excluded)
};

/// What is wrong with a predictions file, naming the first bad line, e.g.
/// "invalid_submission_values: line 17: 1.2 is outside [0, 1]".
struct predictions_problem {
    std::string message;
};

/// Checks a CSV predictions file for tournament 8 (Classic), 11 (Signals) or 12 (Crypto):
///  - not empty, a header, every row with as many fields as the header;
///  - headers (invalid_submission_headers:): Classic `id` and `prediction` or `probability`,
///    nothing else; Signals one of `ticker`, `sedol`, `bloomberg_ticker`, `composite_figi`,
///    `numerai_ticker`, plus `prediction` or `signal`, optionally `friday_date` or `date`;
///    Crypto `symbol` plus `prediction` or `signal`;
///  - values (invalid_submission_values:): numbers, no NaN or infinity, in [0, 1] for
///    Classic, not all the same;
///  - ids (invalid_submission_ids:): none empty, none repeated; Signals and Crypto need at
///    least 100.
/// A Parquet file (PAR1 magic) is only checked for being one; its columns are the server's
/// to judge. Returns the summary, or the first problem found.
struct predictions_check_result {
    std::optional<predictions_summary> summary;
    std::optional<predictions_problem> problem;
    explicit operator bool() const { return summary.has_value(); }
};
predictions_check_result check_predictions(const std::filesystem::path& file, int tournament);

} // namespace numerapi
