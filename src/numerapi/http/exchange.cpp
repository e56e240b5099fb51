#include "numerapi/http/exchange.hpp"

#include "numerapi/http/answer_head.hpp"
#include "numerapi/http/body_reader.hpp"
#include "numerapi/retry/failure_class.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

body_sink* abandon_body() {
    struct abandon final : body_sink {
        outcome<void> write(std::span<const char>) override { return {}; }
    };
    static abandon sentinel;
    return &sentinel;
}

std::optional<std::uint64_t> content_length(const response_head& head) {
    const auto text = head[http::field::content_length];
    std::uint64_t n = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || text.empty()) return std::nullopt;
    return n;
}

std::optional<std::chrono::seconds> keep_alive_timeout(std::string_view header) {
    // Keep-Alive: timeout=5, max=1000 (RFC 2068 19.7.1.1; what Node and Apache send)
    for (std::size_t at = 0; at < header.size();) {
        const auto comma = std::min(header.find(',', at), header.size());
        auto item = header.substr(at, comma - at);
        at = comma + 1;
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        if (!item.starts_with("timeout=")) continue;
        item.remove_prefix(8);
        unsigned seconds = 0;
        const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), seconds);
        if (ec == std::errc{} && p != item.data()) return std::chrono::seconds{std::min(seconds, 86400u)};
    }
    return std::nullopt;
}

namespace {

struct file_closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

/// How one attempt on one connection ended, when it did not produce an answer. The lease
/// was not marked reusable: the connection is closed.
struct attempt_failure {
    attempt_failure(failure f, bool before, bool on_reused)
        : what(std::move(f)), before_answer(before), reused(on_reused) {}
    failure what;
    bool before_answer = false; ///< no byte of a response had arrived
    bool reused = false;        ///< on a kept-alive connection that had served others
};

diagnostics exchange_diagnostics(const exchange_request& req, std::string message, unsigned attempts) {
    diagnostics d;
    d.operation = req.operation;
    d.client_message = std::move(message);
    d.attempts = attempts;
    return d;
}

/// A failure of the exchange's own (the answer's framing, a file of the body).
failure exchange_failure(const exchange_request& req, const boost::system::error_code& code, std::string message) {
    return failure(code, exchange_diagnostics(req, std::move(message), 1));
}

class exchange_attempt {
public:
    exchange_attempt(const exchange_request& req, const sink_chooser& choose, const exchange_limits& limits,
                     exchange_result& result)
        : req_(req), choose_(choose), limits_(limits), result_(result) {}

    /// Whether a byte of the request may have reached the socket: set before the first
    /// write starts, so that a cancellation or failure after it never says "not sent".
    bool handed_bytes() const { return handed_bytes_; }

    /// One request on `conn`: nullopt when an answer was read, else how the attempt failed.
    asio::awaitable<std::optional<attempt_failure>> run(lease& conn) {
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);
        const bool reused = conn->reused; // handed out from the idle list
        // After the answer's head, or of the exchange's own: never sent again.
        const auto ends_it = [](failure f) {
            return std::optional<attempt_failure>(std::in_place, std::move(f), false, false);
        };
        boost::system::error_code write_ec;
        if (auto unread = co_await send(conn, write_ec)) co_return ends_it(std::move(*unread));

        // Read the answer even after a failed send: a server may refuse early and close, and
        // what it said is the reason to report (a 400, an expired URL), not the broken pipe.
        std::optional<body_parser> parser;
        boost::system::error_code read_ec;
        auto restart_timeout = [&] { tcp.expires_after(write_ec ? limits_.refusal_grace : limits_.read_timeout); };
        const answer_head_end end = co_await read_answer_head(
            conn->stream, conn->buffer, parser, req_.method == http::verb::head, restart_timeout, answered_, read_ec);
        if (end == answer_head_end::switched_protocols)
            co_return ends_it(
                exchange_failure(req_, make_error_code(errc::invalid_response),
                                 "the server switched protocols (101 Switching Protocols), which was not asked for"));
        if (end == answer_head_end::too_many_interim)
            co_return ends_it(exchange_failure(req_, make_error_code(errc::invalid_response),
                                               "the server sent more than " + std::to_string(max_interim_answers) +
                                                   " interim (1xx) answers and no answer"));
        if (read_ec) {
            const auto& ec = write_ec ? write_ec : read_ec;
            failure unanswered =
                exchange_failure(req_, ec, write_ec ? "while sending the request" : "while awaiting the answer");
            co_return std::optional<attempt_failure>(std::in_place, std::move(unanswered),
                                                     !answered_ && !parser->got_some(), reused);
        }

