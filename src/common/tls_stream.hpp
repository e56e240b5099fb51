// A TLS stream over any Asio stream (beast::tcp_stream here, so its timeouts apply to every
// socket operation): tls_engine does the cryptography, this moves the engine's ciphertext
// to and from the next layer in large blocks. One operation runs at a time, reads and
// writes alike; the client and the sandbox never overlap them on one connection.
#pragma once

#include "common/tls_engine.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/coroutine.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/rate_policy.hpp>
#include <boost/system/error_code.hpp>

#include <cerrno>
#include <cstddef>
#include <utility>

#include <sys/socket.h>

namespace numerapi::detail {

namespace tls_steps {

// `sends`: the step's result is data handed to the peer, so the step has not succeeded
// until its output was sent.
struct handshake {
    static constexpr bool sends = true;
    tls_engine::role role;
    tls_engine::step operator()(tls_engine& engine) const { return engine.handshake(role); }
};

struct shutdown {
    static constexpr bool sends = true;
    tls_engine::step operator()(tls_engine& engine) const { return engine.shutdown(); }
};

/// Decrypts into the first non-empty buffer of the sequence.
template <class MutableBufferSequence>
struct read {
    static constexpr bool sends = false;
    MutableBufferSequence buffers;
    tls_engine::step operator()(tls_engine& engine) const {
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers);
             ++it) {
            const boost::asio::mutable_buffer b = *it;
            if (b.size() > 0) return engine.read({static_cast<char*>(b.data()), b.size()});
        }
        return {};
    }
};

/// Encrypts the whole sequence; after a full output buffer it goes on where it stopped.
template <class ConstBufferSequence>
struct write {
    static constexpr bool sends = true;
    ConstBufferSequence buffers;
    std::size_t written = 0;
    tls_engine::step operator()(tls_engine& engine) {
        std::size_t skip = written;
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers);
             ++it) {
            boost::asio::const_buffer b = *it;
            if (skip >= b.size()) {
                skip -= b.size();
                continue;
            }
            b += skip;
            skip = 0;
            const auto s = engine.write({static_cast<const char*>(b.data()), b.size()});
            if (s.next == tls_engine::need::nothing && !s.ec) {
                written += s.bytes;
                continue;
            }
            if (s.ec && written > 0) return {tls_engine::need::nothing, written, {}}; // the error shows next time
            return s;
        }
        return {tls_engine::need::nothing, written, {}};
    }
};

} // namespace tls_steps

/// What take_arrived_bytes() found: bytes, or the end or a failure of the connection, or
/// nothing (no bytes yet: the caller waits for them).
struct arrival {
    std::size_t bytes = 0;
    boost::system::error_code ec;
};

/// Bytes that have already arrived on the next layer, taken without waiting: nothing when
/// none has, or when the layer is not a socket (or is rate-limited, which a read behind its
/// back would bypass). A step that needs input tries this before it waits. While the peer
/// sends faster than the bytes are used (a download), a read then goes on in the handler
/// that asked for it, on the thread running it, instead of waiting on the socket: the
/// wait's completion goes through the scheduler, which may hand it, and the block's bytes,
/// to another of the threads that run the io_context.
template <class NextLayer>
arrival take_arrived_bytes(NextLayer&, boost::asio::mutable_buffer) {
    return {};
}
template <class Protocol, class Executor>
arrival take_arrived_bytes(boost::beast::basic_stream<Protocol, Executor, boost::beast::unlimited_rate_policy>& next,
                           boost::asio::mutable_buffer space) {
    for (;;) {
        const ssize_t n = ::recv(next.socket().native_handle(), space.data(), space.size(), MSG_DONTWAIT);
        if (n > 0) return {static_cast<std::size_t>(n), {}};
        if (n == 0) return {0, boost::asio::error::eof}; // as the socket's own read reports it
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return {};
        // The socket's error is reported once: here, then, as its own read would.
        return {0, boost::system::error_code(errno, boost::asio::error::get_system_category())};
    }
}

/// Runs one step until it is finished, meeting its needs through the next layer: all
/// pending output is sent before anything is read, and before the operation completes.
/// A step finished without waiting completes through a post, never inside the initiation.
template <class NextLayer, class Step, bool WithBytes>
class tls_io_op : boost::asio::coroutine {
public:
    tls_io_op(NextLayer& next, tls_engine& engine, Step step) : next_(next), engine_(engine), step_(std::move(step)) {}

