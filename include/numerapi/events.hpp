/// @file
/// What a client tells a service about its work as it happens: each HTTP attempt, each
/// retry decision, each rate-gate pause and each wait for a round rollover. Set
/// client_options::events to count them into your metrics, log them or trace them.
///
/// The sink is called on the client's internal strand (made from the client's executor; on a
/// multi-threaded io_context, any of its threads, one at a time), inside the call that
/// caused the event; it
/// must return quickly and must not throw (what it throws is swallowed). An event's strings
/// are views valid only during the call. They never hold the secret key, request headers,
/// or a URL's path or query (a presigned URL's query is a credential): only the host.
/// With no sink set, nothing is built.
#pragma once

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

namespace numerapi {

/// One thing a client did. `what` says which; a field whose comment names kinds is filled
/// for those kinds only, and keeps its default for the others.
struct event {
    /// What happened.
    enum class kind {
        attempt,          ///< one HTTP request and its answer, or its failure
        retry,            ///< a failed attempt will be tried again after `delay`
        rate_limit_pause, ///< an attempt waits `delay` at the client's rate gate
        rollover_wait,    ///< a submission waits `delay` for the next round to open
    };
    kind what = kind::attempt;        ///< the kind of event
    std::string_view operation;       ///< e.g. "get_current_round", "download", "upload"; empty for a gate pause
    std::string_view host;            ///< "host:port"
    std::string_view method;          ///< attempt: "POST", "GET", "PUT", "HEAD"
    unsigned http_status = 0;         ///< attempt and retry: the answer's status; 0 when none arrived
    std::uint64_t bytes_sent = 0;     ///< attempt: the request body's size, when it was sent whole
    std::uint64_t bytes_received = 0; ///< attempt: the answer's body bytes
    /// retry: the number of the call's attempt that failed, from 1. attempt: 1, or 2 when
    /// the request was sent again at once on a fresh connection because the pooled one had
    /// been closed by the server (that resend does not count against the retry policy).
    unsigned attempt = 0;
    std::chrono::milliseconds duration{}; ///< attempt: from start to the end of the answer or the failure
    std::chrono::milliseconds delay{};    ///< retry, rate_limit_pause, rollover_wait: the wait ahead
    boost::system::error_code error;      ///< attempt and retry: how it failed; empty on success
};

/// Told of every event of a client (client_options::events), on the client's strand, inside
/// the call that caused it; see events.hpp for what it may and may not do.
using event_sink = std::function<void(const event&)>;

} // namespace numerapi
