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

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

namespace numerapi::sandbox::http {

namespace beast_http = boost::beast::http;
using request = beast_http::request<beast_http::string_body>;
using string_response = beast_http::response<beast_http::string_body>;

/// How an answer cut short ends: TLS close_notify and a close, a TCP reset, or a record of
/// random bytes written past TLS (the client's decryption fails) and a close.
enum class cut_kind { close_notify, reset, corrupt_record };

/// A file answer: the header is complete (status, Content-Length, ETag, Content-Range);
/// the server sends `length` bytes from `offset` after it, or none for HEAD.
struct file_response {
    beast_http::response<beast_http::empty_body> header;
    api::served_file file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    /// An injected cut: after this many body bytes the connection is reset or closed (or,
    /// for corrupt_record, the record follows even if the body was sent whole).
    std::optional<std::uint64_t> cut_after;
    cut_kind cut = cut_kind::close_notify;
    /// An injected cap on the body's rate; 0: none.
    std::uint64_t bytes_per_second = 0;
};

using response_plan = std::variant<string_response, file_response>;

/// The answer, and how to give it: after an injected delay, cut short, or never.
struct routed {
    response_plan plan;
    std::chrono::milliseconds delay{0};
    bool truncate = false; ///< send part of the body (half, or truncate_at bytes), then close
    std::optional<std::uint64_t> truncate_at;
    bool stall = false; ///< send nothing; wait for the client to give up
    cut_kind truncate_by = cut_kind::close_notify;
    bool reset = false;          ///< send nothing; reset the connection
    unsigned interim = 0;        ///< 100, 101 or 103: interim responses go first
    unsigned interim_repeat = 1; ///< how many of them
    /// endless_chunk: a chunked answer whose framing never ends (the fault's shape).
    std::optional<bool> endless_trailer;
};

/// An upload (PUT, or POST of a form, to /uploads/<key>), decided from its header before
/// its body is read.
struct upload_plan {
    /// Refused: the server reads and discards the body, then sends this.
    std::optional<string_response> refusal;
    std::string key;
    std::filesystem::path body_path; ///< where the body goes
    bool form = false;
    std::string boundary;
    /// Injected: reset after the body is read, instead of answering.
    bool reset = false;
    /// Injected: 100 or 103, an interim response sent before the body is read.
    unsigned interim = 0;
    /// Injected: the answer is followed by an undecryptable record (after this many body
    /// bytes; nullopt: half the body).
    bool corrupt = false;
    std::optional<std::uint64_t> corrupt_at;
    /// Injected: this answer, after `early_refusal_bytes` body bytes and no more; then the
    /// connection closes. (The body goes nowhere.)
    std::optional<string_response> early_refusal;
    std::uint64_t early_refusal_bytes = 0;
};

struct router_context {
    const graphql::executor& executor;
    api::services& services;
    request_log& log;
    faults::fault_plan& faults;
    std::string expected_authorization; ///< "Token <public_id>$<secret_key>"
    unsigned validation_error_status = 400;
    std::filesystem::path upload_dir; ///< where uploaded bodies are stored
    std::uint64_t max_upload = 0;     ///< bytes; larger uploads are refused
};

/// Routes `req`, filling in what the log should say about it (status excepted).
routed route(const router_context& ctx, const request& req, logged_request& entry);

/// Whether a request with this header is an upload, whose body the server streams to disk.
bool is_upload(const beast_http::request_header<>& header);
/// Decides an upload from its header (signature, method, length, faults, rollover).
upload_plan route_upload(const router_context& ctx, const beast_http::request_header<>& header, logged_request& entry);
/// The answer once the body is stored at plan.body_path with `size` bytes and MD5 `md5`.
string_response finish_upload(const router_context& ctx, const beast_http::request_header<>& header,
                              const upload_plan& plan, std::uint64_t size, const std::string& md5,
                              logged_request& entry);

} // namespace numerapi::sandbox::http
