// The OpenSSL side of one TLS connection, with no I/O of its own: ciphertext comes in and
// goes out through two large buffers that tls_stream moves to and from the socket.
//
// Why not Asio's ssl::stream: it hands the socket one 16 KiB record per operation and
// decrypts one record per read, so a download pays some thirty handler dispatches per
// record. Here one socket read fills up to `buffer_size` bytes of ciphertext, and one read
// call decrypts every complete record that fits the caller's buffer.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>

#include <cstddef>
#include <span>

namespace numerapi::detail {

class tls_engine {
public:
    enum class role { client, server };

    /// What the operation needs before it can go on, or that it is over.
    enum class need {
        nothing, ///< finished: `bytes` and `ec` are its result
        input,   ///< more ciphertext from the peer, then run the step again
        output,  ///< the pending output sent to the peer, then run the step again
    };
    struct step {
        need next = need::nothing;
        std::size_t bytes = 0;
        boost::system::error_code ec;
    };

    static constexpr std::size_t default_buffer_size = 256 * 1024;

    tls_engine(boost::asio::ssl::context& context, std::size_t buffer_size = default_buffer_size);
    ~tls_engine();
    tls_engine(const tls_engine&) = delete;
    tls_engine& operator=(const tls_engine&) = delete;

    SSL* native_handle() const { return ssl_; }

    /// The steps; each is run again, with the same arguments, after its need is met.
    step handshake(role r);
    step read(std::span<char> plaintext);        ///< decrypts as many records as fit
    step write(std::span<const char> plaintext); ///< encrypts all of it (output permitting)
    step shutdown();                             ///< sends close_notify

    /// The socket side.
    boost::asio::mutable_buffer input_space(); ///< where the next bytes from the peer go
    void commit_input(std::size_t n);
    bool has_output() const;
    boost::asio::const_buffer pending_output(); ///< the next bytes to send to the peer
    void consume_output(std::size_t n);
    /// The peer stopped taking what we send (`ec`: broken pipe, reset, timeout): pending
    /// output is dropped, every later send fails with `ec` at once, and reads go on with
    /// what the peer had already sent (an early answer such as a refusal stays readable).
    void output_failed(const boost::system::error_code& ec);
    const boost::system::error_code& output_error() const { return output_error_; }
    /// Ciphertext from the peer that has arrived but not been read yet.
    bool has_unread_input() const;

    /// The error a read should report when the peer closed the TCP connection: a clean end
    /// after close_notify, otherwise a truncated stream (asio::ssl::error::stream_truncated).
    boost::system::error_code transport_ended(const boost::system::error_code& transport) const;

private:
    step result_of(int rc, std::size_t bytes);

    SSL* ssl_ = nullptr;
    BIO* network_ = nullptr; ///< our end of the BIO pair; SSL owns the other end
    bool role_set_ = false;
    boost::system::error_code output_error_;
    boost::system::error_code read_error_; ///< to report on the next read
};

} // namespace numerapi::detail
