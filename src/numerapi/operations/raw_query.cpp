// The operation raw_query: any GraphQL document, its data object as it came.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"

namespace numerapi {
namespace detail::ops {
namespace {

asio::awaitable<outcome<boost::json::object>> raw_query(detail::call_context& c, std::string document,
                                                        boost::json::value variables, bool authorization) {
    if (!variables.is_null() && !variables.is_object())
        co_return make_failure(errc::invalid_argument, "raw_query", "variables must be a JSON object or null");
    // The operation refers to the document; keep it alive on this frame.
    operation op{"raw_query", document, std::move(variables), authorization, true};
    if (document.find("mutation") != std::string::npos) op.idempotent = false;
    co_return co_await c.run(std::move(op));
}

} // namespace
} // namespace detail::ops

NUMERAPI_DEFINE_CALL("raw_query", detail::ops::raw_query);

} // namespace numerapi
