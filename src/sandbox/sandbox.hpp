// numerapi-sandbox as a library: a local HTTPS server that speaks Numerai's tournament API
// (GraphQL at POST /, presigned file URLs on the same host). The numerapi-sandbox program,
// the tests, the demo and the benchmarks all run this.
#pragma once

#include "sandbox/faults/fault_plan.hpp"
#include "sandbox/http/request_log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace numerapi::sandbox {

struct sandbox_config {
    /// Where the CA, the server certificate, its key and requests.log go. Created if
    /// missing. The sandbox writes nowhere else.
    std::filesystem::path state_dir;
    /// Loopback address to bind (127.0.0.0/8 or ::1); anything else is refused.
    std::string address = "127.0.0.1";
    /// TCP port; 0 picks a free one.
    std::uint16_t port = 0;
    /// Bytes of the largest dataset file (train.parquet); the others are fractions of it.
    std::uint64_t dataset_size = 8u << 20;
    /// Lifetime of presigned URLs. 0 makes every URL expire at once (for tests).
    std::chrono::seconds url_ttl{3600};
    /// subjectAltName entries of the server certificate.
    std::vector<std::string> certificate_names{"127.0.0.1", "localhost"};
    /// API keys the sandbox accepts; empty: random ones, shown in the ready line.
    std::string public_id;
    std::string secret_key;
    /// HTTP status of GraphQL syntax and validation errors (the real API: 400).
    unsigned validation_error_status = 400;
    /// Largest request body accepted, in bytes (uploads excepted).
    std::size_t max_request_body = 64u << 20;
    /// Largest upload accepted, in bytes. Uploads stream to <state_dir>/uploads.
    std::uint64_t max_upload = 4ull << 30;
    /// Upload auth hands out presigned POST form URLs (a `key` field and a `file` part)
    /// instead of PUT URLs.
    bool upload_form = false;
    /// Entries of the request log kept in memory (`GET /_sandbox/requests`, log()); older
    /// ones are dropped and counted. requests.log in state_dir gets every entry.
    std::size_t request_log_capacity = http::request_log::default_capacity;
    /// Faults to inject from the start (see faults/fault_plan.hpp).
    std::vector<faults::fault_rule> faults;
    /// The origin ("https://host:port") that dataset URLs name instead of the sandbox's
    /// own: another server that serves the same files (a capped nginx in bench/run_capped).
    /// Empty: the sandbox.
    std::string dataset_url_base;
};

/// What a client needs to talk to a running sandbox (the ready line).
struct ready_info {
    std::string api_url; ///< "https://127.0.0.1:<port>"
    std::filesystem::path ca_file;
    std::string public_id;
    std::string secret_key;
    long pid = 0;

    boost::json::object to_json() const;
};

class sandbox {
public:
    /// Generates certificates, builds the world, binds and starts accepting on `ioc`.
    /// Throws on any failure (port in use, unwritable state dir, non-loopback address).
    sandbox(boost::asio::io_context& ioc, sandbox_config config);
    ~sandbox();
    sandbox(const sandbox&) = delete;
    sandbox& operator=(const sandbox&) = delete;

    const ready_info& ready() const;
    const http::request_log& log() const;
    http::request_log& log();
    /// The faults to inject; change them at any time, from any thread.
    faults::fault_plan& faults();
    /// Stops accepting and closes all connections (call on the io_context's thread).
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace numerapi::sandbox
