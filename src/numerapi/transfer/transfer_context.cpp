#include "numerapi/transfer/transfer_context.hpp"

#include <algorithm>

namespace numerapi::detail {

boost::asio::awaitable<outcome<exchange_result>> send_counted(transfer_context& ctx, exchange_request request,
                                                              sink_chooser choose, unsigned& requests) {
    outcome<exchange_result> answer = co_await ctx.network.exchange(std::move(request), std::move(choose));
    requests += answer ? answer->attempts : std::max(answer.error().diag.attempts, 1u);
    co_return answer;
}

diagnostics cancelled_while(std::string operation, std::string_view doing, const std::filesystem::path& file,
                            unsigned requests) {
    diagnostics d;
    d.operation = std::move(operation);
    d.client_message = "cancelled while " + std::string(doing) + " " + file.string();
    d.attempts = requests;
    return d;
}

} // namespace numerapi::detail
