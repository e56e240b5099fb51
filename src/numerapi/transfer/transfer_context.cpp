#include "numerapi/transfer/transfer_context.hpp"

namespace numerapi::detail {

boost::asio::awaitable<exchange_result> send_counted(transfer_context& ctx, exchange_request request,
                                                     sink_chooser choose, unsigned& requests) {
    ++requests;
    unsigned resends = 0;
    try {
        exchange_result answer = co_await ctx.network.exchange(std::move(request), std::move(choose));
        requests += answer.attempts - 1;
        co_return answer;
    } catch (const error& e) {
        resends = e.diag().attempts > 1 ? e.diag().attempts - 1 : 0;
        requests += resends;
        throw;
    }
}

} // namespace numerapi::detail
