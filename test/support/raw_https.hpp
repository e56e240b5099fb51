// Test support: plain HTTPS requests to a sandbox through the library's own exchange over
// its pool, for asserting exact statuses, headers and bodies.
#pragma once

#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/exchange.hpp"
#include "numerapi/http/tls_context.hpp"
#include "support/sandbox_fixture.hpp"

#include <boost/beast/http/string_body.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace numerapi::test {

class raw_https {
public:
    explicit raw_https(const running_sandbox& box)
        : base_(box.ready().api_url), tls_(detail::make_tls_context(box.ready().ca_file.string())),
          pool_(tls_, detail::pool_options{}), network_(pool_, detail::exchange_limits{}) {}

    using response = boost::beast::http::response<boost::beast::http::string_body>;

    /// `url` is absolute, or a target relative to the sandbox's api_url.
    response send(boost::beast::http::verb method, const std::string& url, std::string body = {},
                  std::vector<std::pair<boost::beast::http::field, std::string>> headers = {}) {
        detail::exchange_request req;
        req.method = method;
        req.url = detail::parse_https_url(url.starts_with("https://") ? url : base_ + url).value();
        req.text_limit = 1u << 30;
        for (auto& [f, v] : headers) req.headers.set(f, v);
        if (!body.empty()) req.body.pieces.push_back({.text = std::move(body)});
        const auto answer = run(ioc_, network_.exchange(std::move(req), {})).value(); // throws the failure
        response r{answer.head};
        r.body() = answer.text;
        return r;
    }

    /// POSTs a GraphQL request body to the API endpoint.
    response graphql(const boost::json::value& envelope, const std::string& authorization = {}) {
        std::vector<std::pair<boost::beast::http::field, std::string>> headers{
            {boost::beast::http::field::content_type, "application/json"}};
        if (!authorization.empty()) headers.emplace_back(boost::beast::http::field::authorization, authorization);
        return send(boost::beast::http::verb::post, "/", boost::json::serialize(envelope), headers);
    }

    response get(const std::string& url, std::vector<std::pair<boost::beast::http::field, std::string>> headers = {}) {
        return send(boost::beast::http::verb::get, url, {}, std::move(headers));
    }

private:
    std::string base_;
    boost::asio::io_context ioc_;
    boost::asio::ssl::context tls_;
    detail::connection_pool pool_;
    detail::pooled_exchanger network_;
};

inline std::string token(const running_sandbox& box) {
    return "Token " + box.ready().public_id + "$" + box.ready().secret_key;
}

} // namespace numerapi::test
