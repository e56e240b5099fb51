// The one exchange against the ways real servers break a connection: each sandbox fault
// (idle_close, refuse, reset_before_headers, corrupt_record, interim_1xx, early_refusal,
// endless_chunk)
// against each kind of request (a query, a one-stream download, a 4-segment download, a
// PUT upload, a form POST upload, a mutation). Each test asserts the call's result or its
// numerapi::error (any other exception type fails the test), the bytes on disk, and the
// requests the server saw.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <thread>

using namespace numerapi;
using numerapi::test::expect_error;
using numerapi::test::read_file;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct exchange_fixture {
    static sandbox::sandbox_config config(bool forms = false) {
        auto c = test::running_sandbox::small_config();
        c.dataset_size = 1u << 20; // train.parquet: 1 MiB, four segments of 256 KiB
        c.upload_form = forms;
        return c;
    }
    explicit exchange_fixture(bool forms = false) : box(config(forms)), api(ioc.get_executor(), fast(box.options())) {}

    static client_options fast(client_options o) {
        o.backoff = {.initial = 1ms, .maximum = 5ms};
        return o;
    }
    void fault(const std::string& json) { box.faults().replace(sandbox::faults::fault_plan::parse(json)); }

    /// The file's bytes as the server has them, fetched outside the client.
    std::string reference(const std::string& name) {
        test::raw_https https{box};
        const auto answer = https.graphql(boost::json::object{{"query", "query($f: String!) { dataset(filename: $f) }"},
                                                              {"variables", {{"f", name}}}});
        return https.get(std::string(boost::json::parse(answer.body()).at("data").at("dataset").as_string())).body();
    }

    fs::path target() const { return dir.path() / "train.parquet"; }
    download_result download(unsigned segments = 1) {
        download_options o;
        o.segments = segments;
        o.min_segment_size = 64u << 10;
        return test::run(ioc, api.download_dataset("v5.2/train.parquet", target(), std::nullopt, o));
    }
    void check_downloaded() {
        BOOST_TEST((read_file(target()) == reference("v5.2/train.parquet")));
        BOOST_TEST(!fs::exists(target().string() + ".part"));
    }

    std::string submit(bool form = false) {
        const auto file = test::write_predictions(dir.path(), 8);
        submit_options o;
        o.use_form = form;
        return test::run(ioc, api.upload_predictions(file, "sandbox_model", o));
    }

    /// Logged requests whose path starts with `prefix` ("/datasets/", "/uploads/"), or
    /// whose GraphQL root field is `prefix`; waits up to 2 s for `at_least` of them (a
    /// request is logged once its answer is sent, which the client may see a moment before).
    std::vector<sandbox::http::logged_request> requests(const std::string& prefix, std::size_t at_least = 0) {
        std::vector<sandbox::http::logged_request> out;
        for (int i = 0; i < 100; ++i) {
            out.clear();
            for (auto& r : box.log().wait_for(0, 0ms))
                if (r.path.starts_with(prefix) ||
                    std::find(r.graphql_fields.begin(), r.graphql_fields.end(), prefix) != r.graphql_fields.end())
                    out.push_back(r);
            if (out.size() >= at_least) break;
            std::this_thread::sleep_for(20ms);
        }
        return out;
    }
    static std::set<std::uint64_t> connections(const std::vector<sandbox::http::logged_request>& rs) {
        std::set<std::uint64_t> out;
        for (const auto& r : rs) out.insert(r.connection);
        return out;
    }
    boost::json::array submissions() {
        test::raw_https raw{box};
        return boost::json::parse(raw.get("/_sandbox/submissions").body()).as_array();
    }

    test::running_sandbox box;
    test::temp_dir dir;
    boost::asio::io_context ioc;
    client api;
};

constexpr const char* set_bio = R"(mutation { setUserBio(value: "hello") })";

} // namespace

BOOST_AUTO_TEST_SUITE(exchange_faults)

// ---- idle_close: a server that closes idle kept-alive connections --------------------------

BOOST_AUTO_TEST_CASE(two_downloads_two_seconds_apart_survive_an_idle_close) {
    exchange_fixture f;
    f.fault(R"({"kind": "idle_close", "milliseconds": 1000})");
    BOOST_TEST(f.download().attempts == 1u);
    std::this_thread::sleep_for(2s);
    fs::remove(f.target());
    const auto second = f.download();
    BOOST_TEST(second.attempts == 1u); // the closed connection was seen before it was used
    const auto files = f.requests("/datasets/", 2);
    f.check_downloaded();
    BOOST_REQUIRE_EQUAL(files.size(), 2u);
    BOOST_TEST(files[0].connection != files[1].connection);
    BOOST_TEST(files[1].status == 200u);
}

