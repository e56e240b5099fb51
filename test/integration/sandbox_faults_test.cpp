// The connection-level faults of numerapi-sandbox, seen from the client's end of a raw TCP
// and TLS connection (Asio's own ssl::stream, not the library's transport): idle_close,
// refuse, reset_before_headers, corrupt_record, interim_1xx and early_refusal. Each test
// asserts the bytes the client gets, the error it meets, the time it takes, and what the
// sandbox logged. And hostile_names, which changes what the answers say: the names it
// lists, and the files it serves under them.
#include "support/file_bytes.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace numerapi;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace faults = numerapi::sandbox::faults;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using steady = std::chrono::steady_clock;

namespace {

std::uint16_t port_of(const test::running_sandbox& box) {
    const auto& url = box.ready().api_url;
    return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

/// One client connection, driven by hand: TCP connect, TLS handshake, raw bytes out, and
/// reads that stop at a condition, an error or a deadline.
class raw_tls {
public:
    explicit raw_tls(const test::running_sandbox& box)
        : port_(port_of(box)), tls_(asio::ssl::context::tls_client), stream_(ioc_, tls_) {
        tls_.load_verify_file(box.ready().ca_file.string());
        stream_.set_verify_mode(asio::ssl::verify_peer);
        stream_.set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    }

    void connect() { stream_.next_layer().connect({asio::ip::make_address("127.0.0.1"), port_}); }

    error_code handshake(std::chrono::milliseconds limit = 5s) {
        return wait(
                   [this](auto done) {
                       stream_.async_handshake(asio::ssl::stream_base::client, [done](error_code ec) { done(ec, 0); });
                   },
                   limit)
            .first;
    }

    /// Connects and completes the handshake, or fails the test.
    void open() {
        connect();
        const auto ec = handshake();
        BOOST_REQUIRE_MESSAGE(!ec, "handshake: " << ec.message());
    }

    error_code send(const std::string& bytes, std::chrono::milliseconds limit = 5s) {
        return wait([&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); }, limit).first;
    }

    /// Reads until `enough(received())`, an error, or `limit`; returns the error (timed_out
    /// for the limit), or none once `enough` holds.
    error_code read_until(const std::function<bool(const std::string&)>& enough, std::chrono::milliseconds limit = 5s) {
        const auto deadline = steady::now() + limit;
        std::array<char, 16384> buf;
        while (!enough(received_)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
            if (left <= 0ms) return asio::error::timed_out;
            const auto [ec, n] = wait([&](auto done) { stream_.async_read_some(asio::buffer(buf), done); }, left);
            received_.append(buf.data(), n);
            if (ec) return ec;
        }
        return {};
    }
    /// Reads until the connection ends (the error says how) or `limit`.
    error_code read_to_end(std::chrono::milliseconds limit = 5s) {
        return read_until([](const std::string&) { return false; }, limit);
    }

    std::string& received() { return received_; }
    std::uint16_t port() const { return port_; }

private:
    template <class Start>
    std::pair<error_code, std::size_t> wait(Start start, std::chrono::milliseconds limit) {
        bool done = false;
        error_code result;
        std::size_t bytes = 0;
        start([&done, &result, &bytes](error_code ec, std::size_t n) {
            done = true;
            result = ec;
            bytes = n;
        });
        ioc_.restart();
        const auto deadline = steady::now() + limit;
        while (!done && ioc_.run_one_until(deadline) > 0) {}
        if (!done) {
            error_code ignored;
            stream_.next_layer().cancel(ignored);
            ioc_.restart();
            while (!done) ioc_.run_one();
            return {asio::error::timed_out, bytes};
        }
        return {result, bytes};
    }

    std::uint16_t port_;
    asio::io_context ioc_;
    asio::ssl::context tls_;
    asio::ssl::stream<tcp::socket> stream_;
    std::string received_;
};

struct response {
    unsigned status = 0;
    std::string head; ///< the status line and headers, with the blank line
    std::string body;
    std::size_t end = 0; ///< offset just past it in the received bytes
};

/// A header's value from a response head (case-insensitive name), or nullopt.
std::optional<std::string> header(const std::string& head, std::string name) {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    };
    const std::string h = lower(head);
    const auto at = h.find("\r\n" + lower(name) + ":");
    if (at == std::string::npos) return std::nullopt;
    auto start = at + 2 + name.size() + 1;
    while (start < head.size() && head[start] == ' ') ++start;
    return head.substr(start, head.find("\r\n", start) - start);
}

