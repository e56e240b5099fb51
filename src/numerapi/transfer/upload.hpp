// The upload engine: one request (a PUT of a raw file, or a POST of a multipart form)
// whose body streams from disk through a fixed buffer, inside the one retry loop. A
// transient failure sends the whole body again; an expired URL (403 "Request has
// expired") is replaced through `refresh_url` first.
#pragma once

#include "numerapi/http/request_body.hpp"
#include "numerapi/transfer/transfer_context.hpp"

#include <numerapi/transfer.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include <functional>
#include <string>

namespace numerapi::detail {

struct upload_job {
    boost::beast::http::verb method = boost::beast::http::verb::put;
    std::string url;
    request_body body;
    upload_options options;
    std::string label; ///< the local file, for progress reports and messages
    /// Fetches a fresh presigned URL when the current one has expired; empty: none.
    std::function<boost::asio::awaitable<outcome<std::string>>()> refresh_url;
};

/// Sends `job`, or fails: http_status for a refusal (with the server's message),
/// url_expired / checksum_mismatch / transport errors once retries run out.
boost::asio::awaitable<outcome<upload_result>> upload(transfer_context ctx, upload_job job);

} // namespace numerapi::detail
