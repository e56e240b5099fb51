/// @file
/// Everything a numerapi::client can be told, in one aggregate. Every field has a default
/// that works against the real service; the sandbox needs api_url and ca_file.
#pragma once

#include <numerapi/credentials.hpp>
#include <numerapi/events.hpp>
#include <numerapi/proxy.hpp>
#include <numerapi/retry.hpp>
#include <numerapi/types.hpp>
#include <numerapi/version.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace numerapi {

/// The settings a client is made with (its constructor's second argument); client::options()
/// gives them back.
struct client_options {
    /// The GraphQL endpoint. Must be https (TLS verification is always on).
    std::string api_url = "https://api-tournament.numer.ai";

    /// Keys for private calls. Default: NUMERAI_PUBLIC_ID / NUMERAI_SECRET_KEY, read when
    /// the options object is created; nullopt makes private calls fail with
    /// errc::credentials_missing before anything is sent.
    std::optional<credentials> keys = credentials::from_environment();

    /// PEM file whose certificates replace the system trust roots (the sandbox's CA).
    /// Empty: the system's default roots. Peer and host name verification cannot be
    /// turned off.
    std::string ca_file;

    /// The HTTP proxy that every connection tunnels through (see proxy.hpp). Default: from
    /// HTTPS_PROXY and NO_PROXY, read when the options object is created, as the keys are;
    /// nullopt connects directly whatever the environment says.
    std::optional<proxy_options> proxy = proxy_options::from_environment();

    /// The tournament of calls that take one and are not given one.
    numerapi::tournament tournament = numerapi::tournament::classic;

    /// Resolving and connecting TCP, per attempt.
    std::chrono::milliseconds connect_timeout{std::chrono::seconds{10}};
    /// The TLS handshake, per attempt.
    std::chrono::milliseconds handshake_timeout{std::chrono::seconds{10}};
    /// Longest wait for the next bytes of a response (not the whole response: a large
    /// download may take longer, as long as bytes keep coming).
    std::chrono::milliseconds read_timeout{std::chrono::seconds{60}};
    /// A pooled connection idle for longer than this is closed instead of reused.
    std::chrono::milliseconds idle_timeout{std::chrono::seconds{30}};

    /// Most connections open at once to one host (calls beyond it wait for a free one).
    std::size_t max_connections_per_host = 4;
    /// A new connection to a host the client has talked to offers a TLS session the host
    /// gave before (a TLS 1.3 ticket), and its handshake skips the key exchange and the
    /// certificate chain, which were checked when the session was made for that very host.
    /// Off: every connection makes a full handshake (a benchmark's baseline).
    bool resume_tls_sessions = true;
    /// Largest API response body, in bytes (transfers are not bounded by it).
    std::size_t max_response_body = 16u << 20;

    /// Where work that grows with its input runs, so that it never blocks the thread that
    /// runs the client: the predictions check of upload_predictions and upload_diagnostics
    /// (seconds for millions of rows), the MD5 checks of downloads and uploads, a durable
    /// download's flush, a segmented download's allocation, a dataset archive's extraction.
    /// The call waits for it without holding its thread, and a cancelled call ends at once
    /// (the work stops early or finishes on the pool, and its result is dropped). Empty (the
    /// default): a pool of two threads that the client owns and joins when it and its views
    /// are gone. A service with a pool of its own for blocking work passes that pool's
    /// executor; like any executor a call uses, it must outlive the client and its calls.
    boost::asio::any_io_executor blocking_executor;

    /// When and how often a failed call is tried again (see retry.hpp).
    retry_policy retry;
    /// How long to wait between attempts (see retry.hpp).
    backoff_policy backoff;
    /// The client-wide rate gate: a requests-per-second ceiling, and what it learns from
    /// 429 answers (see retry.hpp).
    rate_limit_policy rate_limit;

    /// Told of every attempt, retry, rate-gate pause and rollover wait (see events.hpp).
    /// Empty: nothing is reported, and nothing is built.
    event_sink events;

    /// The User-Agent header.
    std::string user_agent = "numerapi-cpp/" NUMERAPI_VERSION_STRING;
};

} // namespace numerapi