/// The complete response that starts at `from` in `bytes` (a 1xx has no body), or nullopt.
std::optional<response> response_at(const std::string& bytes, std::size_t from = 0) {
    const auto blank = bytes.find("\r\n\r\n", from);
    if (blank == std::string::npos || bytes.compare(from, 9, "HTTP/1.1 ") != 0) return std::nullopt;
    response r;
    r.head = bytes.substr(from, blank + 4 - from);
    r.status = static_cast<unsigned>(std::stoi(r.head.substr(9, 3)));
    std::size_t length = 0;
    if (r.status >= 200) {
        const auto cl = header(r.head, "Content-Length");
        if (!cl) return std::nullopt;
        length = std::stoull(*cl);
    }
    if (bytes.size() < blank + 4 + length) return std::nullopt;
    r.body = bytes.substr(blank + 4, length);
    r.end = blank + 4 + length;
    return r;
}

/// Whether `count` complete responses follow one another from the start of `bytes`.
bool has_responses(const std::string& bytes, std::size_t count) {
    std::size_t from = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto r = response_at(bytes, from);
        if (!r) return false;
        from = r->end;
    }
    return true;
}

std::vector<response> responses(const std::string& bytes) {
    std::vector<response> out;
    std::size_t from = 0;
    while (auto r = response_at(bytes, from)) {
        from = r->end;
        out.push_back(std::move(*r));
    }
    return out;
}

constexpr const char* price_query = R"({"query":"query { latestNmrPrice { priceUsd } }"})";