        result_.head = parser->get().base();
        const unsigned status = result_.status();
        body_sink* sink = nullptr;
        if (choose_) {
            outcome<body_sink*> chosen = choose_(result_.head);
            if (!chosen) co_return ends_it(std::move(chosen).error());
            sink = *chosen;
        }
        if (sink == abandon_body()) co_return std::nullopt; // not read: the lease closes the connection
        if (auto cut = co_await receive_body(conn, *parser, sink)) co_return ends_it(std::move(*cut));
        tcp.expires_never();

        if (write_ec) {
            // A success before the whole body was sent cannot be trusted; a refusal is the answer.
            if (status >= 200 && status < 300)
                co_return ends_it(
                    exchange_failure(req_, write_ec, "the server answered before the request was sent whole"));
            co_return std::nullopt;
        }
        if (parser->keep_alive() && !result_.text_truncated) {
            if (const auto t = keep_alive_timeout(result_.head["Keep-Alive"])) {
                const auto margin = std::max<std::chrono::steady_clock::duration>(*t / 2, *t - std::chrono::seconds{1});
                conn->server_closes_at = std::chrono::steady_clock::now() + margin;
            }
            conn.mark_reusable();
        }
        co_return std::nullopt;
    }

private:
    /// Sends the request; a failure to write is left in `ec` (the answer may still say why),
    /// a file of the body that cannot be read is the failure returned.
    asio::awaitable<std::optional<failure>> send(lease& conn, boost::system::error_code& ec) {
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);
        http::request<http::empty_body> head{req_.method, req_.url.target, 11};
        for (const auto& field : req_.headers) head.set(field.name_string(), field.value());
        head.set(http::field::host, req_.url.host_header());
        if (!req_.body.content_type.empty()) head.set(http::field::content_type, req_.body.content_type);
        if (!limits_.user_agent.empty() && head.find(http::field::user_agent) == head.end())
            head.set(http::field::user_agent, limits_.user_agent);
        const std::uint64_t length = req_.body.size();
        if (length > 0 || req_.method == http::verb::post || req_.method == http::verb::put)
            head.content_length(length);
        head.keep_alive(true);

        if (req_.on_body_sent) req_.on_body_sent(0);
        tcp.expires_after(limits_.read_timeout);
        handed_bytes_ = true;
        const bool text_only = std::none_of(req_.body.pieces.begin(), req_.body.pieces.end(),
                                            [](const body_piece& p) { return p.is_payload(); });
        if (text_only) {
            // A query goes out in one write, so in one TLS record and one TCP segment: the
            // server has it whole at its first read (two writes cost a round of wake-ups on
            // each side, a third of a small call's time).
            std::ostringstream message;
            message << head;
            for (const auto& piece : req_.body.pieces) message << piece.text;
            const std::string bytes = std::move(message).str();
            co_await asio::async_write(conn->stream, asio::buffer(bytes),
                                       asio::redirect_error(asio::use_awaitable, ec));
            co_return std::nullopt;
        }
        http::request_serializer<http::empty_body> serializer{head};
        co_await http::async_write_header(conn->stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
        std::uint64_t file_bytes_sent = 0;
        for (const auto& piece : req_.body.pieces) {
            if (ec) co_return std::nullopt;
            if (!piece.is_payload()) { // framing
                tcp.expires_after(limits_.read_timeout);
                co_await asio::async_write(conn->stream, asio::buffer(piece.text),
                                           asio::redirect_error(asio::use_awaitable, ec));
                continue;
            }
            if (piece.content) { // content held in memory: sent and counted as a file's is
                const std::string& content = *piece.content;
                const std::size_t chunk = std::max<std::size_t>(req_.buffer_size, 4096);
                for (std::size_t at = 0; at < content.size() && !ec; at += chunk) {
                    const std::size_t want = std::min(chunk, content.size() - at);
                    tcp.expires_after(limits_.read_timeout);
                    co_await asio::async_write(conn->stream, asio::buffer(content.data() + at, want),
                                               asio::redirect_error(asio::use_awaitable, ec));
                    file_bytes_sent += want;
                    if (req_.on_body_sent) req_.on_body_sent(file_bytes_sent);
                }
                continue;
            }
            std::unique_ptr<std::FILE, file_closer> f{std::fopen(piece.file.c_str(), "rbe")};
            if (!f || std::fseek(f.get(), static_cast<long>(piece.offset), SEEK_SET) != 0)
                co_return exchange_failure(req_, make_error_code(errc::io_error), "cannot read " + piece.file.string());
            auto& buffer = conn->body_buffer;
            buffer.resize(std::max<std::size_t>(req_.buffer_size, 4096));
            for (std::uint64_t left = piece.length; left > 0 && !ec;) {
                const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
                if (std::fread(buffer.data(), 1, want, f.get()) != want)
                    co_return exchange_failure(req_, make_error_code(errc::io_error),
                                               piece.file.string() + " became shorter while it was sent");
                tcp.expires_after(limits_.read_timeout);
                co_await asio::async_write(conn->stream, asio::buffer(buffer.data(), want),
                                           asio::redirect_error(asio::use_awaitable, ec));
                left -= want;
                file_bytes_sent += want;
                if (req_.on_body_sent) req_.on_body_sent(file_bytes_sent);
            }
        }
        co_return std::nullopt;
    }

