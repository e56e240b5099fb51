// A transport with no sockets: it records every request and answers from a script.
#pragma once

#include "numerapi/http/transport.hpp"

#include <boost/asio/this_coro.hpp>

#include <deque>
#include <functional>
#include <vector>

namespace numerapi::test {

struct recorded_request {
    detail::https_url url;
    detail::api_request request;
    bool idempotent = true;
};

class scripted_transport final : public detail::transport {
public:
    using answer = std::function<detail::api_response(const detail::api_request&)>;

    /// Shared with the test after the client takes ownership of the transport.
    struct script {
        std::deque<answer> answers;
        std::vector<recorded_request> seen;
    };

    explicit scripted_transport(std::shared_ptr<script> s) : script_(std::move(s)) {}

    boost::asio::awaitable<detail::api_response> send(detail::https_url url, detail::api_request request,
                                                      bool idempotent) override {
        script_->seen.push_back({url, request, idempotent});
        if (script_->answers.empty()) throw std::logic_error("scripted_transport: no answer left");
        auto next = std::move(script_->answers.front());
        script_->answers.pop_front();
        co_return next(request);
    }

private:
    std::shared_ptr<script> script_;
};

/// A response with a status, a content type and a body.
inline detail::api_response make_response(unsigned status, std::string body,
                                          std::string content_type = "application/json") {
    detail::api_response r{static_cast<boost::beast::http::status>(status), 11};
    r.set(boost::beast::http::field::content_type, content_type);
    r.body() = std::move(body);
    r.prepare_payload();
    return r;
}

inline scripted_transport::answer reply(unsigned status, std::string body,
                                        std::string content_type = "application/json") {
    return [=](const detail::api_request&) { return make_response(status, body, content_type); };
}

} // namespace numerapi::test