std::string request(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                    std::string extra_headers = {}) {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" + extra_headers +
        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string graphql_request(std::uint16_t port, const std::string& body = price_query) {
    return request(port, "POST", "/", body, "Content-Type: application/json\r\n");
}

/// The target (path and query) of an absolute URL.
std::string target_of(const std::string& url) { return url.substr(url.find('/', std::string("https://").size())); }

/// A fresh presigned PUT URL for a Classic predictions upload, and its key.
std::pair<std::string, std::string> upload_url(test::running_sandbox& box) {
    test::raw_https https{box};
    const auto answer = boost::json::parse(
        https
            .graphql(
                boost::json::object{
                    {"query", "query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { filename url } }"}},
                test::token(box))
            .body());
    const auto& auth = answer.at("data").at("submission_upload_auth").as_object();
    return {std::string(auth.at("url").as_string()), std::string(auth.at("filename").as_string())};
}

std::string create_submission_message(test::running_sandbox& box, const std::string& key) {
    test::raw_https https{box};
    const auto answer = boost::json::parse(
        https
            .graphql(
                boost::json::object{
                    {"query", "mutation($f: String!) { create_submission(filename: $f, tournament: 8) { id } }"},
                    {"variables", boost::json::object{{"f", key}}}},
                test::token(box))
            .body());
    if (const auto* errors = answer.as_object().if_contains("errors"))
        return std::string(errors->at(0).at("message").as_string());
    return "";
}

/// The first logged entry whose fault is `fault`, waiting for it a little.
std::optional<sandbox::http::logged_request> logged_with(test::running_sandbox& box, const std::string& fault) {
    const auto deadline = steady::now() + 5s;
    do {
        for (const auto& r : box.log().requests())
            if (r.fault == fault) return r;
        std::this_thread::sleep_for(10ms);
    } while (steady::now() < deadline);
    return std::nullopt;
}

bool is_ssl_decrypt_failure(const error_code& ec) {
    return ec.category() == asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC;
}

test::running_sandbox with_faults(const char* json) {
    auto config = test::running_sandbox::small_config();
    config.faults = faults::fault_plan::parse(json);
    return test::running_sandbox{config};
}

/// `data.<field>` of a GraphQL answer (the request's status must be 200 and error-free).
boost::json::value graphql_data(test::raw_https& https, const test::running_sandbox& box, const std::string& query,
                                boost::json::object variables = {}) {
    const auto res =
        https.graphql(boost::json::object{{"query", query}, {"variables", std::move(variables)}}, test::token(box));
    BOOST_TEST_REQUIRE(res.result_int() == 200u, res.body());
    const auto answer = boost::json::parse(res.body()).as_object();
    BOOST_TEST_REQUIRE(!answer.contains("errors"), res.body());
    return answer.at("data").as_object().begin()->value();
}

std::vector<std::string> listed_datasets(test::raw_https& https, const test::running_sandbox& box) {
    const auto listed = graphql_data(https, box, "query { listDatasets(tournament: 8) }");
    std::vector<std::string> names;
    for (const auto& n : listed.as_array()) names.emplace_back(n.as_string());
    return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(sandbox_faults)

BOOST_AUTO_TEST_CASE(idle_close_closes_an_idle_kept_alive_connection_after_the_time_and_not_before) {
    auto config = test::running_sandbox::small_config();
    // The status rule after idle_close still matches: requests pass over connection settings.
    config.faults = faults::fault_plan::parse(R"([{"kind":"idle_close","milliseconds":1000,"announce":true},
                                                  {"kind":"status","status":503,"target":"graphql","count":1}])");
    test::running_sandbox box{config};
    raw_tls c{box};
    c.open();

    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 1); }));
    const auto first = *response_at(c.received());
    BOOST_TEST(first.status == 503u);
    BOOST_TEST(header(first.head, "Keep-Alive").value_or("") == "timeout=1");

    // Idle for 600 ms, under the limit: the connection still serves.
    std::this_thread::sleep_for(600ms);
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 2); }));
    const auto answered = steady::now();
    const auto second = *response_at(c.received(), first.end);
    BOOST_TEST(second.status == 200u);
    BOOST_TEST(header(second.head, "Keep-Alive").value_or("") == "timeout=1");

    // Then idle: closed after about a second, without close_notify (a truncated TLS stream).
    const auto ec = c.read_to_end(5s);
    const auto idle = steady::now() - answered;
    BOOST_TEST(ec == asio::ssl::error::stream_truncated, ec.message());
    BOOST_TEST((idle >= 900ms), std::chrono::duration_cast<std::chrono::milliseconds>(idle).count() << " ms");
    BOOST_TEST((idle < 3000ms), std::chrono::duration_cast<std::chrono::milliseconds>(idle).count() << " ms");
    BOOST_TEST(c.received().size() == second.end); // nothing after the second answer

    const auto closed = logged_with(box, "idle close after 1000 ms");
    BOOST_REQUIRE(closed.has_value());
    BOOST_TEST(closed->connection == box.log().requests().front().connection);
    BOOST_TEST(box.log().handshakes() == 1u);
    // A connection setting: still in the plan, its count never used up.
    const auto rules = box.faults().to_json();
    BOOST_REQUIRE_EQUAL(rules.size(), 1u);
    BOOST_TEST(boost::json::serialize(rules.front()) == R"({"kind":"idle_close","milliseconds":1000,"announce":true})");
}

BOOST_AUTO_TEST_CASE(idle_close_announces_whole_seconds_at_least_one_and_only_when_asked) {
    auto box = with_faults(R"({"kind":"idle_close","milliseconds":2500,"announce":true})");
    raw_tls c{box};
    c.open();
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 1); }));
    BOOST_TEST(header(responses(c.received()).at(0).head, "Keep-Alive").value_or("") == "timeout=2");

    // Replaced at run time through the control endpoint; its own answer already follows it.
    BOOST_REQUIRE(!c.send(
        request(c.port(), "POST", "/_sandbox/faults", R"({"kind":"idle_close","milliseconds":300,"announce":true})")));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 2); }));
    const auto posted = responses(c.received()).at(1);
    BOOST_TEST(posted.status == 200u);
    BOOST_TEST(posted.body == R"({"rules":[{"kind":"idle_close","milliseconds":300,"announce":true}]})");
    BOOST_TEST(header(posted.head, "Keep-Alive").value_or("") == "timeout=1");

    box.faults().replace(faults::fault_plan::parse(R"({"kind":"idle_close","milliseconds":60000})"));
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 3); }));
    BOOST_TEST(!header(responses(c.received()).at(2).head, "Keep-Alive").has_value());
}

