#include "common/tls_engine.hpp"

#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include <openssl/err.h>

#include <stdexcept>

namespace numerapi::detail {
namespace asio = boost::asio;

namespace {
boost::system::error_code last_ssl_error() {
    const unsigned long e = ::ERR_get_error();
    ::ERR_clear_error();
    if (e == 0) return asio::ssl::error::unspecified_system_error;
    return {static_cast<int>(e), asio::error::get_ssl_category()};
}
} // namespace

tls_engine::tls_engine(asio::ssl::context& context, std::size_t buffer_size) {
    ssl_ = ::SSL_new(context.native_handle());
    BIO* internal = nullptr;
    if (!ssl_ || ::BIO_new_bio_pair(&internal, buffer_size, &network_, buffer_size) != 1) {
        const auto ec = last_ssl_error();
        if (ssl_) ::SSL_free(ssl_);
        throw boost::system::system_error(ec, "TLS setup");
    }
    ::SSL_set_bio(ssl_, internal, internal);
    // A write interrupted by a full output buffer is run again with the same bytes, which
    // may have moved (the caller's buffer sequence is re-walked).
    ::SSL_set_mode(ssl_, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

tls_engine::~tls_engine() {
    ::SSL_free(ssl_); // frees the internal end of the pair
    ::BIO_free(network_);
}

tls_engine::step tls_engine::result_of(int rc, std::size_t bytes) {
    switch (::SSL_get_error(ssl_, rc)) {
        case SSL_ERROR_WANT_READ: return {need::input, bytes, {}};
        case SSL_ERROR_WANT_WRITE: return {need::output, bytes, {}};
        case SSL_ERROR_ZERO_RETURN: // the peer's close_notify
            return {need::nothing, bytes, asio::error::eof};
        default: return {need::nothing, bytes, last_ssl_error()};
    }
}

tls_engine::step tls_engine::handshake(role r) {
    if (!role_set_) {
        if (r == role::client) ::SSL_set_connect_state(ssl_);
        else ::SSL_set_accept_state(ssl_);
        role_set_ = true;
    }
    ::ERR_clear_error();
    const int rc = ::SSL_do_handshake(ssl_);
    if (rc == 1) return {need::nothing, 0, {}};
    return result_of(rc, 0);
}

tls_engine::step tls_engine::read(std::span<char> plaintext) {
    if (read_error_) { // found by the read that delivered the bytes before it
        const auto ec = std::exchange(read_error_, {});
        return {need::nothing, 0, ec};
    }
    std::size_t total = 0;
    while (total < plaintext.size()) {
        std::size_t n = 0;
        ::ERR_clear_error();
        const int rc = ::SSL_read_ex(ssl_, plaintext.data() + total, plaintext.size() - total, &n);
        if (rc == 1) {
            total += n;
            continue;
        }
        const step s = result_of(rc, 0);
        if (total == 0) return s;
        // What was decrypted is delivered first; a failure or the end (with OpenSSL's
        // reason, taken now before the error queue is cleared) shows on the next read.
        if (s.next == need::nothing) read_error_ = s.ec;
        break;
    }
    return {need::nothing, total, {}};
}

tls_engine::step tls_engine::write(std::span<const char> plaintext) {
    if (plaintext.empty()) return {need::nothing, 0, {}};
    std::size_t n = 0;
    ::ERR_clear_error();
    const int rc = ::SSL_write_ex(ssl_, plaintext.data(), plaintext.size(), &n);
    if (rc == 1) return {need::nothing, n, {}};
    return result_of(rc, 0);
}

tls_engine::step tls_engine::shutdown() {
    ::ERR_clear_error();
    const int rc = ::SSL_shutdown(ssl_);
    if (rc >= 0) return {need::nothing, 0, {}}; // close_notify sent; the peer's is not awaited
    return result_of(rc, 0);
}

asio::mutable_buffer tls_engine::input_space() {
    char* p = nullptr;
    const int n = ::BIO_nwrite0(network_, &p);
    if (n <= 0) return {};
    return {p, static_cast<std::size_t>(n)};
}

void tls_engine::commit_input(std::size_t n) {
    char* p = nullptr;
    if (n > 0 && ::BIO_nwrite(network_, &p, static_cast<int>(n)) != static_cast<int>(n))
        throw std::logic_error("tls_engine: input committed past its space");
}

bool tls_engine::has_output() const { return ::BIO_ctrl_pending(network_) > 0; }

asio::const_buffer tls_engine::pending_output() {
    char* p = nullptr;
    const int n = ::BIO_nread0(network_, &p);
    if (n <= 0) return {};
    return {p, static_cast<std::size_t>(n)};
}

void tls_engine::consume_output(std::size_t n) {
    char* p = nullptr;
    if (n > 0 && ::BIO_nread(network_, &p, static_cast<int>(n)) != static_cast<int>(n))
        throw std::logic_error("tls_engine: output consumed past what was pending");
}

void tls_engine::output_failed(const boost::system::error_code& ec) {
    output_error_ = ec;
    while (has_output()) consume_output(pending_output().size());
}

bool tls_engine::has_unread_input() const {
    return ::SSL_has_pending(ssl_) == 1 || ::BIO_ctrl_pending(::SSL_get_rbio(ssl_)) > 0;
}

boost::system::error_code tls_engine::transport_ended(const boost::system::error_code& transport) const {
    if (transport != asio::error::eof) return transport;
    if (::SSL_get_shutdown(ssl_) & SSL_RECEIVED_SHUTDOWN) return asio::error::eof;
    return asio::ssl::error::stream_truncated;
}

} // namespace numerapi::detail
