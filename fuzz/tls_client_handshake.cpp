// The TLS engine as the client, fed any bytes as the server's flight. The engine is set up
// as the client sets up a connection (make_tls_context, then connection.cpp's peer checks
// for a host name), and driven the way tls_stream drives it, with memory for the socket:
// its output is taken and dropped, and the input is given to it in pieces of 5, 1, 300 and
// 4096 bytes in turn, so that records arrive cut in every way.
//
// Properties: no step throws; a step that needs output has output, and one that needs input
// has room for it (else tls_stream would spin or fail); and no flight completes the
// handshake, since the peer is verified and nothing the fuzzer writes is signed by a
// trusted root.
#include "fuzz/support/fuzz_check.hpp"

#include "common/tls_engine.hpp"
#include "numerapi/http/tls_context.hpp"

#include <boost/asio/error.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace {

using numerapi::detail::tls_engine;

constexpr const char* server_name = "api-tournament.numer.ai";
constexpr std::array<std::size_t, 4> piece_sizes{5, 1, 300, 4096};

void drop_output(tls_engine& engine) {
    while (engine.has_output()) {
        const auto out = engine.pending_output();
        FUZZ_CHECK(out.size() > 0);
        engine.consume_output(out.size());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static boost::asio::ssl::context context = numerapi::detail::make_tls_context("");
    tls_engine engine{context};
    SSL* ssl = engine.native_handle();
    ::SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
    ::SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    FUZZ_CHECK(::SSL_set_tlsext_host_name(ssl, server_name) == 1 && ::SSL_set1_host(ssl, server_name) == 1);

    std::string_view flight(reinterpret_cast<const char*>(data), size);
    std::size_t pieces = 0;
    tls_engine::step s;
    for (;;) {
        s = engine.handshake(tls_engine::role::client);
        if (s.next == tls_engine::need::output) FUZZ_CHECK(engine.has_output());
        drop_output(engine);
        if (s.next == tls_engine::need::nothing) break;
        if (s.next == tls_engine::need::output) continue;
        if (flight.empty()) { // the server closed the connection
            s.ec = engine.transport_ended(boost::asio::error::eof);
            break;
        }
        const auto space = engine.input_space();
        FUZZ_CHECK(space.size() > 0);
        const std::size_t n = std::min({flight.size(), space.size(), piece_sizes[pieces++ % piece_sizes.size()]});
        std::memcpy(space.data(), flight.data(), n);
        engine.commit_input(n);
        flight.remove_prefix(n);
    }
    FUZZ_CHECK(s.ec.failed());

    // What tls_stream may still ask of a connection whose handshake failed.
    (void)engine.has_unread_input();
    char plaintext[256];
    (void)engine.read(plaintext);
    drop_output(engine);
    return 0;
}
