// Operations on the rounds: the open one, a list, one, whether one is open or new, and a
// day's scoring pipeline.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"

#include "numerapi/api/rounds.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <chrono>

namespace numerapi {
namespace detail::ops {

namespace {

asio::awaitable<outcome<std::vector<round>>> list_rounds(detail::call_context& c, round_filter filter,
                                                         std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(detail::list_rounds_query(c.tournament(tournament), filter),
                                     detail::decode_rounds);
}

asio::awaitable<outcome<bool>> check_round_open(detail::call_context& c,
                                                std::optional<numerapi::tournament> tournament) {
    co_return co_await c.round_open(c.tournament(tournament));
}

asio::awaitable<outcome<bool>> check_new_round(detail::call_context& c, std::chrono::hours hours,
                                               std::optional<numerapi::tournament> tournament) {
    const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    outcome<bool> fresh = co_await c.run_decoded(
        detail::new_round_query(c.tournament(tournament)),
        [now, hours](const boost::json::object& d) { return detail::decode_new_round(d, hours, now); });
    if (!fresh && detail::judge(fresh.error()).round_changing) co_return false; // between rounds
    co_return fresh;
}

} // namespace

// Declared in reused.hpp too: other operations build on these.

asio::awaitable<outcome<int>> get_current_round(detail::call_context& c,
                                                std::optional<numerapi::tournament> tournament) {
    auto number =
        co_await c.run_decoded(detail::current_round_query(c.tournament(tournament)), detail::decode_current_round);
    if (!number) co_return number.error();
    if (!*number) {
        failure none = make_failure(errc::round_not_open, "get_current_round", "the API reports no current round");
        none.diag.http_status = 200;
        none.diag.attempts = 1;
        co_return none;
    }
    co_return **number;
}

asio::awaitable<outcome<std::optional<round>>> get_round(detail::call_context& c, round_number number,
                                                         std::optional<numerapi::tournament> tournament) {
    round_filter filter;
    filter.number = number;
    auto rounds =
        co_await c.run_decoded(detail::list_rounds_query(c.tournament(tournament), filter), detail::decode_rounds);
    if (!rounds) co_return rounds.error();
    if (rounds->empty()) co_return std::optional<round>();
    co_return std::optional<round>(std::move(rounds->front()));
}

asio::awaitable<outcome<pipeline_status_report>> pipeline_status(detail::call_context& c,
                                                                 std::optional<std::chrono::year_month_day> date,
                                                                 std::optional<numerapi::tournament> tournament) {
    if (date && !date->ok())
        co_return make_failure(errc::invalid_argument, "pipeline_status", "the date is not a calendar date");
    co_return co_await c.run_decoded(detail::pipeline_status_query(c.tournament(tournament), date),
                                     detail::decode_pipeline_status);
}

} // namespace detail::ops

NUMERAPI_DEFINE_CALL("get_current_round", detail::ops::get_current_round);
NUMERAPI_DEFINE_CALL("list_rounds", detail::ops::list_rounds);
NUMERAPI_DEFINE_CALL("get_round", detail::ops::get_round);
NUMERAPI_DEFINE_CALL("check_round_open", detail::ops::check_round_open);
NUMERAPI_DEFINE_CALL("check_new_round", detail::ops::check_new_round);
NUMERAPI_DEFINE_CALL("pipeline_status", detail::ops::pipeline_status);

} // namespace numerapi
