// TLS sessions to resume, by origin. A new connection to a host the client has talked to
// offers a session that host gave before (a TLS 1.3 ticket, or a TLS 1.2 session), and the
// handshake skips the key exchange and the certificate chain: segmented downloads open
// many connections at once, and a service reconnects after every idle close. A session is
// made by a full handshake that verified the chain against this client's trust roots and
// the name of this very origin, and is only ever offered to that origin again; a host
// that declines it gets a full handshake with every check.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace numerapi::detail {

class tls_sessions {
public:
    /// Takes the sessions that connections made with `tls` receive. One per TLS context.
    explicit tls_sessions(boost::asio::ssl::context& tls);
    ~tls_sessions();
    tls_sessions(const tls_sessions&) = delete;
    tls_sessions& operator=(const tls_sessions&) = delete;

    /// Before `ssl`'s handshake with `origin` ("host:port"): offers the newest session kept
    /// for it, and keeps the sessions the host gives.
    void prepare(SSL* ssl, const std::string& origin);

    struct store;

private:
    std::shared_ptr<store> store_;
};

} // namespace numerapi::detail
