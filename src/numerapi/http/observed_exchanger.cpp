#include "numerapi/http/observed_exchanger.hpp"

#include "numerapi/events/tell.hpp"

#include <numerapi/error.hpp>

#include <algorithm>

namespace numerapi::detail {

boost::asio::awaitable<outcome<exchange_result>> observed_exchanger::exchange(exchange_request request,
                                                                              sink_chooser choose) {
    const std::string operation = request.operation;
    const std::string host = request.url.origin();
    const std::string method(boost::beast::http::to_string(request.method));
    const std::uint64_t body_size = request.body.size();
    const auto start = std::chrono::steady_clock::now();
    outcome<exchange_result> result = co_await next_->exchange(std::move(request), std::move(choose));
    event e{.what = event::kind::attempt,
            .operation = operation,
            .host = host,
            .method = method,
            .duration =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)};
    if (result) {
        e.http_status = result->status();
        e.bytes_sent = body_size;
        e.bytes_received = result->body_bytes;
        e.attempt = result->attempts;
    } else {
        const failure& f = result.error();
        e.http_status = f.diag.http_status;
        e.attempt = std::max(f.diag.attempts, 1u);
        e.error = f.code;
    }
    tell(sink_, e);
    co_return result;
}

} // namespace numerapi::detail
