// Faults the sandbox injects on purpose, so that clients can be tested against the ways
// the real service and its file host fail. A plan is a list of rules; each request takes
// the first rule that matches it (and uses up one of the rule's `count`). Three kinds are
// settings, not request faults: two act on connections (idle_close, refuse), one on the
// answers' content (hostile_names). Requests pass over them.
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
//          rollover:     a round rollover starts: for `milliseconds` no round is open:
//                        `rounds(number: 0)` answers the error "Current round not open for
//                        submissions", as the API does between rounds, and upload auth,
//                        create_submission and upload PUTs get 400 with the same message;
//                        then the next round opens. This request is answered inside the window.
//          truncate:     answer as usual, but close the connection after half the body
//                        (a GraphQL mutation has run; its answer is lost);
//          malformed_json: answer 200 with a JSON body cut short, without running the query;
//          stall:        read the request and never answer (until the client gives up);
//          throttle:     (files) send the body at `bytes_per_second` at most;
//          gzip:         (files) send the whole file gzip-encoded (Content-Encoding: gzip,
//                        its MD5 as ETag, Range ignored); with `bytes`, close after that
//                        many body bytes;
//          chunked:      (files) send the whole file with chunked transfer encoding and no
//                        Content-Length;
//          idle_close:   a connection setting, not a request fault: a kept-alive connection
//                        with no new request for `milliseconds` after an answer is closed
//                        with a plain TCP close (no TLS close_notify), as Node's HTTP server
//                        does after keepAliveTimeout. With "announce": true, every answer
//                        that keeps the connection alive carries `Keep-Alive: timeout=<s>`
//                        (seconds rounded down, at least 1), as Node's do. Takes no target
//                        and no count; the first idle_close rule holds for every connection,
//                        control requests' included, until the rules change.
//                        {"kind": "idle_close", "milliseconds": 1000, "announce": true}
//          refuse:       the next `count` (default 1) accepted connections are closed right
//                        after accept, before the TLS handshake (a FIN, or an RST if the
//                        client's hello has already arrived). {"kind": "refuse", "count": 2}
//          reset_before_headers: read the whole request (an upload's body too), then
//                        reset the connection (TCP RST) without sending a byte; a GraphQL
//                        request is run first (a mutation's effect stays, its answer is lost);
//          corrupt_record: send the headers and `bytes` body bytes through TLS (default:
//                        half the body; for files 65536, or half the body if smaller), then
//                        write straight to the TCP socket one well-framed TLS application
//                        data record of random bytes, which the client cannot decrypt
//                        ("decryption failed or bad record mac"), and close;
//          interim_1xx:  send an interim response first (`status` 103, the default: "103
//                        Early Hints" with a Link header; or 100: "100 Continue"; or 101:
//                        "101 Switching Protocols", which no client asked for), `repeat`
//                        times (default 1, at most 100; a GraphQL or download request's
//                        only), then the answer, on the same connection; right after the
//                        request (an upload's: after its head, before its body is read). Not
//                        sent to HTTP/1.0 requests. {"kind": "interim_1xx", "status": 100}
//          early_refusal: (uploads only) after the request head and the first `bytes` body
//                        bytes (default 65536; 0: none), answer `status` (default 400) with
//                        `body` (default S3's XML error; for 403, exactly expire_url's
//                        "Request has expired") and `content_type` (default
//                        application/xml) and Connection: close; read no more of the body,
//                        send close_notify, shut the sending side down, and close after a
//                        short linger (1 s) so that the client can read the answer.
//                        {"kind": "early_refusal", "status": 403, "bytes": 0}
//          endless_chunk: answer 200 with Transfer-Encoding: chunked, then a chunk-size line
//                        that never ends: `shape` "extension" (the default) sends "1;"
//                        and then bytes with no CRLF; "trailer" sends the last chunk "0"
//                        and then a trailer field that never ends. Sent until the client
//                        hangs up (at most 1 GiB). A client that does not bound what it
//                        buffers for the framing grows without limit.
//                        {"kind": "endless_chunk", "shape": "trailer", "target": "files"}
//          hostile_names: a setting of the answers, not a request fault: while the rule is in
//                        the plan, every `listDatasets` answer also lists the `names` (default:
//                        "../../escaped.parquet", "/tmp/numerapi-hostile/abs.parquet",
//                        "..\\..\\backslash.parquet", "v5.0/\u001b[31mred.parquet" with an
//                        ESC, "v5.0//x.parquet"); `dataset(filename:)` answers each of them
//                        with a presigned URL, as for a real file, that serves 4096 generated
//                        bytes (even after the rule is gone, as a URL handed out stays valid);
//                        and `submissionDownloadAuth` answers with `submission_filename`
//                        (default "../../escaped.csv") as the filename and the real file's
//                        URL. For testing that a client checks the names a server gives
//                        before it writes to them. Takes no target and no count; the first
//                        hostile_names rule holds until the rules change.
//                        {"kind": "hostile_names", "names": ["../x.parquet"],
//                         "submission_filename": "/tmp/x.csv"}
// target   which requests it applies to: "graphql" (POST /), "files" (presigned URLs:
//          downloads and uploads), "uploads" (upload URLs only), or "any" (the default).
//          `_sandbox` control requests are never faulted.
// count    how many requests it applies to; absent: all of them (rollover and refuse: 1).
// query_contains  only GraphQL requests whose body contains this text, e.g. "v2ChangeStake"
//          to fault one mutation among the queries around it. {"kind":
//          "reset_before_headers", "target": "graphql", "query_contains": "v2ChangeStake"}
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
        status,
        delay,
        reset_after,
        close_after,
        expire_url,
        ignore_range,
        change_file,
        rate_limit,
        rollover,
        truncate,
        malformed_json,
        stall,
        throttle,
        gzip,
        chunked,
        idle_close,
        refuse,
        reset_before_headers,
        corrupt_record,
        interim_1xx,
        early_refusal,
        hostile_names,
        endless_chunk
    };
    fault_kind kind = fault_kind::status;
    target_kind target = target_kind::any;
    std::optional<std::uint64_t> count; ///< requests left; nullopt: unlimited
    unsigned status = 500;
    std::string body;
    std::string content_type = "text/plain";
    std::string retry_after; ///< the Retry-After header, if not empty
    std::chrono::milliseconds delay{0};
    std::uint64_t bytes = 0;            ///< reset_after, close_after, gzip, corrupt_record, early_refusal
    bool bytes_given = false;           ///< `bytes` was in the rule (corrupt_record has a computed default)
    bool announce = false;              ///< idle_close: send Keep-Alive: timeout=<s>
    double per_second = 0;              ///< rate_limit
    std::uint64_t bytes_per_second = 0; ///< throttle
    double tokens = 0;                  ///< rate_limit: the bucket (state, not configuration)
    std::chrono::steady_clock::time_point refilled{}; ///< rate_limit
    std::vector<std::string> names;                   ///< hostile_names: extra dataset names
    std::string submission_filename;                  ///< hostile_names: the filename of a submission download
    std::string query_contains;                       ///< only GraphQL requests whose body contains it (empty: any)
    bool endless_trailer = false;                     ///< endless_chunk: the trailer shape, not the extension
    unsigned repeat = 1;                              ///< interim_1xx: how many interim answers

    /// "status 502", "reset after 1000 bytes", ... for the request log.
    std::string describe() const;

    /// Throws std::invalid_argument naming the bad member.
    static fault_rule from_json(const boost::json::object& o);
    boost::json::object to_json() const;
};

