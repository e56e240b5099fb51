// Operations on a model's submissions: all of them, or one round's.
#include "numerapi/call_context.hpp"

#include "numerapi/api/submissions.hpp"

namespace numerapi {

asio::awaitable<outcome<std::vector<submission>>> detail::ops::list_submissions(detail::call_context& c,
                                                                                std::string model) {
    outcome<std::string> id = co_await c.model_id(std::move(model));
    if (!id) co_return id.error();
    co_return co_await c.run_decoded(detail::submissions_query(std::move(*id)), detail::decode_submissions);
}

asio::awaitable<outcome<std::optional<submission>>>
detail::ops::get_submission_for_round(detail::call_context& c, std::string model, round_number number) {
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

} // namespace numerapi
