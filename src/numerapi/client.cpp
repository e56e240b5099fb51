#include "numerapi/client_impl.hpp"

#include "numerapi/access.hpp"

#include "numerapi/http/header_fields.hpp"
#include "numerapi/api/account.hpp"
#include "numerapi/api/datasets.hpp"
#include "numerapi/api/leaderboards.hpp"
#include "numerapi/api/profiles.hpp"
#include "numerapi/api/rounds.hpp"
#include "numerapi/api/scores.hpp"
#include "numerapi/api/submissions.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <chrono>

namespace numerapi {

client::client(executor_type executor, client_options options)
    : client(detail::access::make_client(std::move(executor), std::move(options), nullptr, nullptr)) {}

namespace detail {

client access::make_client(client::executor_type executor, client_options options, std::unique_ptr<exchanger> network,
                           std::shared_ptr<clock> clock) {
    require_valid_header_field("User-Agent", options.user_agent, "client");
    call_policies policies{options.retry, options.backoff};
    return client(std::make_shared<client::impl>(
        client::impl{std::make_shared<client::shared_state>(std::move(executor), std::move(options), std::move(network),
                                                            std::move(clock)),
                     policies, nullptr}));
}

} // namespace detail

client::client(std::shared_ptr<impl> i) : impl_(std::move(i)) {}

client::~client() = default;
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

client::executor_type client::get_executor() const { return impl_->shared->executor; }
const client_options& client::options() const { return impl_->options(); }

client client::with(call_policies policies) const {
    return client(std::make_shared<impl>(impl{impl_->shared, policies, impl_->diagnostics_sink}));
}

client client::reporting_to(numerapi::diagnostics& diag) const {
    return client(std::make_shared<impl>(impl{impl_->shared, impl_->policies, &diag}));
}

client client::share() const { return client(impl_); }
asio::strand<client::executor_type> client::strand() const { return impl_->shared->strand; }
numerapi::diagnostics* client::diagnostics_sink() const { return impl_->diagnostics_sink; }
client client::without_deadline() const {
    auto policies = impl_->policies;
    policies.retry.deadline = std::chrono::milliseconds{0};
    return client(std::make_shared<impl>(impl{impl_->shared, policies, impl_->diagnostics_sink}));
}
std::chrono::milliseconds client::call_deadline() const { return impl_->policies.retry.deadline; }

asio::awaitable<boost::json::object> client::do_raw_query(std::string document, boost::json::value variables,
                                                          bool authorization) {
    if (!variables.is_null() && !variables.is_object())
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "raw_query", .client_message = "variables must be a JSON object or null"});
    // The operation refers to the document; keep it alive on this frame.
    operation op{"raw_query", document, std::move(variables), authorization, true};
    if (document.find("mutation") != std::string::npos) op.idempotent = false;
    co_return co_await impl_->run(std::move(op));
}

asio::awaitable<int> client::do_get_current_round(std::optional<numerapi::tournament> tournament) {
    auto number = co_await impl_->run_decoded(detail::current_round_query(impl_->tournament(tournament)),
                                              detail::decode_current_round);
    if (!number)
        throw error(make_error_code(errc::round_not_open),
                    {.operation = "get_current_round",
                     .http_status = 200,
                     .client_message = "the API reports no current round",
                     .attempts = 1});
    co_return *number;
}

asio::awaitable<std::vector<round>> client::do_list_rounds(round_filter filter,
                                                           std::optional<numerapi::tournament> tournament) {
    co_return co_await impl_->run_decoded(detail::list_rounds_query(impl_->tournament(tournament), filter),
                                          detail::decode_rounds);
}

asio::awaitable<std::optional<round>> client::do_get_round(round_number number,
                                                           std::optional<numerapi::tournament> tournament) {
    round_filter filter;
    filter.number = number;
    auto rounds = co_await impl_->run_decoded(detail::list_rounds_query(impl_->tournament(tournament), filter),
                                              detail::decode_rounds);
    if (rounds.empty()) co_return std::nullopt;
    co_return std::move(rounds.front());
}

asio::awaitable<bool> client::do_check_round_open(std::optional<numerapi::tournament> tournament) {
    co_return co_await impl_->round_open(impl_->tournament(tournament));
}

