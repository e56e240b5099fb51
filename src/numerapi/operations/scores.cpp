// Operations on a model's scores and payouts.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"

#include "numerapi/api/leaderboards.hpp"
#include "numerapi/api/scores.hpp"

namespace numerapi {
namespace detail::ops {

namespace {

asio::awaitable<outcome<std::vector<submission_score>>>
submission_scores(detail::call_context& c, std::string model, score_filter filter,
                  std::optional<numerapi::tournament> tournament) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::submission_scores_query(c.tournament(tournament), std::move(*id), filter),
                                     detail::decode_submission_scores);
}

asio::awaitable<outcome<std::vector<round_scores>>> intra_round_scores(detail::call_context& c, std::string model,
                                                                       std::optional<numerapi::tournament> tournament) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::intra_round_scores_query(c.tournament(tournament), std::move(*id)),
                                     detail::decode_intra_round_scores);
}

asio::awaitable<outcome<pending_payouts>> pending_model_payouts(detail::call_context& c,
                                                                std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(detail::pending_model_payouts_query(c.tournament(tournament)),
                                     detail::decode_pending_payouts);
}

asio::awaitable<outcome<std::vector<daily_performance>>>
daily_model_performances(detail::call_context& c, std::string model_name,
                         std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    outcome<operation> query = detail::call_context::checked(
        "daily_model_performances", [&] { return detail::daily_performances_query(t, std::move(model_name)); });
    if (!query) co_return query.error();
    co_return co_await c.run_decoded(std::move(*query), detail::decode_daily_performances);
}

} // namespace

// Declared in reused.hpp too: other operations build on these.

asio::awaitable<outcome<std::vector<round_payout>>> payouts_per_round(detail::call_context& c, std::string model,
                                                                      std::optional<numerapi::tournament> tournament) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::round_performances_query(c.tournament(tournament), std::move(*id)),
                                     detail::decode_round_payouts);
}

} // namespace detail::ops

NUMERAPI_DEFINE_CALL("submission_scores", detail::ops::submission_scores);
NUMERAPI_DEFINE_CALL("payouts_per_round", detail::ops::payouts_per_round);
NUMERAPI_DEFINE_CALL("intra_round_scores", detail::ops::intra_round_scores);
NUMERAPI_DEFINE_CALL("pending_model_payouts", detail::ops::pending_model_payouts);
NUMERAPI_DEFINE_CALL("daily_model_performances", detail::ops::daily_model_performances);

} // namespace numerapi
