#include "numerapi/call_context.hpp"

#include "numerapi/api/account.hpp"
#include "numerapi/api/rounds.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <cctype>
#include <chrono>

namespace numerapi::detail {

asio::awaitable<outcome<boost::json::object>> call_context::run(operation op) {
    if (op.authorization && !shared->endpoint.keys) // nothing to retry: nothing is sent
        co_return detail::credentials_missing(op.name);
    const detail::retry_settings settings{policies.retry, policies.backoff, op.idempotent};
    co_return co_await detail::retry_run(retrying(), settings, shared->endpoint.url.origin(), [&] {
        return detail::call(*shared->network, shared->endpoint, op, options().max_response_body);
    });
}

asio::awaitable<outcome<bool>> call_context::round_open(int tournament) {
    const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    outcome<bool> open =
        co_await run_decoded(detail::round_open_query(tournament),
                             [now](const boost::json::object& d) { return detail::decode_round_open(d, now); });
    if (!open && detail::judge(open.error()).round_changing) co_return false;
    co_return open;
}

asio::awaitable<outcome<std::string>> call_context::model_id(std::string model) {
    if (looks_like_uuid(model)) co_return model;
    const outcome<numerapi::model> found = co_await account_model(std::move(model), "resolve_model");
    if (!found) co_return found.error();
    co_return found->id;
}

asio::awaitable<outcome<numerapi::model>> call_context::account_model(std::string model,
                                                                      std::string_view operation_name) {
    auto models = co_await run_decoded(detail::models_query(),
                                       [](const boost::json::object& d) { return detail::decode_models(d, {}); });
    if (!models) co_return models.error();
    for (auto& m : *models)
        if (m.id == model || m.name == model) co_return std::move(m);
    co_return make_failure(errc::invalid_argument, std::string(operation_name),
                           "this account has no model named \"" + model + "\"");
}

bool call_context::looks_like_uuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

} // namespace numerapi::detail
