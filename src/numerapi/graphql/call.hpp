// The one GraphQL call path: envelope, headers, send, and the answer turned into `data`
// or a failure with diagnostics.
#pragma once

#include "numerapi/graphql/operation.hpp"
#include "numerapi/http/exchange.hpp"

#include <numerapi/credentials.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace numerapi::detail {

struct graphql_endpoint {
    https_url url;
    std::optional<credentials> keys;
    std::string user_agent;
};

/// The request numerapi would send: POST, JSON `{"query", "variables"}`, and the
/// Authorization header only when the operation needs it. A mutation is not idempotent.
exchange_request make_graphql_request(const graphql_endpoint& endpoint, const operation& op,
                                      std::size_t max_response_body);

/// Turns an HTTP answer into the `data` object, or the failure:
/// errc::authentication_failed, errc::round_not_open or errc::graphql_error when the body
/// has `errors`; errc::http_status for other non-2xx answers; errc::invalid_response for
/// bodies that are not a JSON object with `data`; errc::response_too_large past the limit.
outcome<boost::json::object> read_graphql_response(const exchange_result& answer, const operation& op);

/// Sends `op` once: the `data` object, or the failure; transport failures keep their own
/// error code. Private operations without keys fail with errc::credentials_missing before
/// any I/O.
boost::asio::awaitable<outcome<boost::json::object>> call(exchanger& network, const graphql_endpoint& endpoint,
                                                          operation op, std::size_t max_response_body);

/// A private operation's failure when the client has no keys: nothing was sent.
failure credentials_missing(std::string operation);

} // namespace numerapi::detail