    /// Reads the body into `sink`, or into the result's text; the failure that cut it short.
    asio::awaitable<std::optional<failure>> receive_body(lease& conn, body_parser& parser, body_sink* sink) {
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);
        auto& buffer = conn->body_buffer;
        buffer.resize(std::max<std::size_t>(sink ? req_.buffer_size : 16u << 10, 4096));
        body_reader<https_stream> body(conn->stream, conn->buffer, parser);
        while (!body.done()) {
            boost::system::error_code ec;
            tcp.expires_after(limits_.read_timeout);
            const std::size_t n = co_await body.read(buffer, ec);
            result_.body_bytes += n;
            if (n > 0 && sink) {
                if (outcome<void> taken = sink->write({buffer.data(), n}); !taken) co_return std::move(taken).error();
            } else if (n > 0) {
                const std::size_t room = req_.text_limit - std::min(req_.text_limit, result_.text.size());
                result_.text.append(buffer.data(), std::min(n, room));
                if (n > room) {
                    result_.text_truncated = true; // the rest is not read: the connection is not reused
                    co_return std::nullopt;
                }
            }
            if (ec == http::error::buffer_overflow)
                co_return exchange_failure(
                    req_, make_error_code(errc::invalid_response),
                    "the answer's chunked framing (a chunk-size line, an extension or a trailer) ran past " +
                        std::to_string(framing_limit >> 10) + " KiB after " + std::to_string(result_.body_bytes) +
                        " bytes of its body");
            // No status in the diagnostics: the failure is the connection's, not the answer's.
            if (ec)
                co_return exchange_failure(
                    req_, ec, "after " + std::to_string(result_.body_bytes) + " bytes of the answer's body");
        }
        co_return std::nullopt;
    }

    const exchange_request& req_;
    const sink_chooser& choose_;
    const exchange_limits& limits_;
    exchange_result& result_;
    bool answered_ = false;
    bool handed_bytes_ = false;
};

} // namespace

asio::awaitable<outcome<exchange_result>> pooled_exchanger::exchange(exchange_request req, sink_chooser choose) {
    exchange_result result;
    for (unsigned attempt = 1;; ++attempt) {
        result = {};
        result.attempts = attempt;
        std::optional<attempt_failure> failed;
        std::optional<exchange_attempt> one;
        try {
            outcome<lease> conn = co_await pool_.acquire(req.url, attempt > 1);
            if (!conn) {
                failed.emplace(std::move(conn).error(), false, false);
            } else {
                one.emplace(req, choose, limits_, result);
                failed = co_await one->run(*conn);
            }
        } catch (const error& e) { // from the caller's own callback (progress, bytes sent): kept as said
            failed.emplace(failure(e), false, false);
        } catch (const boost::system::system_error& e) {
            // Asio's cancellation, thrown at the next co_await after the cancel, which may come
            // after the request was handed to the socket: then the server may have it, and may
            // act on it.
            const bool sent = one && one->handed_bytes();
            diagnostics d;
            d.client_message = sent ? "after the request was sent" : "while connecting to " + req.url.host;
            d.request_sent = sent;
            failed.emplace(failure(e.code(), std::move(d)), false, false);
        }
        if (!failed) co_return result;
        // A kept-alive connection the server had closed meanwhile: once more, on a fresh one.
        if (failed->reused && failed->before_answer && req.idempotent && attempt == 1 &&
            may_be_stale(failed->what.code))
            continue;
        // After the resend on a fresh connection both attempts count; a failure from below
        // the exchange (the pool's, the proxy's) gets the call's name.
        failure& f = failed->what;
        f.diag.attempts = attempt;
        if (f.diag.operation.empty()) f.diag.operation = req.operation;
        co_return std::move(f);
    }
}

} // namespace numerapi::detail
