// What every transfer (download or upload) of a client shares: the connection pool, the
// timeouts, the User-Agent and the one retry loop with its rate gate.
#pragma once

#include "numerapi/http/connection_pool.hpp"
#include "numerapi/retry/retry_loop.hpp"

#include <chrono>
#include <string>

namespace numerapi::detail {

struct transfer_context {
    connection_pool& pool;
    std::chrono::milliseconds read_timeout;
    std::string user_agent;
    retry_settings retry;
    retry_context retrying;
};

} // namespace numerapi::detail