BOOST_AUTO_TEST_CASE(refuse_closes_the_next_connections_before_the_handshake) {
    auto box = with_faults(R"({"kind":"refuse","count":2})");
    for (int i = 0; i < 2; ++i) {
        raw_tls c{box};
        c.connect();
        const auto ec = c.handshake();
        // The server closed before sending its hello: EOF, or a reset if our hello had arrived.
        BOOST_TEST(
            (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset),
            ec.message());
    }
    BOOST_TEST(box.log().handshakes() == 0u);
    const auto log = box.log().requests();
    BOOST_REQUIRE_EQUAL(log.size(), 2u);
    for (const auto& r : log) {
        BOOST_TEST(r.fault == "connection refused after accept");
        BOOST_TEST(r.status == 0u);
        BOOST_TEST(r.method.empty());
    }

    raw_tls third{box}; // the count is used up
    third.open();
    BOOST_REQUIRE(!third.send(graphql_request(third.port())));
    BOOST_REQUIRE(!third.read_until([](const std::string& s) { return has_responses(s, 1); }));
    BOOST_TEST(response_at(third.received())->status == 200u);
    BOOST_TEST(box.log().handshakes() == 1u);
    BOOST_TEST(box.faults().to_json().empty());
}

BOOST_AUTO_TEST_CASE(reset_before_headers_reads_the_request_then_resets_without_a_byte) {
    auto box = with_faults(R"({"kind":"reset_before_headers","target":"graphql","count":1})");
    raw_tls c{box};
    c.open();
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    const auto ec = c.read_to_end();
    BOOST_TEST(ec == asio::error::connection_reset, ec.message());
    BOOST_TEST(c.received().empty());
    const auto logged = logged_with(box, "reset before headers");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->method == "POST");
    BOOST_TEST(logged->status == 0u);
    BOOST_TEST(logged->body_bytes_sent == 0u);

    raw_tls next{box}; // used up
    next.open();
    BOOST_REQUIRE(!next.send(graphql_request(next.port())));
    BOOST_REQUIRE(!next.read_until([](const std::string& s) { return has_responses(s, 1); }));
    BOOST_TEST(response_at(next.received())->status == 200u);
}

BOOST_AUTO_TEST_CASE(reset_before_headers_on_an_upload_reads_the_whole_body_and_stores_nothing) {
    test::running_sandbox box;
    const auto [url, key] = upload_url(box);
    box.faults().replace(faults::fault_plan::parse(R"({"kind":"reset_before_headers","target":"uploads","count":1})"));
    const std::string body(200u << 10, 'x');
    raw_tls c{box};
    c.open();
    BOOST_REQUIRE(!c.send(request(c.port(), "PUT", target_of(url), body)));
    const auto ec = c.read_to_end();
    BOOST_TEST(ec == asio::error::connection_reset, ec.message());
    BOOST_TEST(c.received().empty());
    const auto logged = logged_with(box, "reset before headers");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->method == "PUT");
    BOOST_TEST(logged->body_bytes_received == body.size()); // the client had finished sending
    BOOST_TEST(create_submission_message(box, key) == "submission file not found, was it uploaded correctly?");
}

