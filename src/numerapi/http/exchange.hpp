// One HTTP exchange: the only way any request of the client reaches the network. GraphQL
// calls, one-stream downloads, download segments and uploads all go through it; the
// engines above keep only their planning (ranges, restarts, fresh URLs).
//
// An exchange takes a pooled connection, sends a request head and its body (text pieces
// and byte ranges of files, streamed through a fixed buffer), reads the response head
// (skipping interim 1xx answers), and hands the body to a sink that the caller chooses once
// it has seen the head. It returns the answer or the failure (outcome.hpp), carrying the
// one classification's inputs (the error code, and the status once an answer arrived).
// Below it, the pool, the connection, the proxy's tunnel and the sinks return failures too;
// Asio's operations give their error codes. Only a cancellation arrives as an exception, as
// Asio's use_awaitable throws it at the next co_await: the exchange makes a value of it.
//
// Stale connections: a pooled connection is checked before reuse (pool), expires at the
// server's `Keep-Alive: timeout=N`, and an idempotent request that fails on a reused
// connection before any byte of the answer arrived is sent once more on a fresh connection.
// That resend counts in `attempts`, not against the retry policy.
#pragma once

#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/request_body.hpp"
#include "numerapi/http/url.hpp"

#include <numerapi/detail/outcome.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace numerapi::detail {

using response_head = boost::beast::http::response_header<>;

/// Where the body of an answer goes (a file at an offset, a decoder, ...). A failure from
/// write() refuses the body: the exchange fails with it and closes the connection.
class body_sink {
public:
    virtual ~body_sink() = default;
    virtual outcome<void> write(std::span<const char> bytes) = 0;
};

/// Chooses the sink for an answer once its head is known; nullptr: the body is kept as
/// text in exchange_result::text; abandon_body(): the body is not wanted, and the
/// connection is closed unread. A failure refuses the answer, as a sink's does.
using sink_chooser = std::function<outcome<body_sink*>(const response_head&)>;
body_sink* abandon_body();

struct exchange_request {
    std::string operation = "request"; ///< for diagnostics: "download", "get_current_round", ...
    boost::beast::http::verb method = boost::beast::http::verb::get;
    https_url url;
    /// Headers besides Host, User-Agent, Content-Length and Connection, which the exchange sets.
    boost::beast::http::fields headers;
    request_body body;
    /// May be sent again when it fails before any byte of the answer: queries, GETs,
    /// presigned PUTs and forms. Mutations are not.
    bool idempotent = true;
    /// Bytes of the body of an answer kept as text (no sink chosen); more is cut off
    /// (exchange_result::text_truncated) and the connection closed.
    std::size_t text_limit = 1u << 20;
    /// Bytes read from the connection per step.
    std::size_t buffer_size = 256u << 10;
    /// Told the bytes of the body's file pieces sent so far.
    std::function<void(std::uint64_t)> on_body_sent;
};

struct exchange_result {
    response_head head;
    unsigned status() const { return head.result_int(); }
    std::string text;            ///< the body, when no sink was chosen
    bool text_truncated = false; ///< the body was longer than text_limit
    std::uint64_t body_bytes = 0;
    /// Requests sent: 1, or 2 when a stale kept-alive connection was replaced.
    unsigned attempts = 1;
};

/// The seam between the client and the network: an answer, or the failure (a cancellation
/// included). Throws nothing of its own (std::bad_alloc, say, still propagates).
class exchanger {
public:
    virtual ~exchanger() = default;
    /// `choose` may be empty: every body is kept as text.
    virtual boost::asio::awaitable<outcome<exchange_result>> exchange(exchange_request request,
                                                                      sink_chooser choose) = 0;
};

struct exchange_limits {
    std::chrono::milliseconds read_timeout{std::chrono::seconds{60}};
    /// How long an answer is awaited after the server stopped taking the request's body (an
    /// early refusal is read and reported rather than the broken pipe).
    std::chrono::milliseconds refusal_grace{std::chrono::seconds{2}};
    std::string user_agent;
};

class pooled_exchanger final : public exchanger {
public:
    pooled_exchanger(connection_pool& pool, exchange_limits limits) : pool_(pool), limits_(std::move(limits)) {}
    boost::asio::awaitable<outcome<exchange_result>> exchange(exchange_request request, sink_chooser choose) override;

private:
    connection_pool& pool_;
    exchange_limits limits_;
};

/// The answer's Content-Length, if it has a valid one.
std::optional<std::uint64_t> content_length(const response_head& head);

/// The server's `Keep-Alive: timeout=N` (seconds), if it sent one.
std::optional<std::chrono::seconds> keep_alive_timeout(std::string_view header);

} // namespace numerapi::detail