BOOST_AUTO_TEST_CASE(segmented_downloads_after_idle_segments_were_closed) {
    exchange_fixture f;
    f.fault(R"({"kind": "idle_close", "milliseconds": 1000})");
    BOOST_TEST(f.download(4).segments == 4u);
    std::this_thread::sleep_for(2s);
    fs::remove(f.target());
    const auto second = f.download(4);
    BOOST_TEST(second.segments == 4u);
    BOOST_TEST(second.attempts == 5u); // the probe and four ranges, none failed
    f.check_downloaded();
}

BOOST_AUTO_TEST_CASE(queries_after_an_idle_close_and_a_keep_alive_timeout_is_honoured) {
    exchange_fixture f;
    // The server says `Keep-Alive: timeout=2` and closes after 2 s: the client leaves a
    // connection a second before, so it never meets the close, and a connection still open
    // after 1.5 s is not reused.
    f.fault(R"({"kind": "idle_close", "milliseconds": 2000, "announce": true})");
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
    std::this_thread::sleep_for(1500ms);
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
    const auto rounds = f.requests("rounds", 2);
    BOOST_REQUIRE_EQUAL(rounds.size(), 2u);
    BOOST_TEST(rounds[0].connection != rounds[1].connection); // not reused past timeout - 1 s
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
    BOOST_TEST(f.requests("rounds", 3).back().connection == rounds[1].connection); // reused within it
}

BOOST_AUTO_TEST_CASE(a_connection_that_died_during_a_pause_at_the_rate_gate_is_not_used) {
    // A 429 with Retry-After: 3 pauses every call to the host; the server closes connections
    // idle for 2 s. A mutation started during the pause took the kept-alive connection
    // (alive then), waited at the gate, and went out on it after the server had closed it:
    // lost, and never sent again (a stake change: answer_lost, exit 4), though the server
    // never saw it. Now the gate admits before the connection is trusted.
    exchange_fixture f;
    f.fault(R"([{"kind": "idle_close", "milliseconds": 2000},
                {"kind": "status", "status": 429, "retry_after": "3", "target": "graphql",
                 "query_contains": "rounds", "count": 1}])");
    const auto refused =
        expect_error([&] { test::run(f.ioc, f.api.with({.retry = {.max_attempts = 1}}).get_current_round()); });
    BOOST_TEST(refused.diag().http_status == 429u); // the gate is paused for 3 s from here
    const auto started = std::chrono::steady_clock::now();
    const auto data = test::run(f.ioc, f.api.raw_query(set_bio, nullptr, true));
    BOOST_TEST((std::chrono::steady_clock::now() - started >= 2500ms)); // it waited at the gate
    BOOST_TEST(data.at("setUserBio").as_bool());
    BOOST_TEST(f.requests("set_user_bio", 1).size() == 1u); // sent once, and it ran
}

// ---- refuse: connections closed right after accept ----------------------------------------

BOOST_AUTO_TEST_CASE(a_refused_connection_is_retried_for_every_kind_of_request) {
    exchange_fixture f;
    f.fault(R"({"kind": "refuse", "count": 1})");
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);

    client fresh{f.ioc.get_executor(), exchange_fixture::fast(f.box.options())};
    f.fault(R"({"kind": "refuse", "count": 1})");
    const auto data = test::run(f.ioc, fresh.raw_query(set_bio, nullptr, true)); // a mutation: never sent, so safe
    BOOST_TEST(data.at("setUserBio").as_bool());
    BOOST_TEST(f.requests("set_user_bio", 1).size() == 1u);

    const std::string url = test::run(f.ioc, f.api.dataset_url("v5.2/train.parquet"));
    client downloads{f.ioc.get_executor(), exchange_fixture::fast(f.box.options())};
    f.fault(R"({"kind": "refuse", "count": 1})");
    const auto r = test::run(f.ioc, downloads.download(url, f.target()));
    BOOST_TEST(r.attempts == 2u);
    f.check_downloaded();
}

