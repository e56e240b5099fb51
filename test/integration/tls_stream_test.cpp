// tls_stream on its own, a server end and a client end over loopback: bytes cross intact
// whatever the buffer sizes (writes larger than the engine's buffers, one-byte reads), one
// read takes many records at once, and the two ways a peer can end a stream read as the
// errors the rest of the library classifies.
#include "numerapi/http/connection.hpp"
#include "numerapi/http/tls_context.hpp"
#include "common/tls_stream.hpp"
#include "sandbox/tls/certificate_authority.hpp"
#include "support/sandbox_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

using namespace numerapi;
namespace asio = boost::asio;

namespace {

using server_stream = detail::tls_stream<boost::beast::tcp_stream>;

std::string pattern(std::size_t size, unsigned seed) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + seed) ^ (i >> 11));
    return s;
}

asio::awaitable<std::unique_ptr<server_stream>> accept_one(asio::ip::tcp::acceptor& acceptor, asio::ssl::context& tls) {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    auto stream = std::make_unique<server_stream>(std::move(socket), tls);
    co_await stream->async_handshake(detail::tls_engine::role::server, asio::use_awaitable);
    co_return stream;
}

/// Reads exactly `size` bytes in pieces of the given sizes, in turn.
template <class Stream>
asio::awaitable<std::string> read_in_pieces(Stream& stream, std::size_t size, std::vector<std::size_t> pieces) {
    std::string out;
    std::vector<char> buffer(*std::max_element(pieces.begin(), pieces.end()));
    for (std::size_t i = 0; out.size() < size; ++i) {
        const std::size_t want = std::min(pieces[i % pieces.size()], size - out.size());
        const std::size_t n = co_await stream.async_read_some(asio::buffer(buffer.data(), want), asio::use_awaitable);
        out.append(buffer.data(), n);
    }
    co_return out;
}

/// Writes `bytes` as a sequence of three buffers, each larger than the engine's buffer.
template <class Stream>
asio::awaitable<void> write_in_three(Stream& stream, const std::string& bytes) {
    const std::size_t third = bytes.size() / 3;
    const std::array<asio::const_buffer, 3> parts{asio::buffer(bytes.data(), third),
                                                  asio::buffer(bytes.data() + third, third),
                                                  asio::buffer(bytes.data() + 2 * third, bytes.size() - 2 * third)};
    co_await asio::async_write(stream, parts, asio::use_awaitable);
}

asio::awaitable<std::string> echo_side(server_stream& s, std::size_t in, std::string out) {
    std::vector<std::size_t> sizes{1, 7, 100000, 4096, 333333}; // named: GCC 12 and braces in co_await
    auto got = co_await read_in_pieces(s, in, sizes);
    co_await write_in_three(s, out);
    co_return got;
}

asio::awaitable<std::string> client_side(detail::connection& c, std::string up, std::size_t down) {
    co_await write_in_three(c.stream, up);
    std::vector<std::size_t> sizes{1, 4096, 300000, 17};
    co_return co_await read_in_pieces(c.stream, down, sizes);
}

asio::awaitable<void> write_then(server_stream& s, std::string bytes, bool close_notify) {
    co_await asio::async_write(s, asio::buffer(bytes), asio::use_awaitable);
    if (close_notify) co_await s.async_shutdown(asio::use_awaitable);
    boost::system::error_code ignored;
    s.next_layer().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    s.next_layer().socket().close(ignored);
}

struct read_outcome {
    std::size_t first_read = 0;
    std::size_t total = 0;
    boost::system::error_code end;
};

/// Waits until the peer has sent (and closed), then reads to the end.
asio::awaitable<read_outcome> read_after_a_pause(detail::connection& c) {
    asio::steady_timer pause{co_await asio::this_coro::executor, std::chrono::milliseconds{200}};
    co_await pause.async_wait(asio::use_awaitable);
    read_outcome r;
    std::vector<char> buffer(256u << 10);
    for (;;) {
        boost::system::error_code ec;
        const std::size_t n =
            co_await c.stream.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
        if (r.total == 0) r.first_read = n;
        r.total += n;
        if (ec) {
            r.end = ec;
            co_return r;
        }
    }
}

struct tls_pair {
    test::temp_dir dir;
    sandbox::tls::certificate_files certs = sandbox::tls::make_certificates(dir.path(), {"127.0.0.1"});
    asio::ssl::context server_tls{asio::ssl::context::tls_server};
    asio::ssl::context client_tls = detail::make_tls_context(certs.ca_certificate.string());
    asio::io_context ioc;
    asio::ip::tcp::acceptor acceptor{ioc, {asio::ip::make_address("127.0.0.1"), 0}};

    tls_pair() {
        server_tls.use_certificate_chain_file(certs.server_certificate.string());
        server_tls.use_private_key_file(certs.server_key.string(), asio::ssl::context::pem);
    }

    /// A handshaken pair: the server's end and the client's connection.
    std::pair<std::unique_ptr<server_stream>, std::unique_ptr<detail::connection>> connect() {
        auto server = asio::co_spawn(ioc, accept_one(acceptor, server_tls), asio::use_future);
        const detail::https_url url{"127.0.0.1", std::to_string(acceptor.local_endpoint().port()), "/"};
        auto client = test::run(ioc, detail::open_connection(client_tls, url, {}, nullptr)).value();
        return {server.get(), std::move(client)};
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(tls_streams, tls_pair)

BOOST_AUTO_TEST_CASE(bytes_cross_intact_whatever_the_buffer_sizes) {
    auto [server, client] = connect();
    const std::string up = pattern(3u << 20, 1), down = pattern(2u << 20, 2);
    auto received = asio::co_spawn(ioc, echo_side(*server, up.size(), down), asio::use_future);
    const std::string got = test::run(ioc, client_side(*client, up, down.size()));
    BOOST_TEST((received.get() == up));
    BOOST_TEST((got == down));
}

BOOST_AUTO_TEST_CASE(aes_128_gcm_is_offered_first) {
    // The server (OpenSSL's defaults) follows the client's order, which puts AES-128-GCM
    // first as browsers do; OpenSSL's own default order would give AES-256-GCM.
    auto [server, client] = connect();
    BOOST_TEST(std::string(::SSL_CIPHER_get_name(::SSL_get_current_cipher(client->stream.native_handle()))) ==
               "TLS_AES_128_GCM_SHA256");
}

BOOST_AUTO_TEST_CASE(one_read_takes_every_record_that_fits) {
    auto [server, client] = connect();
    asio::co_spawn(ioc, write_then(*server, pattern(1u << 20, 3), true), asio::detached);
    const auto r = test::run(ioc, read_after_a_pause(*client));
    BOOST_TEST(r.total == (1u << 20));
    BOOST_TEST(r.first_read > 16384u);       // more than one TLS record's plaintext in one read
    BOOST_TEST((r.end == asio::error::eof)); // close_notify came first: a clean end
}

BOOST_AUTO_TEST_CASE(a_close_without_close_notify_reads_as_truncated) {
    auto [server, client] = connect();
    asio::co_spawn(ioc, write_then(*server, pattern(100000, 4), false), asio::detached);
    const auto r = test::run(ioc, read_after_a_pause(*client));
    BOOST_TEST(r.total == 100000u);
    BOOST_TEST((r.end == asio::ssl::error::stream_truncated));
}

BOOST_AUTO_TEST_SUITE_END()
