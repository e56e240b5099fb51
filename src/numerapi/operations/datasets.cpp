// Operations on the dataset files of a round: their names, and one's download URL.
#include "numerapi/call_context.hpp"

#include "numerapi/api/datasets.hpp"

namespace numerapi {

asio::awaitable<outcome<std::vector<std::string>>>
detail::ops::list_datasets(detail::call_context& c, std::optional<round_number> round,
                           std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(
        detail::list_datasets_query(c.tournament(tournament), detail::call_context::round_value(round)),
        detail::decode_list_datasets);
}

asio::awaitable<outcome<std::string>> detail::ops::dataset_url(detail::call_context& c, std::string filename,
                                                               std::optional<round_number> round,
                                                               std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(detail::dataset_url_query(c.tournament(tournament), std::move(filename),
                                                               detail::call_context::round_value(round)),
                                     detail::decode_dataset_url);
}

} // namespace numerapi