BOOST_AUTO_TEST_CASE(a_refused_connection_with_no_retries_left_is_a_clean_error_that_sent_nothing) {
    exchange_fixture f;
    f.fault(R"({"kind": "refuse", "count": 1})");
    const auto e = expect_error(
        [&] { test::run(f.ioc, f.api.with({.retry = {.max_attempts = 1}}).raw_query(set_bio, nullptr, true)); });
    BOOST_TEST(!e.diag().request_sent);
    BOOST_TEST(e.diag().http_status == 0u);
    BOOST_TEST(e.diag().operation == "raw_query");
    BOOST_TEST(f.requests("set_user_bio").empty());
}

// ---- reset_before_headers ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_reset_before_the_headers_is_retried_for_idempotent_requests) {
    exchange_fixture f;
    f.fault(R"({"kind": "reset_before_headers", "target": "graphql", "count": 1})");
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
    BOOST_TEST(f.requests("rounds", 2).size() == 2u);

    f.fault(R"({"kind": "reset_before_headers", "target": "files", "count": 1})");
    BOOST_TEST(f.download().attempts == 2u);
    f.check_downloaded();

    fs::remove(f.target());
    f.fault(R"({"kind": "reset_before_headers", "target": "files", "count": 2})");
    const auto segmented = f.download(4);
    BOOST_TEST(segmented.segments == 4u);
    BOOST_TEST(segmented.attempts == 7u); // the probe and four ranges, two of them sent twice
    f.check_downloaded();

    f.fault(R"({"kind": "reset_before_headers", "target": "uploads", "count": 1})");
    const std::string id = f.submit();
    BOOST_TEST(f.submissions().back().at("id").as_string() == id);
    BOOST_TEST(f.requests("/uploads/", 2).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_reset_before_the_headers_of_a_form_post_is_retried) {
    exchange_fixture f{true};
    f.fault(R"({"kind": "reset_before_headers", "target": "uploads", "count": 1})");
    const std::string id = f.submit(true);
    BOOST_TEST(f.submissions().back().at("id").as_string() == id);
    const auto posts = f.requests("/uploads", 2);
    BOOST_REQUIRE_EQUAL(posts.size(), 2u);
    BOOST_TEST(posts[0].method == "POST");
    BOOST_TEST(posts[1].status == 204u);
}

