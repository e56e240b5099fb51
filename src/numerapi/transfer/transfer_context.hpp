// What every transfer (download or upload) of a client shares: the one exchange of
// requests (pooled connections, timeouts, User-Agent) and the one retry loop with its rate
// gate.
#pragma once

#include "numerapi/http/exchange.hpp"
#include "numerapi/retry/retry_loop.hpp"

#include <chrono>
#include <string>

namespace numerapi::detail {

struct transfer_context {
    exchanger& network;
    retry_settings retry;
    retry_context retrying;
};

} // namespace numerapi::detail
