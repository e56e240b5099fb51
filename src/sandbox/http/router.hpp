// Decides the answer to one request, without doing any I/O: the GraphQL endpoint at
// `POST /`, presigned file URLs, and the sandbox's own `/_sandbox/...` control endpoints.
// The server then carries the answer out (and may inject faults while doing so).
#pragma once

#include "sandbox/api/file_catalog.hpp"
#include "sandbox/api/services.hpp"
#include "sandbox/faults/fault_plan.hpp"
#include "sandbox/graphql/executor.hpp"
#include "sandbox/http/request_log.hpp"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <variant>

namespace numerapi::sandbox::http {

namespace beast_http = boost::beast::http;
using request = beast_http::request<beast_http::string_body>;
using string_response = beast_http::response<beast_http::string_body>;

/// A file answer: the header is complete (status, Content-Length, ETag, Content-Range);
/// the server sends `length` bytes from `offset` after it, or none for HEAD.
struct file_response {
    beast_http::response<beast_http::empty_body> header;
    api::served_file file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    /// An injected cut: after this many body bytes the connection is reset or closed.
    std::optional<std::uint64_t> cut_after;
    bool cut_by_reset = false;
};

using response_plan = std::variant<string_response, file_response>;

/// The answer, and how long to wait before giving it (an injected delay).
struct routed {
    response_plan plan;
    std::chrono::milliseconds delay{0};
};

struct router_context {
    const graphql::executor& executor;
    api::services& services;
    request_log& log;
    faults::fault_plan& faults;
    std::string expected_authorization; ///< "Token <public_id>$<secret_key>"
    unsigned validation_error_status = 400;
};

/// Routes `req`, filling in what the log should say about it (status excepted).
routed route(const router_context& ctx, const request& req, logged_request& entry);

} // namespace numerapi::sandbox::http
