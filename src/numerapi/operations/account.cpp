// Operations on the account and its models: reads, and the edits of a model's bio, link
// and webhook.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"

#include "numerapi/api/account.hpp"
#include "numerapi/api/profiles.hpp"

namespace numerapi {
namespace detail::ops {
namespace {

asio::awaitable<outcome<account>> get_account(detail::call_context& c) {
    co_return co_await c.run_decoded(detail::account_query(), detail::decode_account);
}

asio::awaitable<outcome<std::vector<model>>> get_models(detail::call_context& c,
                                                        std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    co_return co_await c.run_decoded(detail::models_query(),
                                     [t](const boost::json::object& d) { return detail::decode_models(d, t); });
}

asio::awaitable<outcome<profile>> get_profile(detail::call_context& c, std::string model_name,
                                              std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    if (t != number_of(numerapi::tournament::classic) && t != number_of(numerapi::tournament::signals) &&
        t != number_of(numerapi::tournament::crypto))
        co_return make_failure(errc::invalid_argument, "get_profile",
                               "profiles exist for tournaments 8, 11 and 12, not " + std::to_string(t));
    co_return co_await c.run_decoded(detail::profile_query(t, std::move(model_name)), detail::decode_profile);
}

asio::awaitable<outcome<std::vector<wallet_transaction>>> wallet_transactions(detail::call_context& c) {
    co_return co_await c.run_decoded(detail::wallet_transactions_query(), detail::decode_wallet_transactions);
}

asio::awaitable<outcome<std::string>> model_name(detail::call_context& c, std::string model_id) {
    co_return co_await c.run_decoded(detail::model_name_query(std::move(model_id)), detail::decode_model_name);
}

asio::awaitable<outcome<std::vector<model>>> models_of_account(detail::call_context& c, std::string account,
                                                               std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    co_return co_await c.run_decoded(
        detail::models_of_account_query(std::move(account), t),
        [t](const boost::json::object& d) { return detail::decode_models_of_account(d, t); });
}

asio::awaitable<outcome<bool>> set_bio(detail::call_context& c, std::string model, std::string bio) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(
        detail::set_bio_mutation(std::move(*id), std::move(bio)),
        [](const boost::json::object& d) { return detail::decode_edit_result(d, "setUserBio"); });
}

asio::awaitable<outcome<bool>> set_link(detail::call_context& c, std::string model, std::string link_url,
                                        std::string link_text) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(
        detail::set_link_mutation(std::move(*id), std::move(link_url), std::move(link_text)),
        [](const boost::json::object& d) { return detail::decode_edit_result(d, "setUserLink"); });
}

asio::awaitable<outcome<bool>> set_submission_webhook(detail::call_context& c, std::string model,
                                                      std::optional<std::string> webhook) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(
        detail::set_submission_webhook_mutation(std::move(*id), std::move(webhook)),
        [](const boost::json::object& d) { return detail::decode_edit_result(d, "setSubmissionWebhook"); });
}

} // namespace
} // namespace detail::ops

NUMERAPI_DEFINE_CALL("get_account", detail::ops::get_account);
NUMERAPI_DEFINE_CALL("get_models", detail::ops::get_models);
NUMERAPI_DEFINE_CALL("get_profile", detail::ops::get_profile);
NUMERAPI_DEFINE_CALL("wallet_transactions", detail::ops::wallet_transactions);
NUMERAPI_DEFINE_CALL("model_name", detail::ops::model_name);
NUMERAPI_DEFINE_CALL("models_of_account", detail::ops::models_of_account);
NUMERAPI_DEFINE_CALL("set_bio", detail::ops::set_bio);
NUMERAPI_DEFINE_CALL("set_link", detail::ops::set_link);
NUMERAPI_DEFINE_CALL("set_submission_webhook", detail::ops::set_submission_webhook);

} // namespace numerapi
