// The sandbox's HTTPS server: accepts on a loopback endpoint, runs one coroutine per TLS
// connection, reads requests with keep-alive, asks the router, and writes the answer;
// file bodies stream through a fixed buffer.
#pragma once

#include "sandbox/http/request_log.hpp"
#include "sandbox/http/router.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace numerapi::sandbox::http {

struct server_limits {
    std::size_t max_request_body = 64u << 20; ///< bytes; larger bodies get 413
    std::chrono::seconds idle_timeout{60};    ///< an idle kept-alive connection is closed
    std::chrono::seconds handshake_timeout{10};
    std::size_t file_buffer = 256u << 10; ///< bytes per write of a file body
};

class server {
public:
    /// Binds `endpoint` (which must be a loopback address) right away; start() accepts.
    server(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
           boost::asio::ip::tcp::endpoint endpoint, router_context routes, request_log& log, server_limits limits = {});
    ~server();

    boost::asio::ip::tcp::endpoint local_endpoint() const;
    /// Starts the accept loop (on the executor given to the constructor).
    void start();
    /// Stops accepting and closes every open connection. Call on the server's executor.
    void stop();

private:
    struct state;
    std::shared_ptr<state> state_;
};

} // namespace numerapi::sandbox::http
