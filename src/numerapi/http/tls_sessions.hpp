// TLS sessions to resume, by origin. A new connection to a host the client has talked to
// offers a session that host gave before (a TLS 1.3 ticket, or a TLS 1.2 session), and the
// handshake skips the certificate chain: segmented downloads open many connections at
// once, and a service reconnects after every idle close. A session goes back to a full
// handshake that verified the chain against this client's trust roots and the name of
// this very origin, and is only ever offered to that origin again: at most
// `recheck_after` after that check, and never once the certificate has expired. A host
// that declines it gets a full handshake with every check; one whose handshake fails with
// it offered is offered none until it gives a new one.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace numerapi::detail {

class tls_sessions {
public:
    /// Takes the sessions that connections made with `tls` receive. One per TLS context.
    explicit tls_sessions(boost::asio::ssl::context& tls);
    ~tls_sessions();
    tls_sessions(const tls_sessions&) = delete;
    tls_sessions& operator=(const tls_sessions&) = delete;

    /// How long after a full handshake's certificate checks its sessions (and the sessions
    /// given on connections that resumed them) are offered.
    static constexpr std::chrono::hours recheck_after{24};

    /// Before `ssl`'s handshake with `origin` ("host:port"): offers the newest session kept
    /// for it, and keeps the sessions the host gives. True if a session was offered.
    bool prepare(SSL* ssl, const std::string& origin);
    /// The handshake failed with a session offered: it is not offered again.
    void forget(const std::string& origin);

    struct store;

private:
    std::shared_ptr<store> store_;
};

} // namespace numerapi::detail
