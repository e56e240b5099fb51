// The predictions check as the client runs it on its blocking executor: the public
// check_predictions (predictions_check.hpp), which stops early once `stop` is set (a call
// cancelled while its check runs on the pool); its result is then a problem, never used.
// `tuning` says how the check runs, never what it finds: the tests make small inputs take
// every path that large ones take.
#pragma once

#include <numerapi/predictions_check.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>

namespace numerapi::detail {

/// How a check is run.
struct check_tuning {
    /// The least bytes of a part: an input under twice this is checked in one part, on the
    /// caller's thread; a larger one in parts of about equal size, one per thread the
    /// options allow, checked at once.
    std::uint64_t min_part_bytes = 4u << 20;
    /// The bits of each id's hash that the first pass keeps (all of them but in tests):
    /// two ids with one kept hash are suspects, which the second pass tells apart.
    std::uint64_t id_hash_bits = ~std::uint64_t{0};
};

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           const check_tuning& tuning);
predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           const check_tuning& tuning);

} // namespace numerapi::detail
