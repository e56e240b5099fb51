// The operations: one asynchronous function for each of client's calls (and round_watcher's
// next), or for a few calls that differ by a kind (the enums below), run over a
// detail::call_context on the client's strand. A public call starts its
// operation through detail::start_call and does nothing else; the comment above each group
// names the file that defines it, under src/numerapi. Adding a call: its operation here and
// in that file, and its line in client.hpp. Nothing here is for users to name.
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/export.hpp>
#include <numerapi/predictions_check.hpp>
#include <numerapi/submit_options.hpp>
#include <numerapi/transfer.hpp>
#include <numerapi/types.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace numerapi {
struct round_watch_state; // a round_watcher's memory (round_watcher.hpp)
struct round_event;       // what a round_watcher tells (round_watcher.hpp)
} // namespace numerapi

namespace numerapi::detail {
class call_context; // src/numerapi/call_context.hpp
} // namespace numerapi::detail

namespace numerapi::detail::ops {

/// What an operation returns: awaitable, and its value or its failure (outcome.hpp).
template <class T>
using awaitable_outcome = boost::asio::awaitable<outcome<T>>;

/// Which of two lists or actions an operation that serves two calls runs.
enum class leaderboard_kind { models, accounts };
enum class stake_action { increase, decrease, drain, set };
enum class model_upload_choice { data_versions, docker_images };
enum class submission_kind { predictions, diagnostics };

// operations/account.cpp
NUMERAPI_EXPORT awaitable_outcome<account> get_account(call_context& context);
NUMERAPI_EXPORT awaitable_outcome<std::vector<model>> get_models(call_context& context,
                                                                 std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<profile> get_profile(call_context& context, std::string model_name,
                                                       std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<wallet_transaction>> wallet_transactions(call_context& context);
NUMERAPI_EXPORT awaitable_outcome<std::string> model_name(call_context& context, std::string model_id);
NUMERAPI_EXPORT awaitable_outcome<std::vector<model>> models_of_account(call_context& context, std::string account,
                                                                        std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<bool> set_bio(call_context& context, std::string model, std::string bio);
NUMERAPI_EXPORT awaitable_outcome<bool> set_link(call_context& context, std::string model, std::string link_url,
                                                 std::string link_text);
NUMERAPI_EXPORT awaitable_outcome<bool> set_submission_webhook(call_context& context, std::string model,
                                                               std::optional<std::string> webhook);

// operations/compute.cpp
NUMERAPI_EXPORT awaitable_outcome<std::map<std::string, std::string>> model_upload_choices(call_context& context,
                                                                                           model_upload_choice which);
NUMERAPI_EXPORT awaitable_outcome<std::string> model_upload(call_context& context, std::filesystem::path file,
                                                            std::string model, model_upload_options options,
                                                            std::optional<numerapi::tournament> tournament);

// operations/datasets.cpp
NUMERAPI_EXPORT awaitable_outcome<std::vector<std::string>>
list_datasets(call_context& context, std::optional<round_number> round, std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::string> dataset_url(call_context& context, std::string filename,
                                                           std::optional<round_number> round,
                                                           std::optional<numerapi::tournament> tournament);

// operations/leaderboards.cpp
NUMERAPI_EXPORT awaitable_outcome<std::vector<leaderboard_entry>>
leaderboard(call_context& context, leaderboard_kind kind, int limit, int offset,
            std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<leaderboard_entry>>
leaderboard_all(call_context& context, leaderboard_kind kind, std::optional<numerapi::tournament> tournament,
                int page_size);

// operations/raw_query.cpp
NUMERAPI_EXPORT awaitable_outcome<boost::json::object> raw_query(call_context& context, std::string document,
                                                                 boost::json::value variables, bool authorization);

// operations/rounds.cpp
NUMERAPI_EXPORT awaitable_outcome<int> get_current_round(call_context& context,
                                                         std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<round>> list_rounds(call_context& context, round_filter filter,
                                                                  std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::optional<round>> get_round(call_context& context, round_number number,
                                                                  std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<bool> check_round_open(call_context& context,
                                                         std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<bool> check_new_round(call_context& context, std::chrono::hours hours,
                                                        std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<pipeline_status_report>
pipeline_status(call_context& context, std::optional<std::chrono::year_month_day> date,
                std::optional<numerapi::tournament> tournament);

// operations/scores.cpp
NUMERAPI_EXPORT awaitable_outcome<std::vector<submission_score>>
submission_scores(call_context& context, std::string model, score_filter filter,
                  std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<round_payout>>
payouts_per_round(call_context& context, std::string model, std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<round_scores>>
intra_round_scores(call_context& context, std::string model, std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<pending_payouts>
pending_model_payouts(call_context& context, std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<daily_performance>>
daily_model_performances(call_context& context, std::string model_name, std::optional<numerapi::tournament> tournament);

// operations/staking.cpp
NUMERAPI_EXPORT awaitable_outcome<decimal> latest_nmr_price(call_context& context);
NUMERAPI_EXPORT awaitable_outcome<decimal> stake_get(call_context& context, std::string model_name,
                                                     std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<stake_change_result> stake_change(call_context& context, stake_action action,
                                                                    decimal nmr, std::string model);
NUMERAPI_EXPORT awaitable_outcome<numerapi::v3_stake_authorization>
v3_stake_auth(call_context& context, std::string submission_id, std::string staker, decimal max_amount);
NUMERAPI_EXPORT awaitable_outcome<numerapi::v3_stake_configuration> v3_stake_config(call_context& context);
NUMERAPI_EXPORT awaitable_outcome<v3_stake_round_info> v3_stake_round(call_context& context, round_number round);
NUMERAPI_EXPORT awaitable_outcome<v3_stake_claim_info> v3_stake_claim(call_context& context, round_number round,
                                                                      std::string model_id, std::string staker);

// operations/submissions.cpp
NUMERAPI_EXPORT awaitable_outcome<std::vector<submission>> list_submissions(call_context& context, std::string model);
NUMERAPI_EXPORT awaitable_outcome<std::optional<submission>>
get_submission_for_round(call_context& context, std::string model, round_number number);

// operations/submit.cpp
NUMERAPI_EXPORT awaitable_outcome<std::string> submit_file(call_context& context, submission_kind kind,
                                                           std::filesystem::path file, std::string model,
                                                           submit_options options,
                                                           std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::string> submit_data(call_context& context, submission_kind kind,
                                                           predictions_data predictions, std::string model,
                                                           submit_options options,
                                                           std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<std::vector<diagnostics_report>>
model_diagnostics(call_context& context, std::string model, std::optional<std::string> id);
NUMERAPI_EXPORT awaitable_outcome<std::vector<submission>>
submission_filenames(call_context& context, std::string model, std::optional<numerapi::tournament> tournament,
                     std::optional<round_number> round);

// operations/transfers.cpp
NUMERAPI_EXPORT awaitable_outcome<download_result> download(call_context& context, std::string url,
                                                            std::filesystem::path path, download_options options);
/// `beneath`: a directory the caller chose that `dest` lies in (detail::download_job).
NUMERAPI_EXPORT awaitable_outcome<download_result>
download_dataset(call_context& context, std::string filename, std::filesystem::path dest, std::filesystem::path beneath,
                 std::optional<round_number> round, download_options options,
                 std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<dataset_download_result>
download_current_dataset(call_context& context, std::filesystem::path dest_dir, dataset_download_options options,
                         std::optional<numerapi::tournament> tournament);
NUMERAPI_EXPORT awaitable_outcome<download_result> download_submission(call_context& context, std::string submission_id,
                                                                       std::filesystem::path dest,
                                                                       download_options options);
NUMERAPI_EXPORT awaitable_outcome<download_result> download_latest_submission(call_context& context, std::string model,
                                                                              std::filesystem::path dest,
                                                                              download_options options);
NUMERAPI_EXPORT awaitable_outcome<download_result> ticker_universe(call_context& context, std::filesystem::path dest,
                                                                   download_options options);
NUMERAPI_EXPORT awaitable_outcome<upload_result> upload(call_context& context, std::string url,
                                                        std::filesystem::path path, upload_options options);
NUMERAPI_EXPORT awaitable_outcome<upload_result> upload_form(call_context& context, std::string url,
                                                             std::vector<form_field> fields, form_file file,
                                                             upload_options options);

// watch/round_watcher.cpp
NUMERAPI_EXPORT awaitable_outcome<round_event> next_round_event(call_context& context,
                                                                std::shared_ptr<round_watch_state> state);

} // namespace numerapi::detail::ops
