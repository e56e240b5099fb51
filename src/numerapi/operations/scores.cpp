// Operations on a model's scores and payouts.
#include "numerapi/call_context.hpp"

#include "numerapi/api/leaderboards.hpp"
#include "numerapi/api/scores.hpp"

namespace numerapi {

asio::awaitable<outcome<std::vector<submission_score>>>
detail::ops::submission_scores(detail::call_context& c, std::string model, score_filter filter,
                               std::optional<numerapi::tournament> tournament) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::submission_scores_query(c.tournament(tournament), std::move(*id), filter),
                                     detail::decode_submission_scores);
}

asio::awaitable<outcome<std::vector<round_payout>>>
detail::ops::payouts_per_round(detail::call_context& c, std::string model,
                               std::optional<numerapi::tournament> tournament) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::round_performances_query(c.tournament(tournament), std::move(*id)),
                                     detail::decode_round_payouts);
}

asio::awaitable<outcome<std::vector<round_scores>>>
detail::ops::intra_round_scores(detail::call_context& c, std::string model,
                                std::optional<numerapi::tournament> tournament) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::intra_round_scores_query(c.tournament(tournament), std::move(*id)),
                                     detail::decode_intra_round_scores);
}

asio::awaitable<outcome<pending_payouts>>
detail::ops::pending_model_payouts(detail::call_context& c, std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(detail::pending_model_payouts_query(c.tournament(tournament)),
                                     detail::decode_pending_payouts);
}

asio::awaitable<outcome<std::vector<daily_performance>>>
detail::ops::daily_model_performances(detail::call_context& c, std::string model_name,
                                      std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    outcome<operation> query = detail::call_context::checked(
        "daily_model_performances", [&] { return detail::daily_performances_query(t, std::move(model_name)); });
    if (!query) co_return query.error();
    co_return co_await c.run_decoded(std::move(*query), detail::decode_daily_performances);
}

} // namespace numerapi
