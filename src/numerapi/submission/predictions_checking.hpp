// The predictions check as the client runs it on its blocking executor: the public
// check_predictions (predictions_check.hpp), which stops early once `stop` is set (a call
// cancelled while its check runs on the pool); its result is then a problem, never used.
#pragma once

#include <numerapi/predictions_check.hpp>

#include <atomic>
#include <filesystem>

namespace numerapi::detail {

predictions_check_result check_predictions(const std::filesystem::path& file, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop);
predictions_check_result check_predictions(const predictions_data& predictions, int tournament,
                                           const predictions_check_options& options, const std::atomic<bool>& stop);

} // namespace numerapi::detail