    template <class Self>
    void operator()(Self& self, boost::system::error_code ec = {}, std::size_t n = 0) {
        BOOST_ASIO_CORO_REENTER(*this) {
            if (Step::sends && engine_.output_error()) { // the peer stopped taking our bytes
                result_ = {tls_engine::need::nothing, 0, engine_.output_error()};
            } else
                for (;;) {
                    result_ = step_(engine_);
                    if (engine_.output_error()) engine_.output_failed(engine_.output_error()); // nowhere to send it
                    while (engine_.has_output()) {
                        BOOST_ASIO_CORO_YIELD {
                            waited_ = true;
                            next_.async_write_some(engine_.pending_output(), std::move(self));
                        }
                        if (ec) {
                            engine_.output_failed(ec);
                            break;
                        }
                        engine_.consume_output(n);
                    }
                    if (ec) {
                        if (Step::sends) { // its bytes did not reach the peer: it failed
                            result_ = {tls_engine::need::nothing, 0, ec};
                            break;
                        }
                        // A read goes on with what the peer had already sent (an early answer,
                        // a refusal); what it had to send is dropped, and later sends fail.
                        ec = {};
                    }
                    if (result_.next == tls_engine::need::nothing) break;
                    if (result_.next == tls_engine::need::input) {
                        if (engine_.input_space().size() == 0) { // cannot happen with records under the buffer size
                            result_ = {tls_engine::need::nothing, 0, boost::asio::error::no_buffer_space};
                            break;
                        }
                        // A few reads of what has arrived, then a wait: a peer that keeps
                        // sending what decrypts to nothing (handshake messages) cannot keep
                        // the operation, and its thread, to itself.
                        if (taken_ < max_reads_without_waiting) {
                            ++taken_;
                            const arrival got = take_arrived_bytes(next_, engine_.input_space());
                            if (got.ec) {
                                result_ = {tls_engine::need::nothing, 0, engine_.transport_ended(got.ec)};
                                break;
                            }
                            if (got.bytes > 0) {
                                engine_.commit_input(got.bytes);
                                continue;
                            }
                        }
                        BOOST_ASIO_CORO_YIELD {
                            waited_ = true;
                            next_.async_read_some(engine_.input_space(), std::move(self));
                        }
                        if (ec) {
                            result_ = {tls_engine::need::nothing, 0, engine_.transport_ended(ec)};
                            break;
                        }
                        engine_.commit_input(n);
                    }
                }
            if (!waited_) {
                BOOST_ASIO_CORO_YIELD boost::asio::post(std::move(self));
            }
            if constexpr (WithBytes) self.complete(result_.ec, result_.bytes);
            else self.complete(result_.ec);
        }
    }

private:
    NextLayer& next_;
    tls_engine& engine_;
    Step step_;
    tls_engine::step result_{};
    bool waited_ = false;
    static constexpr int max_reads_without_waiting = 16;
    int taken_ = 0; ///< reads of arrived bytes so far
};

template <class NextLayer>
class tls_stream {
public:
    using next_layer_type = NextLayer;
    using executor_type = typename NextLayer::executor_type;

    template <class Arg>
    tls_stream(Arg&& next, boost::asio::ssl::context& context) : next_(std::forward<Arg>(next)), engine_(context) {}

    executor_type get_executor() noexcept { return next_.get_executor(); }
    NextLayer& next_layer() noexcept { return next_; }
    const NextLayer& next_layer() const noexcept { return next_; }
    SSL* native_handle() noexcept { return engine_.native_handle(); }
    /// Ciphertext from the peer has arrived and not been read.
    bool has_unread_input() const { return engine_.has_unread_input(); }

    /// While idle (no read or write in progress): takes what the peer sent unasked
    /// (take_arrived_bytes) and lets the engine process it. True if the stream is still
    /// good: nothing came, or only TLS handshake messages (TLS 1.3 session tickets, which
    /// arrive after the handshake). False if the peer closed or reset the connection, or
    /// sent an alert or application data (an answer nobody asked for).
    bool settle_idle_input() {
        if (::SSL_get_shutdown(engine_.native_handle()) & SSL_RECEIVED_SHUTDOWN) return false; // a close_notify, read
        for (;;) {
            const auto space = engine_.input_space();
            if (space.size() == 0) return false; // a buffer's worth, unasked
            const arrival got = take_arrived_bytes(next_, space);
            if (got.ec) return false; // the peer closed, or reset the connection
            if (got.bytes == 0) break;
            engine_.commit_input(got.bytes);
        }
        if (!engine_.has_unread_input()) return true;
        char byte;
        const tls_engine::step s = engine_.read({&byte, 1});
        return s.next == tls_engine::need::input && s.bytes == 0 &&
            !(::SSL_get_shutdown(engine_.native_handle()) & SSL_RECEIVED_SHUTDOWN);
    }

    template <class Token>
    auto async_handshake(tls_engine::role role, Token&& token) {
        return run<false, void(boost::system::error_code)>(tls_steps::handshake{role}, std::forward<Token>(token));
    }

    /// Sends close_notify; does not wait for the peer's.
    template <class Token>
    auto async_shutdown(Token&& token) {
        return run<false, void(boost::system::error_code)>(tls_steps::shutdown{}, std::forward<Token>(token));
    }

    template <class MutableBufferSequence, class Token>
    auto async_read_some(const MutableBufferSequence& buffers, Token&& token) {
        return run<true, void(boost::system::error_code, std::size_t)>(tls_steps::read<MutableBufferSequence>{buffers},
                                                                       std::forward<Token>(token));
    }

    template <class ConstBufferSequence, class Token>
    auto async_write_some(const ConstBufferSequence& buffers, Token&& token) {
        return run<true, void(boost::system::error_code, std::size_t)>(tls_steps::write<ConstBufferSequence>{buffers},
                                                                       std::forward<Token>(token));
    }

private:
    template <bool WithBytes, class Signature, class Step, class Token>
    auto run(Step step, Token&& token) {
        return boost::asio::async_compose<Token, Signature>(
            tls_io_op<NextLayer, Step, WithBytes>{next_, engine_, std::move(step)}, token, next_);
    }

    NextLayer next_;
    tls_engine engine_;
};

} // namespace numerapi::detail
