// The predictions check as the client runs it on its blocking executor: the public
// check_predictions (predictions_check.hpp), which stops early once `stop` is set (a call
// cancelled while its check runs on the pool); its result is then a problem, never used.
// An input is cut into parts of at least `min_part_bytes` (one per thread the options
// allow), checked at once; the tests make small inputs take that path too.
#pragma once

#include <numerapi/predictions_check.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>

namespace numerapi::detail {

/// The least bytes of a part: an input under twice this is checked in one part, on the
/// caller's thread.
constexpr std::uint64_t min_part_bytes = 4u << 20;

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           std::uint64_t min_part_bytes);
predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop,
                                           std::uint64_t min_part_bytes);

} // namespace numerapi::detail