BOOST_AUTO_TEST_CASE(a_mutation_reset_before_the_headers_is_not_sent_again) {
    exchange_fixture f;
    test::run(f.ioc, f.api.get_current_round()); // a kept-alive connection: even a stale one is not resent on
    f.fault(R"({"kind": "reset_before_headers", "target": "graphql", "count": 1})");
    const auto e = expect_error([&] { test::run(f.ioc, f.api.raw_query(set_bio, nullptr, true)); });
    BOOST_TEST((e.code() == boost::asio::error::connection_reset || e.code() == boost::asio::error::eof ||
                e.code() == boost::asio::ssl::error::stream_truncated));
    BOOST_TEST(e.diag().request_sent);
    BOOST_TEST(e.diag().attempts == 1u);
    BOOST_TEST(f.requests("set_user_bio", 1).size() == 1u); // the server ran it once; the client did not repeat it
    std::this_thread::sleep_for(200ms);
    BOOST_TEST(f.requests("set_user_bio").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stale_kept_alive_connection_is_replaced_without_using_the_retry_budget) {
    exchange_fixture f;
    auto once = f.api.with({.retry = {.max_attempts = 1}});
    BOOST_TEST(test::run(f.ioc, once.get_current_round()) > 0);
    f.fault(R"({"kind": "reset_before_headers", "target": "graphql", "count": 1})");
    BOOST_TEST(test::run(f.ioc, once.get_current_round()) > 0); // the reused one failed: sent again on a fresh one
    const auto rounds = f.requests("rounds", 3);
    BOOST_REQUIRE_EQUAL(rounds.size(), 3u);
    BOOST_TEST(rounds[1].connection == rounds[0].connection);
    BOOST_TEST(rounds[2].connection != rounds[1].connection);

    download_options o;
    BOOST_TEST(test::run(f.ioc, once.download_dataset("v5.2/train.parquet", f.target(), std::nullopt, o)).attempts ==
               1u);
    fs::remove(f.target());
    f.fault(R"({"kind": "reset_before_headers", "target": "files", "count": 1})");
    BOOST_TEST(test::run(f.ioc, once.download_dataset("v5.2/train.parquet", f.target(), std::nullopt, o)).attempts ==
               2u);
    f.check_downloaded();
}

// ---- corrupt_record: a damaged TLS record in the middle of a body ---------------------------

BOOST_AUTO_TEST_CASE(a_corrupt_record_is_retried_and_a_download_resumes_from_the_byte_reached) {
    exchange_fixture f;
    f.fault(R"({"kind": "corrupt_record", "target": "graphql", "count": 1})");
    BOOST_TEST(test::run(f.ioc, f.api.list_datasets()).size() > 1u);

    f.fault(R"({"kind": "corrupt_record", "target": "files", "bytes": 300000, "count": 1})");
    BOOST_TEST(f.download().attempts == 2u);
    const auto files = f.requests("/datasets/", 2);
    f.check_downloaded();
    BOOST_REQUIRE_EQUAL(files.size(), 2u);
    BOOST_TEST(files[1].range.starts_with("bytes="));
    BOOST_TEST(files[1].range != "bytes=0-");
    BOOST_TEST(files[1].status == 206u);

    fs::remove(f.target());
    f.box.log().clear();
    f.fault(R"({"kind": "corrupt_record", "target": "files", "bytes": 100000, "count": 2})");
    const auto segmented = f.download(4);
    BOOST_TEST(segmented.segments == 4u);
    BOOST_TEST(segmented.attempts >= 6u);
    f.check_downloaded();
}

// ---- interim_1xx ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(interim_answers_are_skipped_and_never_taken_for_the_next_calls_answer) {
    for (const char* status : {"100", "103"}) {
        exchange_fixture f;
        f.fault(std::string(R"({"kind": "interim_1xx", "status": )") + status + "}");
        const int round = test::run(f.ioc, f.api.get_current_round());
        const auto datasets = test::run(f.ioc, f.api.list_datasets()); // the same connection, its own answer
        BOOST_TEST(round > 0);
        BOOST_TEST(std::count(datasets.begin(), datasets.end(), "v5.2/train.parquet") == 1);
        BOOST_TEST(f.download().attempts == 1u);
        f.check_downloaded();
        fs::remove(f.target());
        BOOST_TEST(f.download(4).segments == 4u);
        f.check_downloaded();
        const std::string id = f.submit();
        BOOST_TEST(f.submissions().back().at("id").as_string() == id);
        BOOST_TEST(exchange_fixture::connections(f.requests("rounds", 1)).size() == 1u);
    }
    exchange_fixture forms{true};
    forms.fault(R"({"kind": "interim_1xx", "status": 100})");
    const std::string id = forms.submit(true);
    BOOST_TEST(forms.submissions().back().at("id").as_string() == id);
}

BOOST_AUTO_TEST_CASE(at_most_eight_interim_answers_and_never_a_101) {
    // Each interim answer restarted the read timeout, so a server could hold a call for ever
    // with them; a 101 was taken for the answer. Eight are taken, a ninth is refused; a 101
    // is refused and its connection not pooled.
    exchange_fixture f;
    f.fault(R"({"kind": "interim_1xx", "status": 103, "repeat": 8, "target": "graphql", "count": 1})");
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
    f.fault(R"({"kind": "interim_1xx", "status": 103, "repeat": 9, "target": "graphql", "count": 1})");
    const auto many = expect_error([&] { test::run(f.ioc, f.api.get_current_round()); });
    BOOST_TEST((many.code() == errc::invalid_response));
    BOOST_TEST(std::string(many.what()).find("more than 8 interim") != std::string::npos, many.what());
    BOOST_TEST(many.diag().attempts == 1u);

    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0); // on a new connection, kept
    f.fault(R"({"kind": "interim_1xx", "status": 101, "target": "graphql", "count": 1})");
    const auto handshakes = f.box.log().handshakes();
    const auto upgrade = expect_error([&] { test::run(f.ioc, f.api.get_current_round()); });
    BOOST_TEST((upgrade.code() == errc::invalid_response));
    BOOST_TEST(std::string(upgrade.what()).find("101 Switching Protocols") != std::string::npos, upgrade.what());
    BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
    BOOST_TEST(f.box.log().handshakes() == handshakes + 1); // the 101's connection was closed, not reused
}

// ---- early_refusal: an answer while the upload's body is still arriving ----------------------