BOOST_AUTO_TEST_CASE(corrupt_record_after_a_graphql_answers_bytes_fails_decryption) {
    auto box = with_faults(R"({"kind":"corrupt_record","target":"graphql","bytes":10,"count":1})");
    raw_tls c{box};
    c.open();
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    const auto ec = c.read_to_end();
    BOOST_TEST(is_ssl_decrypt_failure(ec), ec.message());
    BOOST_TEST(ec.message().find("bad record mac") != std::string::npos, ec.message());
    const auto blank = c.received().find("\r\n\r\n");
    BOOST_REQUIRE(blank != std::string::npos);
    const auto head = c.received().substr(0, blank + 4);
    BOOST_TEST(head.starts_with("HTTP/1.1 200 OK\r\n"));
    BOOST_TEST(std::stoull(header(head, "Content-Length").value_or("0")) > 10u);
    BOOST_TEST(c.received().size() == blank + 4 + 10); // exactly the announced bytes, then the bad record
    BOOST_TEST(c.received().substr(blank + 4) == R"({"data":{")");
    const auto logged = logged_with(box, "corrupt record after 10 bytes");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->body_bytes_sent == 10u);
}

BOOST_AUTO_TEST_CASE(corrupt_record_on_a_file_follows_half_of_it_by_default) {
    test::running_sandbox box; // 64 KiB files: the default is half, 32768 bytes
    test::raw_https https{box};
    const auto answer =
        boost::json::parse(https
                               .graphql(boost::json::object{
                                   {"query", R"(query { dataset(filename: "v5.2/train.parquet", tournament: 8) })"}})
                               .body());
    const std::string url(answer.at("data").at("dataset").as_string());
    const std::string whole = https.get(url).body();
    BOOST_REQUIRE_EQUAL(whole.size(), 65536u);

    box.faults().replace(faults::fault_plan::parse(R"({"kind":"corrupt_record","target":"files","count":1})"));
    raw_tls c{box};
    c.open();
    BOOST_REQUIRE(!c.send(request(c.port(), "GET", target_of(url), "")));
    const auto ec = c.read_to_end();
    BOOST_TEST(is_ssl_decrypt_failure(ec), ec.message());
    const auto blank = c.received().find("\r\n\r\n");
    BOOST_REQUIRE(blank != std::string::npos);
    BOOST_TEST(header(c.received().substr(0, blank + 4), "Content-Length").value_or("") == "65536");
    const std::string body = c.received().substr(blank + 4);
    BOOST_TEST(body.size() == 32768u);
    BOOST_TEST((body == whole.substr(0, 32768)));
    const auto logged = logged_with(box, "corrupt record");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->body_bytes_sent == 32768u);
}

BOOST_AUTO_TEST_CASE(interim_103_comes_before_the_answer_on_the_same_connection) {
    auto box = with_faults(R"({"kind":"interim_1xx","target":"graphql","count":1})");
    raw_tls c{box};
    c.open();
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 2); }));
    const auto got = responses(c.received());
    BOOST_TEST(got.at(0).head == "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
    BOOST_TEST(got.at(1).status == 200u);
    BOOST_TEST(got.at(1).body.find("latestNmrPrice") != std::string::npos);

    // The connection goes on: the next answer (the rule used up) has no interim response.
    BOOST_REQUIRE(!c.send(graphql_request(c.port())));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 3); }));
    BOOST_TEST(responses(c.received()).at(2).status == 200u);
    BOOST_TEST(box.log().handshakes() == 1u);
    BOOST_TEST(logged_with(box, "interim 103").has_value());
}

BOOST_AUTO_TEST_CASE(interim_100_on_an_upload_comes_before_the_body_is_read) {
    test::running_sandbox box;
    const auto [url, key] = upload_url(box);
    box.faults().replace(
        faults::fault_plan::parse(R"({"kind":"interim_1xx","status":100,"target":"uploads","count":1})"));
    const std::string body = test::read_file(box.ready().ca_file); // any bytes
    raw_tls c{box};
    c.open();
    std::string head = request(c.port(), "PUT", target_of(url), body);
    head.resize(head.size() - body.size()); // the head alone
    BOOST_REQUIRE(!c.send(head));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 1); }));
    BOOST_TEST(c.received() == "HTTP/1.1 100 Continue\r\n\r\n");

    BOOST_REQUIRE(!c.send(body));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 2); }));
    const auto stored = responses(c.received()).at(1);
    BOOST_TEST(stored.status == 200u);
    BOOST_TEST(header(stored.head, "ETag").value_or("") == "\"" + test::md5(body) + "\"");
    const auto logged = logged_with(box, "interim 100");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->body_bytes_received == body.size());
}

