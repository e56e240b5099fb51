// The requests the sandbox answered, in order, for tests and for people: tests assert on
// it ("the second GET carried Range: bytes=K-"), and `GET /_sandbox/requests` shows it.
// Memory holds the newest `capacity` entries (a sandbox may run for days); older ones are
// dropped and counted, and sequence numbers go on counting. The file, if any, gets them all.
// Thread-safe: the server appends on its thread, tests read from theirs.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <condition_variable>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace numerapi::sandbox::http {

struct logged_request {
    std::uint64_t sequence = 0;   ///< 1, 2, 3... in the order the responses were sent
    std::uint64_t connection = 0; ///< which TLS connection carried it (1-based)
    std::string time;             ///< ISO-8601 with milliseconds
    std::string method;
    std::string path; ///< the target without its query (no signatures in the log)
    unsigned status = 0;
    std::string range;          ///< the Range header, if any
    std::string if_range;       ///< the If-Range header, if any
    std::string if_none_match;  ///< the If-None-Match header, if any
    bool authorization = false; ///< an Authorization header was present
    bool authenticated = false; ///< ...and it carried the sandbox's keys
    std::uint64_t body_bytes_sent = 0;
    std::uint64_t body_bytes_received = 0;   ///< of an upload
    std::string form_file_name;              ///< the filename of an uploaded form's file part
    std::chrono::nanoseconds clock{0};       ///< request_log's clock when it was logged
    std::vector<std::string> graphql_fields; ///< root fields of a GraphQL request
    std::string fault;                       ///< the fault injected into this request, if any
};

class request_log {
public:
    static constexpr std::size_t default_capacity = 10000;

    /// Appends each entry as a JSON line to `file` as well (empty path: memory only), and
    /// keeps the newest `capacity` entries in memory (0: none).
    explicit request_log(std::filesystem::path file = {}, std::size_t capacity = default_capacity);

    /// What stamps logged_request::clock: by default steady time since the log was made;
    /// tests give their virtual clock, to compare the log with the client's waits.
    void set_clock(std::function<std::chrono::nanoseconds()> clock);

    void add(logged_request r);
    /// A completed TLS handshake; `resumed`: with a session the client offered.
    void count_handshake(bool resumed);

    /// The entries kept, oldest first.
    std::vector<logged_request> requests() const;
    /// Waits until at least `count` requests are logged (kept or dropped) or `timeout`
    /// passes; returns the entries kept. (A response is logged when it has been sent, which
    /// a client may see a moment before.)
    std::vector<logged_request> wait_for(std::size_t count,
                                         std::chrono::milliseconds timeout = std::chrono::seconds{5}) const;
    /// Requests logged since the start (or clear()): the last sequence number.
    std::uint64_t logged() const;
    /// Entries dropped from memory to stay within the capacity, since the start (or clear()).
    std::uint64_t dropped() const;
    std::size_t capacity() const { return capacity_; }
    std::uint64_t handshakes() const;
    /// Of those, the ones that resumed a session (no certificate sent).
    std::uint64_t resumed_handshakes() const;
    std::uint64_t connections() const;
    std::uint64_t next_connection_id();
    /// Forgets every entry and the counts: the next request is sequence 1 again.
    void clear();

    boost::json::array to_json() const;
    static boost::json::object to_json(const logged_request& r);

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable added_;
    const std::size_t capacity_;
    std::deque<logged_request> requests_;
    std::uint64_t logged_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t handshakes_ = 0;
    std::uint64_t resumed_handshakes_ = 0;
    std::uint64_t connections_ = 0;
    std::ofstream file_;
    std::function<std::chrono::nanoseconds()> clock_;
};

} // namespace numerapi::sandbox::http
