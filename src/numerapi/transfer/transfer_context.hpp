// What every transfer (download or upload) of a client shares: the one exchange of
// requests (pooled connections, timeouts, User-Agent) and the one retry loop with its rate
// gate.
#pragma once

#include "numerapi/http/exchange.hpp"
#include "numerapi/retry/retry_loop.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <numerapi/error.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace numerapi::detail {

struct transfer_context {
    exchanger& network;
    retry_settings retry;
    retry_context retrying;
    /// Where work that grows with a file's size runs (async/offload.hpp); empty: inline,
    /// on the caller's thread (the engines' unit tests).
    boost::asio::any_io_executor blocking = boost::asio::any_io_executor();
};

/// One exchange of a transfer, counted in `requests` (a download's or upload's `attempts`):
/// one, and the exchange's resend on a fresh connection, whether it then succeeded or not.
boost::asio::awaitable<outcome<exchange_result>> send_counted(transfer_context& ctx, exchange_request request,
                                                              sink_chooser choose, unsigned& requests);

/// The diagnostics of a transfer (`operation`) cancelled while work on ctx.blocking was
/// `doing` something to `file` ("checking the MD5 of"), after `requests` requests.
diagnostics cancelled_while(std::string operation, std::string_view doing, const std::filesystem::path& file,
                            unsigned requests);

} // namespace numerapi::detail
