// Operations on the dataset files of a round: their names, and one's download URL.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"

#include "numerapi/api/datasets.hpp"

namespace numerapi {
namespace detail::ops {

// Declared in reused.hpp too: the dataset downloads build on these.

asio::awaitable<outcome<std::vector<std::string>>> list_datasets(detail::call_context& c,
                                                                 std::optional<round_number> round,
                                                                 std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(
        detail::list_datasets_query(c.tournament(tournament), detail::call_context::round_value(round)),
        detail::decode_list_datasets);
}

asio::awaitable<outcome<std::string>> dataset_url(detail::call_context& c, std::string filename,
                                                  std::optional<round_number> round,
                                                  std::optional<numerapi::tournament> tournament) {
    co_return co_await c.run_decoded(detail::dataset_url_query(c.tournament(tournament), std::move(filename),
                                                               detail::call_context::round_value(round)),
                                     detail::decode_dataset_url);
}

} // namespace detail::ops

NUMERAPI_DEFINE_CALL("list_datasets", detail::ops::list_datasets);
NUMERAPI_DEFINE_CALL("dataset_url", detail::ops::dataset_url);

} // namespace numerapi
