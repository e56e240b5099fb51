// A network with no sockets: it fakes the one seam every request goes through
// (detail::exchanger), records every request as it would go on the wire, and answers from
// a script. An answer's body is handed to the caller's sink in pieces, as the real
// exchange does, so transfer engines can be tested here too.
#pragma once

#include "numerapi/http/exchange.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/error.hpp>

#include <boost/beast/http/string_body.hpp>

#include <deque>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace numerapi::test {

using wire_request = boost::beast::http::request<boost::beast::http::string_body>;
using wire_response = boost::beast::http::response<boost::beast::http::string_body>;

struct recorded_request {
    detail::https_url url;
    wire_request request; ///< as sent: method, target, headers, and the body's bytes
    bool idempotent = true;
};

class scripted_transport final : public detail::exchanger {
public:
    /// Makes the answer to a request; may throw numerapi::error to fail the exchange, which
    /// returns it as its failure.
    using answer = std::function<wire_response(const wire_request&)>;

    /// Shared with the test after the client takes ownership of the transport.
    struct script {
        std::deque<answer> answers;
        std::vector<recorded_request> seen;
        std::size_t piece_size = 7; ///< bytes handed to a sink at a time
    };

    explicit scripted_transport(std::shared_ptr<script> s) : script_(std::move(s)) {}

    boost::asio::awaitable<detail::outcome<detail::exchange_result>> exchange(detail::exchange_request req,
                                                                              detail::sink_chooser choose) override {
        try {
            co_return play(std::move(req), choose);
        } catch (const error& e) { // a scripted failure
            co_return detail::failure(e);
        }
    }

private:
    detail::outcome<detail::exchange_result> play(detail::exchange_request req, const detail::sink_chooser& choose) {
        wire_request wire{req.method, req.url.target, 11};
        for (const auto& f : req.headers) wire.set(f.name_string(), f.value());
        wire.set(boost::beast::http::field::host, req.url.host_header());
        if (!req.body.content_type.empty()) wire.set(boost::beast::http::field::content_type, req.body.content_type);
        for (const auto& piece : req.body.pieces) {
            if (piece.file.empty()) {
                wire.body() += piece.text;
                continue;
            }
            std::ifstream in{piece.file, std::ios::binary};
            in.seekg(static_cast<std::streamoff>(piece.offset));
            std::string bytes(piece.length, '\0');
            in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            wire.body() += bytes;
        }
        if (!wire.body().empty()) wire.prepare_payload();
        script_->seen.push_back({req.url, wire, req.idempotent});
        if (script_->answers.empty()) throw std::logic_error("scripted_transport: no answer left");
        auto next = std::move(script_->answers.front());
        script_->answers.pop_front();
        const wire_response response = next(wire);

        detail::exchange_result result;
        result.head = response.base();
        detail::body_sink* sink = nullptr;
        if (choose) {
            auto chosen = choose(result.head);
            if (!chosen) return chosen.error(); // the answer refused
            sink = *chosen;
        }
        if (sink == detail::abandon_body()) return result;
        const std::string& body = response.body();
        // An answer with `X-Scripted-Cut-After: N` breaks the connection after N body bytes.
        const auto cut = response.find("X-Scripted-Cut-After") == response.end()
            ? body.size()
            : std::stoul(std::string(response["X-Scripted-Cut-After"]));
        for (std::size_t at = 0; at < body.size(); at += piece_size_for(at, cut)) {
            if (at >= cut) {
                diagnostics cut_short;
                cut_short.operation = req.operation;
                cut_short.client_message = "scripted cut";
                cut_short.attempts = 1;
                return detail::failure(boost::asio::error::connection_reset, std::move(cut_short));
            }
            const auto piece = std::string_view(body).substr(at, std::min(script_->piece_size, cut - at));
            result.body_bytes += piece.size();
            if (sink) {
                if (auto taken = sink->write(piece); !taken) return taken.error(); // the body refused
            } else if (result.text.size() + piece.size() > req.text_limit) {
                result.text.append(piece.substr(0, req.text_limit - result.text.size()));
                result.text_truncated = true;
                break;
            } else {
                result.text.append(piece);
            }
        }
        return result;
    }

    std::size_t piece_size_for(std::size_t at, std::size_t cut) const {
        return at < cut ? std::min(script_->piece_size, cut - at) : script_->piece_size;
    }
    std::shared_ptr<script> script_;
};

/// A response with a status, a content type and a body.
inline wire_response make_response(unsigned status, std::string body, std::string content_type = "application/json") {
    wire_response r{static_cast<boost::beast::http::status>(status), 11};
    r.set(boost::beast::http::field::content_type, content_type);
    r.body() = std::move(body);
    r.prepare_payload();
    return r;
}

inline scripted_transport::answer reply(unsigned status, std::string body,
                                        std::string content_type = "application/json") {
    return [=](const wire_request&) { return make_response(status, body, content_type); };
}

} // namespace numerapi::test
