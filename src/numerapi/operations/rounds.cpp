// Operations on the rounds: the open one, a list, one, whether one is open or new, and a
// day's scoring pipeline.
#include "numerapi/call_context.hpp"

#include "numerapi/api/rounds.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <chrono>

namespace numerapi {

asio::awaitable<int> detail::ops::get_current_round(detail::call_context& c,
                                                    std::optional<numerapi::tournament> tournament) {
    auto number =
        co_await c.run_decoded(detail::current_round_query(c.tournament(tournament)), detail::decode_current_round);
    if (!number)
        throw error(make_error_code(errc::round_not_open),
                    {.operation = "get_current_round",
                     .http_status = 200,
                     .client_message = "the API reports no current round",
                     .attempts = 1});
    co_return *number;
}

asio::awaitable<std::vector<round>> detail::ops::list_rounds(detail::call_context& c, round_filter filter,
                                                             std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(detail::list_rounds_query(c.tournament(tournament), filter),
                                     detail::decode_rounds);
}

asio::awaitable<std::optional<round>> detail::ops::get_round(detail::call_context& c, round_number number,
                                                             std::optional<numerapi::tournament> tournament) {
    round_filter filter;
    filter.number = number;
    auto rounds =
        co_await c.run_decoded(detail::list_rounds_query(c.tournament(tournament), filter), detail::decode_rounds);
    if (rounds.empty()) co_return std::nullopt;
    co_return std::move(rounds.front());
}

asio::awaitable<bool> detail::ops::check_round_open(detail::call_context& c,
                                                    std::optional<numerapi::tournament> tournament) {
    co_return co_await c.round_open(c.tournament(tournament));
}

asio::awaitable<bool> detail::ops::check_new_round(detail::call_context& c, std::chrono::hours hours,
                                                   std::optional<numerapi::tournament> tournament) {
    try {
        const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
        co_return co_await c.run_decoded(
            detail::new_round_query(c.tournament(tournament)),
            [now, hours](const boost::json::object& d) { return detail::decode_new_round(d, hours, now); });
    } catch (const error& e) {
        if (detail::judge(e).round_changing) co_return false;
        throw;
    }
}

asio::awaitable<pipeline_status_report> detail::ops::pipeline_status(detail::call_context& c,
                                                                     std::optional<std::chrono::year_month_day> date,
                                                                     std::optional<numerapi::tournament> tournament) {
    if (date && !date->ok())
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "pipeline_status", .client_message = "the date is not a calendar date"});
    co_return co_await c.run_decoded(detail::pipeline_status_query(c.tournament(tournament), date),
                                     detail::decode_pipeline_status);
}

} // namespace numerapi
