// The seam between the API layer and the network: send one request, get the whole
// response. The client uses pooled_transport; unit tests script their own transport.
#pragma once

#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/url.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>

namespace numerapi::detail {

using api_request = boost::beast::http::request<boost::beast::http::string_body>;
using api_response = boost::beast::http::response<boost::beast::http::string_body>;

class transport {
public:
    virtual ~transport() = default;
    /// Sends `request` to `url`'s host and reads the whole response. Throws
    /// boost::system::system_error on transport failures (connect, TLS, reset, timeout
    /// as beast::error::timeout, body over the limit as beast::http::error::body_limit).
    /// `idempotent` allows one silent resend when a reused keep-alive connection turns out
    /// to have been closed by the server before it answered.
    virtual boost::asio::awaitable<api_response> send(https_url url, api_request request, bool idempotent) = 0;
};

struct transport_limits {
    std::size_t max_response_body = 16u << 20;
    std::chrono::milliseconds read_timeout{std::chrono::seconds{60}};
};

class pooled_transport final : public transport {
public:
    pooled_transport(connection_pool& pool, transport_limits limits) : pool_(pool), limits_(limits) {}
    boost::asio::awaitable<api_response> send(https_url url, api_request request, bool idempotent) override;

private:
    connection_pool& pool_;
    transport_limits limits_;
};

} // namespace numerapi::detail
