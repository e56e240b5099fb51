// Faults the sandbox injects on purpose, so that clients can be tested against the ways
// the real service and its file host fail. A plan is a list of rules; each request takes
// the first rule that matches it (and uses up one of the rule's `count`).
//
// Rules come from `--fault JSON` (repeatable), `--faults FILE` (a JSON array) and, at run
// time, `POST /_sandbox/faults` (replace all rules with the posted array), `DELETE
// /_sandbox/faults` (clear) and `GET /_sandbox/faults` (list). JSON form of a rule:
//
//   {"kind": "status", "status": 502, "body": "<html>Bad Gateway</html>",
//    "content_type": "text/html", "retry_after": "2", "target": "graphql", "count": 1}
//   {"kind": "delay", "milliseconds": 1500, "target": "graphql"}
//
// kind     status:       answer with `status` (and `body`, `content_type`, `retry_after`)
//                        instead of the real answer;
//          delay:        wait `milliseconds` before answering as usual;
//          reset_after:  (files) send the headers and `bytes` body bytes, then reset the
//                        connection (TCP RST);
//          close_after:  (files) send the headers and `bytes` body bytes, then close the
//                        connection cleanly, short of Content-Length;
//          expire_url:   (files) answer 403 "Request has expired" as for an expired URL;
//          ignore_range: (files) answer 200 with the whole file, whatever Range says;
//          change_file:  (files) the file changes (new content and ETag) before this answer;
//          rate_limit:   answer 429 with Retry-After to requests above `per_second` (a
//                        token bucket holding one second's worth); others pass on to the
//                        next rules. {"kind": "rate_limit", "per_second": 5}
//          rollover:     a round rollover starts: for `milliseconds` no round is open
//                        (`rounds(number: 0)` is empty), upload auth, create_submission and
//                        upload PUTs get 400 "Current round not open for submissions"; then
//                        the next round opens. This request is answered inside the window.
//          truncate:     answer as usual, but close the connection after half the body
//                        (a GraphQL mutation has run; its answer is lost);
//          malformed_json: answer 200 with a JSON body cut short, without running the query;
//          stall:        read the request and never answer (until the client gives up);
//          throttle:     (files) send the body at `bytes_per_second` at most;
//          gzip:         (files) send the whole file gzip-encoded (Content-Encoding: gzip,
//                        its MD5 as ETag, Range ignored); with `bytes`, close after that
//                        many body bytes;
//          chunked:      (files) send the whole file with chunked transfer encoding and no
//                        Content-Length.
// target   which requests it applies to: "graphql" (POST /), "files" (presigned URLs:
//          downloads and uploads), "uploads" (upload URLs only), or "any" (the default).
//          `_sandbox` control requests are never faulted.
// count    how many requests it applies to; absent: all of them (rollover: 1).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::sandbox::faults {

enum class target_kind { any, graphql, files, uploads };

struct fault_rule {
    enum class fault_kind {
        status, delay, reset_after, close_after, expire_url, ignore_range, change_file,
        rate_limit, rollover, truncate, malformed_json, stall, throttle, gzip, chunked
    };
    fault_kind kind = fault_kind::status;
    target_kind target = target_kind::any;
    std::optional<std::uint64_t> count; ///< requests left; nullopt: unlimited
    unsigned status = 500;
    std::string body;
    std::string content_type = "text/plain";
    std::string retry_after;            ///< the Retry-After header, if not empty
    std::chrono::milliseconds delay{0};
    std::uint64_t bytes = 0; ///< reset_after, close_after
    double per_second = 0;   ///< rate_limit
    std::uint64_t bytes_per_second = 0; ///< throttle
    double tokens = 0;       ///< rate_limit: the bucket (state, not configuration)
    std::chrono::steady_clock::time_point refilled{}; ///< rate_limit

    /// "status 502", "reset after 1000 bytes", ... for the request log.
    std::string describe() const;

    /// Throws std::invalid_argument naming the bad member.
    static fault_rule from_json(const boost::json::object& o);
    boost::json::object to_json() const;
};

/// Thread-safe: the server consults it, control requests and tests change it.
class fault_plan {
public:
    void replace(std::vector<fault_rule> rules);
    void add(fault_rule rule);
    void clear();
    /// The rule for one request of kind `target` (files or uploads for an upload), with its
    /// count used up; nullopt if none. A rate_limit rule under its rate lets the request
    /// pass to later rules; above it, it yields a status 429 rule.
    std::optional<fault_rule> take(target_kind target);
    boost::json::array to_json() const;

    /// Parses a JSON array of rules (or one rule object).
    static std::vector<fault_rule> parse(std::string_view json_text);

private:
    mutable std::mutex mutex_;
    std::vector<fault_rule> rules_;
};

} // namespace numerapi::sandbox::faults
