#include "sandbox/http/server.hpp"

#include "common/tls_stream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/http/buffer_body.hpp>

#include "sandbox/uploads/body_file.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <list>
#include <stdexcept>
#include <vector>

namespace numerapi::sandbox::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using ssl_stream = numerapi::detail::tls_stream<beast::tcp_stream>;

namespace {

auto redirect(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

/// An interim response: 100 Continue, 101 Switching Protocols, or 103 Early Hints with a Link
/// header.
asio::awaitable<void> send_interim(ssl_stream& stream, unsigned status) {
    const std::string_view text = status == 100 ? std::string_view("HTTP/1.1 100 Continue\r\n\r\n")
        : status == 101 ? std::string_view("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                           "Upgrade: h2c\r\n\r\n")
                        : std::string_view("HTTP/1.1 103 Early Hints\r\n"
                                           "Link: </style.css>; rel=preload\r\n\r\n");
    boost::system::error_code ec;
    co_await asio::async_write(stream, asio::buffer(text.data(), text.size()), redirect(ec));
}

/// The endless_chunk fault: a chunked 200 whose framing never ends (a chunk extension, or a
/// trailer), sent until the client hangs up or 1 GiB has gone.
asio::awaitable<void> send_endless_chunk(ssl_stream& stream, bool trailer) {
    const std::string head = std::string("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                                         "Transfer-Encoding: chunked\r\n\r\n") +
        (trailer ? "0\r\nX-Endless: " : "1;x=");
    boost::system::error_code ec;
    co_await asio::async_write(stream, asio::buffer(head), redirect(ec));
    const std::string filler(64u << 10, 'a');
    for (std::uint64_t sent = 0; !ec && sent < (1ull << 30); sent += filler.size())
        co_await asio::async_write(stream, asio::buffer(filler), redirect(ec));
}

/// Closes the connection with a TCP reset (SO_LINGER 0), sending nothing more.
void reset_connection(ssl_stream& stream) {
    boost::system::error_code ec;
    auto& socket = beast::get_lowest_layer(stream).socket();
    socket.set_option(asio::socket_base::linger(true, 0), ec);
    socket.close(ec);
}

/// Writes, straight to the TCP socket and past TLS, one well-framed TLS 1.2/1.3
/// application-data record whose payload is random: the client's TLS layer fails to
/// decrypt it ("decryption failed or bad record mac"). Then closes the socket.
asio::awaitable<void> corrupt_and_close(ssl_stream& stream) {
    constexpr std::size_t payload = 256;
    std::array<unsigned char, 5 + payload> record{0x17, 0x03, 0x03, payload >> 8, payload & 0xff};
    if (RAND_bytes(record.data() + 5, static_cast<int>(payload)) != 1)
        for (std::size_t i = 5; i < record.size(); ++i) record[i] = static_cast<unsigned char>(i * 131 + 7);
    boost::system::error_code ec;
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.expires_after(std::chrono::seconds(2));
    co_await asio::async_write(lowest.socket(), asio::buffer(record), redirect(ec));
    lowest.socket().close(ec);
}

} // namespace

struct server::state : std::enable_shared_from_this<server::state> {
    state(asio::any_io_executor ex, asio::ssl::context& tls, router_context r, request_log& l, server_limits lim)
        : acceptor(ex), tls(tls), routes(std::move(r)), log(l), limits(lim) {}

    tcp::acceptor acceptor;
    asio::ssl::context& tls;
    router_context routes;
    request_log& log;
    server_limits limits;
    std::list<ssl_stream*> open_streams; // closed by stop()
    bool stopped = false;

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> serve(tcp::socket socket);
    asio::awaitable<bool> answer(ssl_stream& stream, response_plan plan, logged_request& entry);
    asio::awaitable<void> answer_truncated(ssl_stream& stream, string_response& res,
                                           std::optional<std::uint64_t> cut_at, logged_request& entry,
                                           cut_kind cut = cut_kind::close_notify);
    asio::awaitable<void> refuse_early(ssl_stream& stream, beast::flat_buffer& buffer,
                                       beast::http::request_parser<beast::http::empty_body>& head, upload_plan& plan,
                                       logged_request& entry);
    void announce_keep_alive(beast::http::fields& header, bool keep_alive) const;
    asio::awaitable<bool> receive_upload(ssl_stream& stream, beast::flat_buffer& buffer,
                                         beast::http::request_parser<beast::http::empty_body>& head,
                                         logged_request& entry);
};

server::server(asio::any_io_executor executor, asio::ssl::context& tls, tcp::endpoint endpoint, router_context routes,
               request_log& log, server_limits limits)
    : state_(std::make_shared<state>(executor, tls, std::move(routes), log, limits)) {
    if (!endpoint.address().is_loopback())
        throw std::invalid_argument("numerapi-sandbox listens on loopback addresses only, not " +
                                    endpoint.address().to_string());
    auto& a = state_->acceptor;
    a.open(endpoint.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    a.bind(endpoint);
    a.listen();
}

server::~server() = default;

tcp::endpoint server::local_endpoint() const { return state_->acceptor.local_endpoint(); }

void server::start() { asio::co_spawn(state_->acceptor.get_executor(), state_->accept_loop(), asio::detached); }

void server::stop() {
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    for (auto* s : state_->open_streams) beast::get_lowest_layer(*s).socket().close(ignored);
}

asio::awaitable<void> server::state::accept_loop() {
    auto self = shared_from_this();
    while (!stopped) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted || stopped) co_return;
            continue; // e.g. too many open files: keep serving the others
        }
        if (routes.faults.take_refusal()) {
            // Closed before any TLS byte: the client's handshake meets EOF (or a reset).
            logged_request refused;
            refused.connection = log.next_connection_id();
            refused.fault = "connection refused after accept";
            log.add(std::move(refused));
            socket.close(ec);
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> server::state::serve(tcp::socket socket) {
    auto self = shared_from_this();
    ssl_stream stream{std::move(socket), tls};
    open_streams.push_front(&stream);
    struct unregister {
        std::list<ssl_stream*>& list;
        std::list<ssl_stream*>::iterator it;
        ~unregister() { list.erase(it); }
    } guard{open_streams, open_streams.begin()};

    const std::uint64_t connection = log.next_connection_id();
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(limits.handshake_timeout);
    co_await stream.async_handshake(numerapi::detail::tls_engine::role::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    log.count_handshake(::SSL_session_reused(stream.native_handle()) == 1);

    beast::flat_buffer buffer;
    bool answered = false; // idle_close counts from the end of an answer
    for (;;) {
        if (answered && buffer.size() == 0) {
            if (const auto idle = routes.faults.idle_close()) {
                // Wait for the first bytes of a next request, at most that long.
                beast::get_lowest_layer(stream).expires_after(idle->after);
                const std::size_t n = co_await stream.async_read_some(buffer.prepare(16u << 10), redirect(ec));
                buffer.commit(n);
                if (ec == beast::error::timeout) {
                    // tcp_stream closed the socket when the time ran out: a FIN, no close_notify.
                    logged_request closed;
                    closed.connection = connection;
                    closed.fault = "idle close after " + std::to_string(idle->after.count()) + " ms";
                    log.add(std::move(closed));
                    co_return;
                }
                if (ec) break;
            }
        }
        beast::get_lowest_layer(stream).expires_after(limits.idle_timeout);
        beast::http::request_parser<beast::http::empty_body> head;
        head.body_limit(boost::none); // bodies are bounded below, per kind of request
        co_await beast::http::async_read_header(stream, buffer, head, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break; // closed, reset, timed out or malformed: drop the connection
        logged_request entry;
        entry.connection = connection;

        if (is_upload(head.get())) {
            if (!co_await receive_upload(stream, buffer, head, entry) || stopped) break;
            answered = true;
            continue;
        }
        if (head.content_length() && *head.content_length() > limits.max_request_body) {
            string_response res{beast::http::status::payload_too_large, 11};
            res.set(beast::http::field::connection, "close");
            res.body() = "request body too large\n";
            res.prepare_payload();
            co_await beast::http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            break;
        }
        beast::http::request_parser<beast::http::string_body> parser{std::move(head)};
        parser.body_limit(limits.max_request_body);
        co_await beast::http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        beast::get_lowest_layer(stream).expires_never();

        const request& req = parser.get();
        routed r = route(routes, req, entry);
        if (r.reset) {
            log.add(std::move(entry));
            reset_connection(stream);
            co_return;
        }
        if (r.interim != 0 && req.version() >= 11)
            for (unsigned i = 0; i < r.interim_repeat; ++i) co_await send_interim(stream, r.interim);
        if (r.stall) {
            // Never answer: wait until the client closes the connection or the server stops.
            log.add(std::move(entry));
            char byte;
            co_await stream.async_read_some(asio::buffer(&byte, 1), asio::redirect_error(asio::use_awaitable, ec));
            co_return;
        }
        if (r.endless_trailer) {
            log.add(std::move(entry));
            co_await send_endless_chunk(stream, *r.endless_trailer);
            break;
        }
        if (r.delay.count() > 0) {
            asio::steady_timer timer{acceptor.get_executor(), r.delay};
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        if (r.truncate) {
            co_await answer_truncated(stream, std::get<string_response>(r.plan), r.truncate_at, entry, r.truncate_by);
            break;
        }
        const bool keep_alive = co_await answer(stream, std::move(r.plan), entry);
        if (!keep_alive || stopped) break;
        answered = true;
    }
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
}

void server::state::announce_keep_alive(beast::http::fields& header, bool keep_alive) const {
    if (!keep_alive) return;
    const auto idle = routes.faults.idle_close();
    if (!idle || !idle->announce) return;
    const auto seconds =
        std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(idle->after).count());
    header.set("Keep-Alive", "timeout=" + std::to_string(seconds));
}

asio::awaitable<bool> server::state::answer(ssl_stream& stream, response_plan plan, logged_request& entry) {
    boost::system::error_code ec;
    if (auto* res = std::get_if<string_response>(&plan)) {
        announce_keep_alive(*res, res->keep_alive());
        entry.status = res->result_int();
        entry.body_bytes_sent = res->body().size();
        // Logged before it is sent: a client that has its answer finds it in the log.
        log.add(std::move(entry));
        co_await beast::http::async_write(stream, *res, asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec && res->keep_alive();
    }
    auto& file = std::get<file_response>(plan);
    announce_keep_alive(file.header, file.header.keep_alive());
    entry.status = file.header.result_int();
    beast::http::response_serializer<beast::http::empty_body> serializer{file.header};
    co_await beast::http::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        log.add(std::move(entry));
        co_return false;
    }

    // A throttled body goes in smaller pieces, each sent no sooner than the rate allows.
    std::vector<char> chunk(file.bytes_per_second
                                ? std::clamp<std::size_t>(file.bytes_per_second / 20, 1024, limits.file_buffer)
                                : limits.file_buffer);
    const auto started = std::chrono::steady_clock::now();
    std::uint64_t offset = file.offset;
    std::uint64_t left = file.cut_after ? std::min(file.length, *file.cut_after) : file.length;
    while (left > 0) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
        file.file.read(offset, {chunk.data(), n});
        co_await asio::async_write(stream, asio::buffer(chunk.data(), n),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            log.add(std::move(entry));
            co_return false;
        }
        offset += n;
        left -= n;
        entry.body_bytes_sent += n;
        if (file.bytes_per_second) {
            const auto due = started +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(
                    static_cast<double>(entry.body_bytes_sent) / static_cast<double>(file.bytes_per_second)));
            asio::steady_timer pace{acceptor.get_executor(), due};
            co_await pace.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            ec = {};
        }
    }
    if (file.cut_after && file.cut == cut_kind::corrupt_record) { // after the bytes, whole body or not
        log.add(std::move(entry));
        co_await corrupt_and_close(stream);
        co_return false;
    }
    if (file.cut_after && *file.cut_after < file.length) { // an injected cut, short of Content-Length
        auto& socket = beast::get_lowest_layer(stream).socket();
        if (file.cut == cut_kind::reset) {
            socket.set_option(asio::socket_base::linger(true, 0), ec); // close now sends RST
        } else {
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
            co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec)); // TLS close_notify
        }
        socket.close(ec);
        log.add(std::move(entry));
        co_return false;
    }
    log.add(std::move(entry));
    co_return file.header.keep_alive();
}

asio::awaitable<void> server::state::answer_truncated(ssl_stream& stream, string_response& res,
                                                      std::optional<std::uint64_t> cut_at, logged_request& entry,
                                                      cut_kind cut) {
    // The whole header (with the full Content-Length), part of the body (half, or `cut_at`
    // bytes), then a clean close (or a corrupt record, or a reset).
    boost::system::error_code ec;
    res.keep_alive(false);
    res.prepare_payload();
    const std::string body = std::move(res.body());
    res.body().clear();
    res.content_length(body.size());
    beast::http::response_serializer<beast::http::string_body> serializer{res};
    entry.status = res.result_int();
    const std::size_t sent =
        static_cast<std::size_t>(std::min<std::uint64_t>(cut_at.value_or(body.size() / 2), body.size()));
    entry.body_bytes_sent = sent;
    log.add(std::move(entry));
    co_await beast::http::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (!ec)
        co_await asio::async_write(stream, asio::buffer(body.data(), sent),
                                   asio::redirect_error(asio::use_awaitable, ec));
    if (cut == cut_kind::corrupt_record) {
        co_await corrupt_and_close(stream);
        co_return;
    }
    if (cut == cut_kind::reset) {
        reset_connection(stream);
        co_return;
    }
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    beast::get_lowest_layer(stream).socket().close(ec);
}

asio::awaitable<bool> server::state::receive_upload(ssl_stream& stream, beast::flat_buffer& buffer,
                                                    beast::http::request_parser<beast::http::empty_body>& head,
                                                    logged_request& entry) {
    boost::system::error_code ec;
    const auto header = head.get().base();
    upload_plan plan = route_upload(routes, header, entry);
    if (plan.early_refusal) {
        co_await refuse_early(stream, buffer, head, plan, entry);
        co_return false;
    }
    if (plan.interim != 0 && header.version() >= 11) co_await send_interim(stream, plan.interim);
    if (plan.refusal && head.chunked() && !plan.corrupt) {
        // Refused chunked bodies are not read: answer and close, as S3 does.
        plan.refusal->keep_alive(false);
        co_await answer(stream, std::move(*plan.refusal), entry);
        co_return false;
    }

    beast::http::request_parser<beast::http::buffer_body> body{std::move(head)};
    body.body_limit(boost::none);
    std::vector<char> chunk(limits.file_buffer);
    std::optional<uploads::body_file> file;
    if (!plan.refusal && !plan.reset) file.emplace(plan.body_path);
    while (!body.is_done()) {
        body.get().body().data = chunk.data();
        body.get().body().size = chunk.size();
        beast::get_lowest_layer(stream).expires_after(limits.idle_timeout);
        co_await beast::http::async_read(stream, buffer, body, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == beast::http::error::need_buffer) ec = {};
        const std::size_t n = chunk.size() - body.get().body().size;
        entry.body_bytes_received += n;
        if (file && n > 0) file->append({chunk.data(), n});
        if (ec) {
            entry.status = 0;
            entry.fault = entry.fault.empty() ? "upload cut short" : entry.fault;
            log.add(std::move(entry));
            co_return false; // the client went away mid-body: nothing is stored
        }
    }
    beast::get_lowest_layer(stream).expires_never();
    if (plan.reset) { // the whole body is in; no answer
        log.add(std::move(entry));
        reset_connection(stream);
        co_return false;
    }
    string_response res;
    if (plan.refusal) {
        res = std::move(*plan.refusal);
    } else {
        const std::string md5 = file->commit();
        const std::uint64_t size = file->size();
        file.reset();
        res = finish_upload(routes, header, plan, size, md5, entry);
    }
    if (plan.corrupt) {
        co_await answer_truncated(stream, res, plan.corrupt_at, entry, cut_kind::corrupt_record);
        co_return false;
    }
    co_return co_await answer(stream, std::move(res), entry);
}

asio::awaitable<void> server::state::refuse_early(ssl_stream& stream, beast::flat_buffer& buffer,
                                                  beast::http::request_parser<beast::http::empty_body>& head,
                                                  upload_plan& plan, logged_request& entry) {
    // Read the first `early_refusal_bytes` of the body (if the body has that many), and no
    // more: the client is still sending when the answer goes out.
    boost::system::error_code ec;
    beast::http::request_parser<beast::http::buffer_body> body{std::move(head)};
    body.body_limit(boost::none);
    std::vector<char> chunk(limits.file_buffer);
    while (!body.is_done() && entry.body_bytes_received < plan.early_refusal_bytes) {
        const auto want = std::min<std::uint64_t>(chunk.size(), plan.early_refusal_bytes - entry.body_bytes_received);
        body.get().body().data = chunk.data();
        body.get().body().size = static_cast<std::size_t>(want);
        beast::get_lowest_layer(stream).expires_after(limits.idle_timeout);
        co_await beast::http::async_read_some(stream, buffer, body, redirect(ec));
        if (ec == beast::http::error::need_buffer) ec = {};
        entry.body_bytes_received += want - body.get().body().size;
        if (ec) {
            entry.status = 0;
            log.add(std::move(entry));
            co_return;
        }
    }
    string_response& res = *plan.early_refusal;
    res.keep_alive(false);
    entry.status = res.result_int();
    entry.body_bytes_sent = res.body().size();
    log.add(std::move(entry));
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.expires_after(std::chrono::seconds(5));
    co_await beast::http::async_write(stream, res, redirect(ec));
    if (!ec) co_await stream.async_shutdown(redirect(ec)); // close_notify: the answer is complete
    // Then the TCP send side, and a short linger that reads and drops what the client still
    // sends, so that closing does not reset the connection before the client has read the
    // answer.
    lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest.expires_after(std::chrono::seconds(1));
    std::vector<char> drain(16u << 10);
    for (;;) {
        co_await lowest.async_read_some(asio::buffer(drain), redirect(ec));
        if (ec) break; // the client closed, or the linger is over (tcp_stream closed the socket)
    }
    lowest.socket().close(ec);
}

} // namespace numerapi::sandbox::http
