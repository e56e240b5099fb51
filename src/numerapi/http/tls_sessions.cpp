#include "numerapi/http/tls_sessions.hpp"

#include <openssl/x509.h>

#include <map>
#include <mutex>

namespace numerapi::detail {

namespace {

using clock_type = std::chrono::system_clock;

/// What a connection's SSL carries to the new-session callback: where to keep its
/// sessions, and when the certificate behind the session it offered was checked. Freed
/// with the SSL.
struct keeper {
    std::weak_ptr<tls_sessions::store> store;
    std::string origin;
    clock_type::time_point offered_checked_at; ///< of the session offered, if any
};

void free_keeper(void*, void* pointer, CRYPTO_EX_DATA*, int, long, void*) { delete static_cast<keeper*>(pointer); }

int keeper_index() {
    static const int index = ::SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_keeper);
    return index;
}

struct session_deleter {
    void operator()(SSL_SESSION* s) const noexcept { ::SSL_SESSION_free(s); }
};
using session_ptr = std::unique_ptr<SSL_SESSION, session_deleter>;

} // namespace

/// The newest session of each origin, with when the certificate chain and name behind it
/// were last checked by a full handshake. It is offered to every new connection until a
/// newer one comes: servers give one ticket per full handshake and often none on a
/// resumption (nginx), so a ticket used once would leave most connections of a segmented
/// download to a full handshake. (TLS 1.3 advises against reuse, so that connections
/// cannot be linked to one client; here they go to one origin, from one process.)
struct tls_sessions::store {
    struct entry {
        session_ptr session;
        clock_type::time_point checked_at;
    };
    std::mutex mutex;
    std::map<std::string, entry, std::less<>> by_origin;

    void keep(const std::string& origin, SSL_SESSION* session, clock_type::time_point checked_at) {
        const std::lock_guard lock(mutex);
        by_origin[origin] = entry{session_ptr(session), checked_at};
    }
    void forget(const std::string& origin) {
        const std::lock_guard lock(mutex);
        by_origin.erase(origin);
    }
    /// A copy of the origin's session (a connection marks the session it uses unresumable
    /// when it is closed without a close_notify), if it is resumable, its certificate was
    /// checked within tls_sessions::recheck_after, and that certificate has not expired.
    std::optional<entry> take(const std::string& origin) {
        const std::lock_guard lock(mutex);
        const auto it = by_origin.find(origin);
        if (it == by_origin.end()) return std::nullopt;
        SSL_SESSION* s = it->second.session.get();
        X509* peer = ::SSL_SESSION_get0_peer(s);
        const bool usable = ::SSL_SESSION_is_resumable(s) == 1 &&
            clock_type::now() - it->second.checked_at < recheck_after && peer != nullptr &&
            ::X509_cmp_current_time(::X509_get0_notAfter(peer)) > 0;
        if (!usable) {
            by_origin.erase(it);
            return std::nullopt;
        }
        return entry{session_ptr(::SSL_SESSION_dup(s)), it->second.checked_at};
    }
};

namespace {

/// OpenSSL's new-session callback: the session (a TLS 1.3 ticket arrives after the
/// handshake, while the answer is read) is kept for the connection's origin. A copy is
/// kept: the connection goes on using the original. A session given on a resumed
/// connection carries the certificate of the one offered, checked when that one was.
/// Returns 0: the original stays the connection's.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
    const auto* k = static_cast<const keeper*>(::SSL_get_ex_data(ssl, keeper_index()));
    const auto store = k ? k->store.lock() : nullptr;
    if (!store) return 0;
    const auto checked_at = ::SSL_session_reused(ssl) == 1 ? k->offered_checked_at : clock_type::now();
    if (SSL_SESSION* copy = ::SSL_SESSION_dup(session)) store->keep(k->origin, copy, checked_at);
    return 0;
}

} // namespace

tls_sessions::tls_sessions(boost::asio::ssl::context& tls) : store_(std::make_shared<store>()) {
    SSL_CTX* ctx = tls.native_handle();
    // Client sessions go to the callback only: OpenSSL's own cache is keyed by session id,
    // which a client has no use for.
    ::SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    ::SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

tls_sessions::~tls_sessions() = default;

bool tls_sessions::prepare(SSL* ssl, const std::string& origin) {
    if (keeper_index() < 0) return false; // no index: connections are made in full, as before
    auto* k = new keeper{store_, origin, {}};
    if (::SSL_set_ex_data(ssl, keeper_index(), k) != 1) {
        delete k;
        return false;
    }
    const auto offered = store_->take(origin);
    if (!offered || !offered->session) return false;
    k->offered_checked_at = offered->checked_at;
    return ::SSL_set_session(ssl, offered->session.get()) == 1; // takes its own reference
}

void tls_sessions::forget(const std::string& origin) { store_->forget(origin); }

} // namespace numerapi::detail
