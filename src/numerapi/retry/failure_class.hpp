// The one place that decides whether a failure is worth another attempt. The retry loop
// asks it; so will the transfers and the pool.
#pragma once

#include <boost/system/error_code.hpp>

namespace numerapi::detail {

enum class failure_class {
    transient, ///< another attempt may succeed: resets, timeouts, 408, 429, 5xx gateways
    permanent, ///< it will fail the same way again: other 4xx, GraphQL errors, bad input
};

/// `code` is the error's code; `http_status` the response status, 0 if none arrived.
failure_class classify(const boost::system::error_code& code, unsigned http_status);

} // namespace numerapi::detail