BOOST_AUTO_TEST_CASE(early_refusal_answers_while_the_body_is_still_unsent) {
    test::running_sandbox box;
    const auto [url, key] = upload_url(box);
    box.faults().replace(faults::fault_plan::parse(R"({"kind":"early_refusal","count":1})"));
    raw_tls c{box};
    c.open();
    // 8 MiB announced; the head and the first 64 KiB sent, and nothing more.
    const std::string head = "PUT " + target_of(url) + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(c.port()) +
        "\r\nContent-Length: 8388608\r\n\r\n";
    BOOST_REQUIRE(!c.send(head + std::string(64u << 10, 'p')));
    BOOST_REQUIRE(!c.read_until([](const std::string& s) { return has_responses(s, 1); }));
    const auto refused = *response_at(c.received());
    BOOST_TEST(refused.status == 400u);
    BOOST_TEST(header(refused.head, "Connection").value_or("") == "close");
    BOOST_TEST(header(refused.head, "Content-Type").value_or("") == "application/xml");
    BOOST_TEST(refused.body.find("<Error><Code>BadRequest</Code>") != std::string::npos, refused.body);
    // Then the end: close_notify (a clean EOF), soon, though 8 MiB - 64 KiB were never sent.
    const auto started = steady::now();
    const auto ec = c.read_to_end(5s);
    BOOST_TEST(ec == asio::error::eof, ec.message());
    BOOST_TEST((steady::now() - started < 3s));
    BOOST_TEST(c.received().size() == refused.end);

    const auto logged = logged_with(box, "early refusal 400 after 65536 bytes");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->status == 400u);
    BOOST_TEST(logged->body_bytes_received == 65536u);
    BOOST_TEST(create_submission_message(box, key) == "submission file not found, was it uploaded correctly?");
}

BOOST_AUTO_TEST_CASE(early_refusal_403_after_the_head_is_the_expired_url_answer) {
    test::running_sandbox box;
    const auto [url, key] = upload_url(box);
    box.faults().replace(faults::fault_plan::parse(R"([{"kind":"early_refusal","status":403,"bytes":0,"count":1},
                                                       {"kind":"expire_url","target":"uploads","count":1}])"));
    raw_tls early{box};
    early.open();
    BOOST_REQUIRE(!early.send("PUT " + target_of(url) + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(early.port()) +
                              "\r\nContent-Length: 1048576\r\n\r\n"));
    BOOST_REQUIRE(!early.read_until([](const std::string& s) { return has_responses(s, 1); }));
    const auto refused = *response_at(early.received());
    BOOST_TEST(refused.status == 403u);
    BOOST_TEST(refused.body.find("<Message>Request has expired</Message>") != std::string::npos, refused.body);
    BOOST_TEST(early.read_to_end() == asio::error::eof);

    raw_tls expired{box}; // the expire_url fault, for comparison
    expired.open();
    BOOST_REQUIRE(!expired.send(request(expired.port(), "PUT", target_of(url), "id,prediction\n")));
    BOOST_REQUIRE(!expired.read_until([](const std::string& s) { return has_responses(s, 1); }));
    const auto reference = *response_at(expired.received());
    BOOST_TEST(reference.status == 403u);
    BOOST_TEST(refused.body == reference.body);
    BOOST_TEST(header(refused.head, "Content-Type").value_or("") ==
               header(reference.head, "Content-Type").value_or("-"));

    const auto logged = logged_with(box, "early refusal 403 after 0 bytes");
    BOOST_REQUIRE(logged.has_value());
    BOOST_TEST(logged->body_bytes_received == 0u);
}

