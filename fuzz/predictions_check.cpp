// check_predictions on any file, for each tournament: the input is written as a CSV file
// and checked without a live universe; then read as a live-ids CSV (read_live_universe)
// and, when it reads, checked again against itself as the universe.
//
// Properties: check_predictions throws nothing and returns a summary or a problem, never
// both; a summary has its columns named and, with a universe, no more live rows than rows;
// the same file, and its bytes in memory, checked in 3 parts on threads of their own (the
// file with ids hashed to 4 values, for the second pass to tell apart), get the same
// verdict; read_live_universe throws numerapi::error or nothing.
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/scratch_dir.hpp"
#include "numerapi/submission/predictions_checking.hpp"

#include <numerapi/error.hpp>
#include <numerapi/predictions_check.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

std::string verdict(const numerapi::predictions_check_result& r) { return r ? "(accepted)" : r.problem->message; }

void check(const std::filesystem::path& file, std::string_view bytes, int tournament,
           const numerapi::predictions_check_options& options) {
    const numerapi::predictions_check_result result =
        numerapi::check_predictions(file, numerapi::tournament(tournament), options);
    FUZZ_CHECK(result.summary.has_value() != result.problem.has_value());
    numerapi::predictions_check_options in_parts = options;
    in_parts.threads = 3;
    static const std::atomic<bool> never_stopped{false};
    numerapi::detail::check_tuning tuning;
    tuning.min_part_bytes = 1;
    FUZZ_CHECK(verdict(numerapi::detail::check_predictions(numerapi::predictions_data{"p.csv", std::string(bytes)},
                                                           tournament, in_parts, never_stopped, tuning)) ==
               verdict(result));
    tuning.id_hash_bits = 3; // ids hashed to 4 values: nearly every one a suspect
    FUZZ_CHECK(verdict(numerapi::detail::check_predictions(file, tournament, in_parts, never_stopped, tuning)) ==
               verdict(result));
    if (!result.summary) return;
    const numerapi::predictions_summary& s = *result.summary;
    if (s.id_column.empty()) return; // Parquet: only the magic is checked
    FUZZ_CHECK(!s.prediction_column.empty());
    FUZZ_CHECK(s.live_rows.has_value() == options.live.has_value());
    if (s.live_rows) FUZZ_CHECK(*s.live_rows <= s.rows);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const numerapi::fuzz::scratch_dir scratch;
    const auto file = scratch.write("predictions.csv", {reinterpret_cast<const char*>(data), size});

    numerapi::predictions_check_options options;
    const std::string_view bytes{reinterpret_cast<const char*>(data), size};
    for (int tournament : {8, 11, 12}) check(file, bytes, tournament, options);
    try {
        options.live = numerapi::read_live_universe(file);
    } catch (const numerapi::error&) {
        return 0;
    }
    for (int tournament : {8, 11, 12}) check(file, bytes, tournament, options);
    return 0;
}
