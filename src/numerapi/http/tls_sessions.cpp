#include "numerapi/http/tls_sessions.hpp"

#include <map>
#include <mutex>

namespace numerapi::detail {

namespace {

/// What a connection's SSL carries to the new-session callback: where to keep its
/// sessions. Freed with the SSL.
struct keeper {
    std::weak_ptr<tls_sessions::store> store;
    std::string origin;
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

/// The newest session of each origin. It is offered to every new connection until a newer
/// one comes: servers give one ticket per full handshake and often none on a resumption
/// (nginx), so a ticket used once would leave most connections of a segmented download to
/// a full handshake. (TLS 1.3 advises against reuse for privacy, so that connections
/// cannot be linked; this client's connections carry its API key anyway.)
struct tls_sessions::store {
    std::mutex mutex;
    std::map<std::string, session_ptr, std::less<>> by_origin;

    void keep(const std::string& origin, SSL_SESSION* session) {
        const std::lock_guard lock(mutex);
        by_origin[origin].reset(session);
    }
    /// A copy of the origin's session, if it has a resumable one: a connection marks the
    /// session it uses unresumable when it is closed without a close_notify.
    session_ptr take(const std::string& origin) {
        const std::lock_guard lock(mutex);
        const auto it = by_origin.find(origin);
        if (it == by_origin.end() || ::SSL_SESSION_is_resumable(it->second.get()) != 1) return nullptr;
        return session_ptr(::SSL_SESSION_dup(it->second.get()));
    }
};

namespace {

/// OpenSSL's new-session callback: the session (a TLS 1.3 ticket arrives after the
/// handshake, while the answer is read) is kept for the connection's origin. A copy is
/// kept: the connection goes on using the original, and OpenSSL marks a connection's
/// current session unresumable when the connection is closed without a close_notify (as
/// an idle connection is). Returns 0: the original stays the connection's.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
    const auto* k = static_cast<const keeper*>(::SSL_get_ex_data(ssl, keeper_index()));
    const auto store = k ? k->store.lock() : nullptr;
    if (!store) return 0;
    if (SSL_SESSION* copy = ::SSL_SESSION_dup(session)) store->keep(k->origin, copy);
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

void tls_sessions::prepare(SSL* ssl, const std::string& origin) {
    if (keeper_index() < 0) return; // no index: connections are made in full, as before
    auto* k = new keeper{store_, origin};
    if (::SSL_set_ex_data(ssl, keeper_index(), k) != 1) {
        delete k;
        return;
    }
    if (const session_ptr s = store_->take(origin)) ::SSL_set_session(ssl, s.get()); // takes its own reference
}

} // namespace numerapi::detail
