// Test support: plain HTTPS requests to a sandbox through the library's own pooled
// transport, for asserting exact statuses, headers and bodies.
#pragma once

#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/tls_context.hpp"
#include "numerapi/http/transport.hpp"
#include "support/sandbox_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace numerapi::test {

class raw_https {
public:
    explicit raw_https(const running_sandbox& box)
        : base_(box.ready().api_url), tls_(detail::make_tls_context(box.ready().ca_file.string())),
          pool_(tls_, detail::pool_options{}), transport_(pool_, detail::transport_limits{1u << 30}) {}

    /// `url` is absolute, or a target relative to the sandbox's api_url.
    detail::api_response send(boost::beast::http::verb method, const std::string& url, std::string body = {},
                              std::vector<std::pair<boost::beast::http::field, std::string>> headers = {}) {
        const auto parsed = detail::parse_https_url(url.starts_with("https://") ? url : base_ + url);
        detail::api_request req{method, parsed.target, 11};
        req.set(boost::beast::http::field::host, parsed.host_header());
        for (auto& [f, v] : headers) req.set(f, v);
        if (!body.empty() || method == boost::beast::http::verb::post) req.body() = std::move(body);
        req.prepare_payload();
        return run(ioc_, transport_.send(parsed, std::move(req), true));
    }

    /// POSTs a GraphQL request body to the API endpoint.
    detail::api_response graphql(const boost::json::value& envelope, const std::string& authorization = {}) {
        std::vector<std::pair<boost::beast::http::field, std::string>> headers{
            {boost::beast::http::field::content_type, "application/json"}};
        if (!authorization.empty()) headers.emplace_back(boost::beast::http::field::authorization, authorization);
        return send(boost::beast::http::verb::post, "/", boost::json::serialize(envelope), headers);
    }

    detail::api_response get(const std::string& url,
                             std::vector<std::pair<boost::beast::http::field, std::string>> headers = {}) {
        return send(boost::beast::http::verb::get, url, {}, std::move(headers));
    }

private:
    std::string base_;
    boost::asio::io_context ioc_;
    boost::asio::ssl::context tls_;
    detail::connection_pool pool_;
    detail::pooled_transport transport_;
};

inline std::string token(const running_sandbox& box) {
    return "Token " + box.ready().public_id + "$" + box.ready().secret_key;
}

} // namespace numerapi::test