/// hostile_names' defaults: a parent escape, an absolute path, backslashes, a terminal
/// escape sequence, an empty component.
std::vector<std::string> default_hostile_names();
inline constexpr std::string_view default_hostile_submission_filename = "../../escaped.csv";

/// Thread-safe: the server consults it, control requests and tests change it.
class fault_plan {
public:
    void replace(std::vector<fault_rule> rules);
    void add(fault_rule rule);
    void clear();
    /// The rule for one request of kind `target` (files or uploads for an upload), with its
    /// count used up; nullopt if none. A rate_limit rule under its rate lets the request
    /// pass to later rules; above it, it yields a status 429 rule.
    /// `graphql_body` is a GraphQL request's body, for query_contains rules (other requests
    /// pass an empty one, which such rules never match).
    std::optional<fault_rule> take(target_kind target, std::string_view graphql_body = {});

    struct idle_close_settings {
        std::chrono::milliseconds after{0};
        bool announce = false;
    };
    /// The idle_close setting (the first idle_close rule), if any. Uses up nothing.
    std::optional<idle_close_settings> idle_close() const;
    /// Whether a connection just accepted is to be refused (a refuse rule's count used up).
    bool take_refusal();

    struct hostile_names_settings {
        std::vector<std::string> dataset_names;
        std::string submission_filename;
    };
    /// The hostile_names setting (the first hostile_names rule), if any. Uses up nothing.
    std::optional<hostile_names_settings> hostile_names() const;
    boost::json::array to_json() const;

    /// Parses a JSON array of rules (or one rule object).
    static std::vector<fault_rule> parse(std::string_view json_text);

private:
    mutable std::mutex mutex_;
    std::vector<fault_rule> rules_;
};

} // namespace numerapi::sandbox::faults