BOOST_AUTO_TEST_CASE(an_early_refusal_is_reported_with_the_servers_answer) {
    exchange_fixture f;
    test::write_file(f.dir.path() / "big.csv", test::predictions_csv(8, 40000)); // ~1 MiB: refused mid-body
    f.fault(R"({"kind": "early_refusal", "status": 400, "target": "uploads",
                "body": "<Error><Code>EntityTooLarge</Code><Message>Your proposed upload is too large</Message></Error>"})");
    submit_options o;
    const auto e =
        expect_error([&] { test::run(f.ioc, f.api.upload_predictions(f.dir.path() / "big.csv", "sandbox_model", o)); });
    BOOST_TEST((e.code() == errc::http_status));
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(e.server_message() == "Your proposed upload is too large");
    BOOST_TEST(f.submissions().empty());
    BOOST_TEST(f.requests("create_submission").empty());
}

BOOST_AUTO_TEST_CASE(an_early_expired_url_refusal_gets_a_fresh_url) {
    exchange_fixture f;
    test::write_file(f.dir.path() / "big.csv", test::predictions_csv(8, 40000));
    f.fault(R"({"kind": "early_refusal", "status": 403, "target": "uploads", "count": 1})");
    submit_options o;
    const std::string id = test::run(f.ioc, f.api.upload_predictions(f.dir.path() / "big.csv", "sandbox_model", o));
    BOOST_TEST(f.submissions().back().at("id").as_string() == id);
    BOOST_TEST(f.requests("submission_upload_auth", 2).size() == 2u);
    const auto puts = f.requests("/uploads/", 2);
    BOOST_REQUIRE_EQUAL(puts.size(), 2u);
    BOOST_TEST(puts[0].status == 403u);
    BOOST_TEST(puts[1].status == 200u);
}

BOOST_AUTO_TEST_CASE(an_early_refusal_of_a_form_post_is_reported) {
    exchange_fixture f{true};
    test::write_file(f.dir.path() / "big.csv", test::predictions_csv(8, 40000));
    f.fault(R"({"kind": "early_refusal", "status": 400, "target": "uploads"})");
    submit_options o;
    o.use_form = true;
    const auto e =
        expect_error([&] { test::run(f.ioc, f.api.upload_predictions(f.dir.path() / "big.csv", "sandbox_model", o)); });
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(f.submissions().empty());
}

// ---- endless_chunk: chunked framing that never ends ---------------------------------------

BOOST_AUTO_TEST_CASE(framing_that_never_ends_is_refused_at_a_bound_and_never_retried) {
    // "1;" and then endless bytes, or the last chunk and then an endless trailer: without a
    // bound on what the connection buffers, the process grew at line rate (8 GiB seen) and
    // the download was retried 5 times. Now the read stops at the framing limit: a permanent
    // error that says so, one request, nothing at the final path.
    for (const std::string shape : {"extension", "trailer"}) {
        BOOST_TEST_CONTEXT("shape " << shape) {
            exchange_fixture f;
            const std::string rule = R"({"kind": "endless_chunk", "shape": ")" + shape + R"(", "target": ")";
            const auto faulted = [&] {
                std::size_t n = 0;
                for (const auto& r : f.box.log().wait_for(0, 0ms))
                    if (r.fault.starts_with("endless chunk")) ++n;
                return n;
            };
            f.fault(rule + R"(graphql"})");
            const auto q = expect_error([&] { test::run(f.ioc, f.api.get_current_round()); });
            BOOST_TEST((q.code() == errc::invalid_response));
            BOOST_TEST(q.diag().attempts == 1u);
            BOOST_TEST(std::string(q.what()).find("chunked framing") != std::string::npos);
            BOOST_TEST(faulted() == 1u);

            f.fault(rule + R"(files"})");
            const auto d = expect_error([&] { f.download(); });
            BOOST_TEST((d.code() == errc::invalid_response));
            BOOST_TEST(d.diag().attempts == 1u);
            BOOST_TEST(std::string(d.what()).find("ran past 256 KiB") != std::string::npos);
            BOOST_TEST(!fs::exists(f.target()));
            BOOST_TEST(faulted() == 2u);

            f.box.faults().clear(); // the client is not left broken
            BOOST_TEST(test::run(f.ioc, f.api.get_current_round()) > 0);
            BOOST_TEST(f.download().attempts == 1u);
            f.check_downloaded();
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