BOOST_AUTO_TEST_CASE(the_new_kinds_parse_list_and_refuse_nonsense) {
    const auto rules = faults::fault_plan::parse(R"([
        {"kind":"idle_close","milliseconds":1000},
        {"kind":"refuse"},
        {"kind":"reset_before_headers","target":"uploads","count":1},
        {"kind":"corrupt_record","target":"files"},
        {"kind":"interim_1xx"},
        {"kind":"early_refusal","status":413,"body":"too big","bytes":1024}])");
    faults::fault_plan plan;
    plan.replace(rules);
    BOOST_TEST(
        boost::json::serialize(plan.to_json()) ==
        R"([{"kind":"idle_close","milliseconds":1000,"announce":false},)"
        R"({"kind":"refuse","count":1},)"
        R"({"kind":"reset_before_headers","target":"uploads","count":1},)"
        R"({"kind":"corrupt_record","target":"files"},)"
        R"({"kind":"interim_1xx","target":"any","status":103},)"
        R"({"kind":"early_refusal","target":"uploads","status":413,"bytes":1024,"body":"too big","content_type":"application/xml"}])");
    // Requests pass over the two connection settings to the first request rule.
    BOOST_TEST((plan.take(faults::target_kind::graphql)->kind == faults::fault_rule::fault_kind::interim_1xx));
    BOOST_TEST((plan.take(faults::target_kind::uploads)->kind == faults::fault_rule::fault_kind::reset_before_headers));
    BOOST_TEST(plan.idle_close()->after.count() == 1000);
    BOOST_TEST(plan.take_refusal());
    BOOST_TEST(!plan.take_refusal()); // count 1 by default
    BOOST_TEST(plan.idle_close().has_value());

    for (const char* bad : {R"({"kind":"early_refusal","target":"graphql"})", R"({"kind":"idle_close"})",
                            R"({"kind":"idle_close","milliseconds":5,"count":2})",
                            R"({"kind":"refuse","target":"files"})", R"({"kind":"interim_1xx","status":200})",
                            R"({"kind":"early_refusal","status":200})", R"({"kind":"delay","announce":true})"})
        BOOST_CHECK_THROW(faults::fault_plan::parse(bad), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(hostile_names_are_listed_and_served_like_real_files) {
    auto box = with_faults(R"({"kind":"hostile_names"})");
    test::raw_https https{box};
    const std::vector<std::string> hostile{"../../escaped.parquet", "/tmp/numerapi-hostile/abs.parquet",
                                           "..\\..\\backslash.parquet", "v5.0/\x1b[31mred.parquet", "v5.0//x.parquet"};
    const auto listed = listed_datasets(https, box);
    BOOST_TEST(contains(listed, "v5.2/train.parquet")); // the real ones are still there
    BOOST_TEST(listed.size() == 9u + hostile.size());
    for (const auto& name : hostile) {
        BOOST_TEST_CONTEXT("dataset " << boost::json::serialize(boost::json::value(name))) {
            BOOST_TEST(contains(listed, name));
            // A presigned URL as for a real file, with nothing in it that a URL parser would
            // resolve or a log would show raw; it serves bytes.
            const std::string url(
                graphql_data(https, box, "query($f: String!) { dataset(filename: $f, tournament: 8) }", {{"f", name}})
                    .as_string());
            BOOST_TEST(url.starts_with(box.ready().api_url + "/hostile/8/"), url);
            BOOST_TEST(url.find("&signature=") != std::string::npos);
            BOOST_TEST(url.find("..") == std::string::npos);
            BOOST_TEST(url.find('\\') == std::string::npos);
            BOOST_TEST(std::all_of(url.begin(), url.end(), [](char c) { return c > ' ' && c < 0x7f; }));
            const auto res = https.get(url);
            BOOST_TEST(res.result_int() == 200u);
            BOOST_TEST(res.body().size() == 4096u);
            BOOST_TEST(!res[boost::beast::http::field::etag].empty());
            BOOST_TEST(https.get(url, {{boost::beast::http::field::range, "bytes=100-199"}}).body() ==
                       res.body().substr(100, 100));
        }
    }

    // The submission download names a hostile file; its URL is the real file's.
    const auto model_id = graphql_data(https, box, "query { account { models { id } } }").at("models").at(0).at("id");
    const auto submission_id =
        graphql_data(https, box, "query($m: String) { submissions(modelId: $m) { id } }", {{"m", model_id}})
            .at(0)
            .at("id");
    const auto auth = graphql_data(
        https, box, "query($id: String) { submissionDownloadAuth(id: $id) { filename url } }", {{"id", submission_id}});
    BOOST_TEST(auth.at("filename") == "../../escaped.csv");
    const auto submission = https.get(std::string(auth.at("url").as_string()));
    BOOST_TEST(submission.result_int() == 200u);
    BOOST_TEST(!submission.body().empty());

    // A setting, never used up: requests pass over it to the next rule.
    box.faults().add(faults::fault_plan::parse(R"({"kind":"status","status":503,"target":"graphql","count":1})").at(0));
    BOOST_TEST(https.graphql(boost::json::object{{"query", "query { listDatasets }"}}).result_int() == 503u);
    BOOST_TEST(contains(listed_datasets(https, box), "../../escaped.parquet"));

    box.faults().clear(); // gone from the answers, and from `dataset`
    BOOST_TEST(listed_datasets(https, box).size() == 9u);
    const auto refused =
        https.graphql(boost::json::object{{"query", R"(query { dataset(filename: "../../escaped.parquet") })"}});
    BOOST_TEST(boost::json::parse(refused.body()).at("errors").at(0).at("message") ==
               "Dataset not found: ../../escaped.parquet");
    BOOST_TEST(graphql_data(https, box, "query($id: String) { submissionDownloadAuth(id: $id) { filename } }",
                            {{"id", submission_id}})
                   .at("filename") != "../../escaped.csv");
}

BOOST_AUTO_TEST_CASE(hostile_names_chosen_by_the_rule_replace_the_defaults) {
    auto box = with_faults(
        R"({"kind":"hostile_names","names":["..","nul\u0000.parquet"],"submission_filename":"/tmp/x.csv"})");
    test::raw_https https{box};
    const auto listed = listed_datasets(https, box);
    BOOST_TEST(listed.size() == 11u);
    BOOST_TEST(contains(listed, ".."));
    BOOST_TEST(contains(listed, std::string("nul\0.parquet", 12)));
    BOOST_TEST(!contains(listed, "../../escaped.parquet"));
    for (const auto& name : {std::string(".."), std::string("nul\0.parquet", 12)}) {
        const std::string url(
            graphql_data(https, box, "query($f: String!) { dataset(filename: $f) }", {{"f", name}}).as_string());
        BOOST_TEST(https.get(url).result_int() == 200u, url);
    }
    BOOST_TEST(boost::json::serialize(box.faults().to_json()) ==
               R"([{"kind":"hostile_names","names":["..","nul\u0000.parquet"],"submission_filename":"/tmp/x.csv"}])");
}

BOOST_AUTO_TEST_CASE(hostile_names_rule_refuses_nonsense) {
    for (const char* bad : {R"({"kind":"hostile_names","target":"graphql"})", R"({"kind":"hostile_names","count":1})",
                            R"({"kind":"hostile_names","names":"../x"})", R"({"kind":"hostile_names","names":[1]})",
                            R"({"kind":"hostile_names","submission_filename":7})",
                            R"({"kind":"status","names":["../x"]})", R"({"kind":"delay","submission_filename":"x"})"})
        BOOST_CHECK_THROW(faults::fault_plan::parse(bad), std::invalid_argument);
    faults::fault_plan plan;
    plan.replace(faults::fault_plan::parse(R"({"kind":"hostile_names"})"));
    BOOST_TEST(!plan.take(faults::target_kind::graphql).has_value());
    BOOST_TEST(plan.hostile_names()->dataset_names == faults::default_hostile_names());
    BOOST_TEST(plan.hostile_names()->submission_filename == "../../escaped.csv");
}

BOOST_AUTO_TEST_SUITE_END()
