// Kept-alive TLS connections per host, handed out as leases.
//
// At most `max_per_host` connections to one host are open at once; acquire() waits for a
// free one beyond that. A lease gives its connection back only if mark_reusable() was
// called (the response was read completely, keep-alive holds, nothing failed); otherwise
// the connection is closed. An idle connection is reused only while it is younger than
// `idle_timeout`, before the server's announced Keep-Alive timeout, and if the server has
// not closed it meanwhile (checked without sending). Not thread-safe: the client
// uses it only on its strand.
#pragma once

#include "numerapi/http/connection.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <memory>

namespace numerapi::detail {

/// Awaited for every lease just before it is handed out, i.e. right before its request is
/// sent, with the origin ("https://host:port"): the client's rate gate, so that a pause
/// begun while a call waited for a connection still holds it back. An error (a
/// cancellation) ends the acquisition.
using admission_hook = std::function<boost::asio::awaitable<boost::system::error_code>(const std::string& origin)>;

struct pool_options {
    std::size_t max_per_host = 4;
    std::chrono::milliseconds idle_timeout{std::chrono::seconds{30}};
    connect_timeouts timeouts;
    std::optional<proxy_route> proxy; ///< the HTTP proxy connections tunnel through, or none
    admission_hook admit;             ///< empty: every lease is handed out at once
    bool resume_tls_sessions = true;  ///< offer a session a host gave before (tls_sessions.hpp)
};

class connection_pool;
struct pool_state;

class lease {
public:
    lease() = default;
    lease(lease&&) noexcept;
    lease& operator=(lease&&) noexcept;
    ~lease();

    connection& get() { return *connection_; }
    connection* operator->() { return connection_.get(); }
    /// The response was read completely and the connection may serve another request.
    void mark_reusable() { reusable_ = true; }

private:
    friend class connection_pool;
    lease(std::shared_ptr<pool_state> pool, std::string origin, std::unique_ptr<connection> c);
    void give_back() noexcept;

    std::shared_ptr<pool_state> pool_;
    std::string origin_;
    std::unique_ptr<connection> connection_;
    bool reusable_ = false;
};

class connection_pool {
public:
    connection_pool(boost::asio::ssl::context& tls, pool_options options);
    ~connection_pool();

    /// A connection to `url`'s host: an idle one that still looks usable if there is one
    /// (unless `fresh`), a new one if fewer than max_per_host are open, otherwise the next
    /// one given back; then admitted. Fails as open_connection does, or with
    /// operation_aborted when cancelled while waiting; the request was not sent then.
    boost::asio::awaitable<outcome<lease>> acquire(https_url url, bool fresh = false);

    /// Closes idle connections; leases still out close theirs when they end.
    void close_idle();

private:
    boost::asio::awaitable<outcome<lease>> connect(https_url url, bool fresh);
    std::shared_ptr<pool_state> state_;
};

} // namespace numerapi::detail