asio::awaitable<bool> client::do_check_new_round(std::chrono::hours hours,
                                                 std::optional<numerapi::tournament> tournament) {
    try {
        const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
        co_return co_await impl_->run_decoded(
            detail::new_round_query(impl_->tournament(tournament)),
            [now, hours](const boost::json::object& d) { return detail::decode_new_round(d, hours, now); });
    } catch (const error& e) {
        if (detail::judge(e).round_changing) co_return false;
        throw;
    }
}

asio::awaitable<std::vector<std::string>> client::do_list_datasets(std::optional<round_number> round,
                                                                   std::optional<numerapi::tournament> tournament) {
    co_return co_await impl_->run_decoded(
        detail::list_datasets_query(impl_->tournament(tournament), impl::round_value(round)),
        detail::decode_list_datasets);
}

asio::awaitable<std::string> client::do_dataset_url(std::string filename, std::optional<round_number> round,
                                                    std::optional<numerapi::tournament> tournament) {
    co_return co_await impl_->run_decoded(
        detail::dataset_url_query(impl_->tournament(tournament), std::move(filename), impl::round_value(round)),
        detail::decode_dataset_url);
}

asio::awaitable<account> client::do_get_account() {
    co_return co_await impl_->run_decoded(detail::account_query(), detail::decode_account);
}

asio::awaitable<std::vector<model>> client::do_get_models(std::optional<numerapi::tournament> tournament) {
    const int t = impl_->tournament(tournament);
    co_return co_await impl_->run_decoded(detail::models_query(),
                                          [t](const boost::json::object& d) { return detail::decode_models(d, t); });
}

asio::awaitable<profile> client::do_get_profile(std::string model_name,
                                                std::optional<numerapi::tournament> tournament) {
    const int t = impl_->tournament(tournament);
    if (t != number_of(numerapi::tournament::classic) && t != number_of(numerapi::tournament::signals) &&
        t != number_of(numerapi::tournament::crypto))
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "get_profile",
                     .client_message = "profiles exist for tournaments 8, 11 and 12, not " + std::to_string(t)});
    co_return co_await impl_->run_decoded(detail::profile_query(t, std::move(model_name)), detail::decode_profile);
}

asio::awaitable<std::vector<submission_score>>
client::do_submission_scores(std::string model, score_filter filter, std::optional<numerapi::tournament> tournament) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::submission_scores_query(impl_->tournament(tournament), std::move(id), filter),
        detail::decode_submission_scores);
}

asio::awaitable<std::vector<round_payout>>
client::do_payouts_per_round(std::string model, std::optional<numerapi::tournament> tournament) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::round_performances_query(impl_->tournament(tournament), std::move(id)), detail::decode_round_payouts);
}

asio::awaitable<std::vector<submission>> client::do_list_submissions(std::string model) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(detail::submissions_query(std::move(id)), detail::decode_submissions);
}

asio::awaitable<std::optional<submission>> client::do_get_submission_for_round(std::string model, round_number number) {
    auto submissions = co_await do_list_submissions(std::move(model));
    std::optional<submission> found;
    for (auto& s : submissions) {
        if (s.round_number != number.value()) continue;
        // Several uploads in one round: the selected one counts, else the latest.
        if (!found || s.selected || (!found->selected && s.inserted_at > found->inserted_at)) found = std::move(s);
    }
    co_return found;
}

asio::awaitable<pipeline_status_report> client::do_pipeline_status(std::optional<std::chrono::year_month_day> date,
                                                                   std::optional<numerapi::tournament> tournament) {
    if (date && !date->ok())
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "pipeline_status", .client_message = "the date is not a calendar date"});
    co_return co_await impl_->run_decoded(detail::pipeline_status_query(impl_->tournament(tournament), date),
                                          detail::decode_pipeline_status);
}

asio::awaitable<std::vector<wallet_transaction>> client::do_wallet_transactions() {
    co_return co_await impl_->run_decoded(detail::wallet_transactions_query(), detail::decode_wallet_transactions);
}

asio::awaitable<std::string> client::do_model_name(std::string model_id) {
    co_return co_await impl_->run_decoded(detail::model_name_query(std::move(model_id)), detail::decode_model_name);
}

