// client's stake changes: the model resolved, the stake read, the change sent at most once,
// and the stake read again, so that the caller learns what the server holds even when the
// change's answer is lost.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"

#include "numerapi/api/staking.hpp"
#include "numerapi/api/staking_v3.hpp"
#include "numerapi/retry/failure_class.hpp"

namespace numerapi {
namespace detail::ops {
namespace {

/// Which change stake_change makes.
enum class stake_action { increase, decrease, drain, set };

asio::awaitable<outcome<decimal>> latest_nmr_price(detail::call_context& c) {
    co_return co_await c.run_decoded(detail::latest_nmr_price_query(), detail::decode_latest_nmr_price);
}

asio::awaitable<outcome<decimal>> stake_get(detail::call_context& c, std::string model_name,
                                            std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    outcome<operation> query =
        detail::call_context::checked("stake_get", [&] { return detail::stake_value_query(t, std::move(model_name)); });
    if (!query) co_return query.error();
    co_return co_await c.run_decoded(std::move(*query), detail::decode_stake_value);
}

asio::awaitable<outcome<stake_change_result>> stake_change(detail::call_context& c, stake_action action, decimal nmr,
                                                           std::string model) {
    const char* name = action == stake_action::increase ? "stake_increase"
        : action == stake_action::decrease              ? "stake_decrease"
        : action == stake_action::drain                 ? "stake_drain"
                                                        : "stake_set";
    if (action != stake_action::drain && compare(nmr, decimal("0")) < 0)
        co_return make_failure(errc::invalid_argument, name, "the amount must not be negative: " + nmr.str());
    if ((action == stake_action::increase || action == stake_action::decrease) && compare(nmr, decimal("0")) == 0)
        co_return make_failure(errc::invalid_argument, name, "the amount is zero");

    const outcome<numerapi::model> found = co_await c.account_model(std::move(model), name);
    if (!found) co_return found.error();
    const numerapi::model& m = *found;
    const auto read_stake = [&c, &m] { return stake_get(c, m.name, numerapi::tournament(m.tournament)); };
    stake_change_result result;
    outcome<decimal> before = co_await read_stake();
    if (!before) co_return before.error();
    result.stake_before = *before;

    detail::operation change;
    if (action == stake_action::drain) {
        change = detail::drain_stake_mutation(m.id);
    } else if (action == stake_action::set) {
        const auto order = compare(nmr, result.stake_before);
        if (order == 0) {
            result.stake = result.stake_before;
            co_return result;
        }
        change = order > 0 ? detail::change_stake_mutation(detail::stake_direction::increase, nmr - result.stake_before,
                                                           m.id, m.tournament)
                           : detail::change_stake_mutation(detail::stake_direction::decrease, result.stake_before - nmr,
                                                           m.id, m.tournament);
        change.name = name;
    } else {
        change = detail::change_stake_mutation(action == stake_action::increase ? detail::stake_direction::increase
                                                                                : detail::stake_direction::decrease,
                                               nmr, m.id, m.tournament);
    }

    // Not idempotent: the retry loop repeats it only after failures that prove it did not run.
    // An answer that cannot be read came from a change that ran: it is lost all the same.
    outcome<stake_request> request = co_await c.run_decoded(std::move(change), detail::decode_stake_request);
    if (request) {
        result.request = std::move(*request);
    } else {
        const failure& lost = request.error();
        if (!detail::judge(lost).outcome_unknown && lost.code != errc::invalid_response) co_return lost;
        result.answer_lost = true;
        // What happened, without what() (which repeats the operation and, on a transport
        // code, carries Boost's source location): "while awaiting the answer: Connection
        // reset by peer", "HTTP 502: unexpected HTTP status".
        const auto& d = lost.diag;
        result.answer_lost_reason = lost.code.message();
        if (d.http_status != 0)
            result.answer_lost_reason = "HTTP " + std::to_string(d.http_status) + ": " + result.answer_lost_reason;
        if (!d.client_message.empty()) result.answer_lost_reason = d.client_message + ": " + result.answer_lost_reason;
    }
    outcome<decimal> after = co_await read_stake();
    if (after) {
        result.stake = *after;
        co_return result;
    }
    if (request) co_return after.error();
    // The change may have run and its stake cannot be read: the caller must know both.
    failure both = request.error();
    both.diag.client_message =
        "the stake change may have run (its answer was lost), and reading the stake afterwards failed: " +
        std::string(error(after.error().code, after.error().diag).what());
    co_return both;
}

asio::awaitable<outcome<v3_stake_authorization>> v3_stake_auth(detail::call_context& c, std::string submission_id,
                                                               std::string staker, decimal max_amount) {
    if (compare(max_amount, decimal("0")) <= 0)
        co_return make_failure(errc::invalid_argument, "v3_stake_auth",
                               "the amount must be positive: " + max_amount.str());
    operation query = detail::v3_stake_auth_query(std::move(submission_id), std::move(staker), max_amount);
    co_return co_await c.run_decoded(std::move(query), detail::decode_v3_stake_auth);
}

asio::awaitable<outcome<v3_stake_configuration>> v3_stake_config(detail::call_context& c) {
    co_return co_await c.run_decoded(detail::v3_stake_config_query(), detail::decode_v3_stake_config);
}

asio::awaitable<outcome<v3_stake_round_info>> v3_stake_round(detail::call_context& c, round_number round) {
    co_return co_await c.run_decoded(detail::v3_stake_round_query(round.value()), detail::decode_v3_stake_round);
}

asio::awaitable<outcome<v3_stake_claim_info>> v3_stake_claim(detail::call_context& c, round_number round,
                                                             std::string model_id, std::string staker) {
    operation query = detail::v3_stake_claim_query(round.value(), std::move(model_id), std::move(staker));
    co_return co_await c.run_decoded(std::move(query), detail::decode_v3_stake_claim);
}

asio::awaitable<outcome<stake_change_result>> stake_increase(detail::call_context& c, decimal nmr, std::string model) {
    return stake_change(c, stake_action::increase, std::move(nmr), std::move(model));
}

asio::awaitable<outcome<stake_change_result>> stake_decrease(detail::call_context& c, decimal nmr, std::string model) {
    return stake_change(c, stake_action::decrease, std::move(nmr), std::move(model));
}

asio::awaitable<outcome<stake_change_result>> stake_drain(detail::call_context& c, std::string model) {
    return stake_change(c, stake_action::drain, decimal(), std::move(model));
}

asio::awaitable<outcome<stake_change_result>> stake_set(detail::call_context& c, decimal nmr, std::string model) {
    return stake_change(c, stake_action::set, std::move(nmr), std::move(model));
}

} // namespace
} // namespace detail::ops

NUMERAPI_DEFINE_CALL("latest_nmr_price", detail::ops::latest_nmr_price);
NUMERAPI_DEFINE_CALL("stake_get", detail::ops::stake_get);
NUMERAPI_DEFINE_CALL("stake_increase", detail::ops::stake_increase);
NUMERAPI_DEFINE_CALL("stake_decrease", detail::ops::stake_decrease);
NUMERAPI_DEFINE_CALL("stake_drain", detail::ops::stake_drain);
NUMERAPI_DEFINE_CALL("stake_set", detail::ops::stake_set);
NUMERAPI_DEFINE_CALL("v3_stake_auth", detail::ops::v3_stake_auth);
NUMERAPI_DEFINE_CALL("v3_stake_config", detail::ops::v3_stake_config);
NUMERAPI_DEFINE_CALL("v3_stake_round", detail::ops::v3_stake_round);
NUMERAPI_DEFINE_CALL("v3_stake_claim", detail::ops::v3_stake_claim);

} // namespace numerapi
