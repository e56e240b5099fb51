// Operations on a model's submissions: all of them, or one round's.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"

#include "numerapi/api/submissions.hpp"

namespace numerapi {
namespace detail::ops {

namespace {

asio::awaitable<outcome<std::optional<submission>>> get_submission_for_round(detail::call_context& c, std::string model,
                                                                             round_number number) {
    auto submissions = co_await list_submissions(c, std::move(model));
    if (!submissions) co_return submissions.error();
    std::optional<submission> found;
    for (auto& s : *submissions) {
        if (s.round_number != number.value()) continue;
        // Several uploads in one round: the selected one counts, else the latest.
        if (!found || s.selected || (!found->selected && s.inserted_at > found->inserted_at)) found = std::move(s);
    }
    co_return found;
}

} // namespace

// Declared in reused.hpp too: other operations build on these.

asio::awaitable<outcome<std::vector<submission>>> list_submissions(detail::call_context& c, std::string model) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::submissions_query(std::move(*id)), detail::decode_submissions);
}

} // namespace detail::ops

NUMERAPI_DEFINE_CALL("list_submissions", detail::ops::list_submissions);
NUMERAPI_DEFINE_CALL("get_submission_for_round", detail::ops::get_submission_for_round);

} // namespace numerapi