asio::awaitable<std::vector<model>> client::do_models_of_account(std::string account,
                                                                 std::optional<numerapi::tournament> tournament) {
    const int t = impl_->tournament(tournament);
    co_return co_await impl_->run_decoded(
        detail::models_of_account_query(std::move(account), t),
        [t](const boost::json::object& d) { return detail::decode_models_of_account(d, t); });
}

asio::awaitable<bool> client::do_set_bio(std::string model, std::string bio) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::set_bio_mutation(std::move(id), std::move(bio)),
        [](const boost::json::object& d) { return detail::decode_edit_result(d, "setUserBio"); });
}

asio::awaitable<bool> client::do_set_link(std::string model, std::string link_url, std::string link_text) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::set_link_mutation(std::move(id), std::move(link_url), std::move(link_text)),
        [](const boost::json::object& d) { return detail::decode_edit_result(d, "setUserLink"); });
}

asio::awaitable<bool> client::do_set_submission_webhook(std::string model, std::optional<std::string> webhook) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::set_submission_webhook_mutation(std::move(id), std::move(webhook)),
        [](const boost::json::object& d) { return detail::decode_edit_result(d, "setSubmissionWebhook"); });
}

asio::awaitable<std::vector<round_scores>>
client::do_intra_round_scores(std::string model, std::optional<numerapi::tournament> tournament) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::intra_round_scores_query(impl_->tournament(tournament), std::move(id)),
        detail::decode_intra_round_scores);
}

asio::awaitable<pending_payouts> client::do_pending_model_payouts(std::optional<numerapi::tournament> tournament) {
    co_return co_await impl_->run_decoded(detail::pending_model_payouts_query(impl_->tournament(tournament)),
                                          detail::decode_pending_payouts);
}

asio::awaitable<std::vector<daily_performance>>
client::do_daily_model_performances(std::string model_name, std::optional<numerapi::tournament> tournament) {
    const int t = impl_->tournament(tournament);
    operation query = impl::checked("daily_model_performances",
                                    [&] { return detail::daily_performances_query(t, std::move(model_name)); });
    co_return co_await impl_->run_decoded(std::move(query), detail::decode_daily_performances);
}

asio::awaitable<std::vector<leaderboard_entry>> client::do_leaderboard(leaderboard_kind kind, int limit, int offset,
                                                                       std::optional<numerapi::tournament> tournament) {
    const int t = impl_->tournament(tournament);
    operation query = kind == leaderboard_kind::models
        ? impl::checked("leaderboard", [&] { return detail::leaderboard_query(t, limit, offset); })
        : impl::checked("account_leaderboard", [&] { return detail::account_leaderboard_query(t, limit, offset); });
    co_return co_await impl_->run_decoded(std::move(query), detail::decode_leaderboard);
}

asio::awaitable<std::vector<leaderboard_entry>>
client::do_leaderboard_all(leaderboard_kind kind, std::optional<numerapi::tournament> tournament, int page_size) {
    const std::string operation = kind == leaderboard_kind::models ? "leaderboard_all" : "account_leaderboard_all";
    if (page_size < 1)
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = operation, .client_message = "the page size must be at least 1"});
    // Until an empty page: a page shorter than asked is no end, as a server may cap `limit`.
    // Numerai's leaderboards hold a few thousand entries; a server that pages on past
    // max_entries would otherwise fill the memory one page at a time.
    constexpr std::size_t max_entries = 100'000;
    std::vector<leaderboard_entry> all;
    std::string previous_first; // a server that ignores `offset` sends the same page forever
    for (;;) {
        const int offset = static_cast<int>(all.size());
        std::vector<leaderboard_entry> page = co_await do_leaderboard(kind, page_size, offset, tournament);
        if (page.empty()) co_return all;
        if (offset > 0 && page.front().username == previous_first)
            throw error(make_error_code(errc::invalid_response),
                        {.operation = operation,
                         .client_message = "the server sent the same page again for offset " + std::to_string(offset)});
        if (page.size() > max_entries - all.size())
            throw error(make_error_code(errc::invalid_response),
                        {.operation = operation,
                         .client_message = "the server kept paging past " + std::to_string(max_entries) +
                             " entries; no leaderboard is that long"});
        previous_first = page.front().username;
        for (auto& entry : page) all.push_back(std::move(entry));
    }
}

} // namespace numerapi
