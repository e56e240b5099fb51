// The operations that other operations build on: the dataset downloads ask for a dataset's
// URL and the current round, a submission's download lists the model's submissions, and the
// round watcher reads rounds, the pipeline, payouts, submissions and diagnostics. Each is
// defined in its own file (named above it) and is the operation of the public call of the
// same name there too. An operation that no other one calls is declared nowhere but in its
// file.
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/types.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace numerapi::detail {
class call_context;
} // namespace numerapi::detail

namespace numerapi::detail::ops {

// datasets.cpp
boost::asio::awaitable<outcome<std::vector<std::string>>>
list_datasets(call_context& context, std::optional<round_number> round, std::optional<numerapi::tournament> tournament);
boost::asio::awaitable<outcome<std::string>> dataset_url(call_context& context, std::string filename,
                                                         std::optional<round_number> round,
                                                         std::optional<numerapi::tournament> tournament);

// rounds.cpp
boost::asio::awaitable<outcome<int>> get_current_round(call_context& context,
                                                       std::optional<numerapi::tournament> tournament);
boost::asio::awaitable<outcome<std::optional<round>>> get_round(call_context& context, round_number number,
                                                                std::optional<numerapi::tournament> tournament);
boost::asio::awaitable<outcome<pipeline_status_report>> pipeline_status(call_context& context,
                                                                        std::optional<std::chrono::year_month_day> date,
                                                                        std::optional<numerapi::tournament> tournament);

// scores.cpp
boost::asio::awaitable<outcome<std::vector<round_payout>>>
payouts_per_round(call_context& context, std::string model, std::optional<numerapi::tournament> tournament);

// submissions.cpp
boost::asio::awaitable<outcome<std::vector<submission>>> list_submissions(call_context& context, std::string model);

// submit.cpp
boost::asio::awaitable<outcome<std::vector<diagnostics_report>>>
model_diagnostics(call_context& context, std::string model, std::optional<std::string> id);

} // namespace numerapi::detail::ops
