// client_options::events against the sandbox: what a service would count. Each HTTP
// attempt is told once with its method, host, status, bytes and time; a retried failure
// is told with its delay; the rate gate's pauses and a round rollover's waits are told;
// the strings never hold the secret or a presigned URL's path or query; and a sink that
// throws changes nothing.
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace numerapi;
using namespace std::chrono_literals;
namespace faults = numerapi::sandbox::faults;

namespace {

struct told {
    event::kind what;
    std::string operation, host, method;
    unsigned status, attempt;
    std::uint64_t sent, received;
    std::chrono::milliseconds duration, delay;
    boost::system::error_code error;
};

struct events_fixture {
    events_fixture() : api(ioc.get_executor(), options()) {}
    client_options options() {
        auto o = box.options();
        o.backoff = {.initial = 20ms, .maximum = 50ms};
        o.events = [this](const event& e) {
            seen.push_back({e.what, std::string(e.operation), std::string(e.host), std::string(e.method), e.http_status,
                            e.attempt, e.bytes_sent, e.bytes_received, e.duration, e.delay, e.error});
        };
        return o;
    }
    std::vector<told> of(event::kind k) const {
        std::vector<told> out;
        for (const auto& e : seen)
            if (e.what == k) out.push_back(e);
        return out;
    }
    std::string host() const {
        const std::string url = box.options().api_url; // https://127.0.0.1:PORT/...
        const auto from = url.find("//") + 2;
        return url.substr(from, url.find('/', from) - from);
    }

    test::running_sandbox box;
    test::temp_dir dir;
    boost::asio::io_context ioc;
    std::vector<told> seen;
    client api;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(events, events_fixture)

BOOST_AUTO_TEST_CASE(each_attempt_and_each_retry_is_told) {
    box.faults().replace(test::fault_rules(R"({"kind": "status", "status": 502, "body": "<html>Bad Gateway</html>",
                                   "content_type": "text/html", "target": "graphql", "count": 1})"));
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    BOOST_REQUIRE_EQUAL(seen.size(), 3u); // attempt (502), retry, attempt (200)
    const auto& failed = seen[0];
    BOOST_TEST((failed.what == event::kind::attempt));
    BOOST_TEST(failed.operation == "get_current_round");
    BOOST_TEST(failed.method == "POST");
    BOOST_TEST(failed.host == host());
    BOOST_TEST(failed.status == 502u);
    BOOST_TEST((seen[1].what == event::kind::retry));
    BOOST_TEST(seen[1].operation == "get_current_round");
    BOOST_TEST(seen[1].attempt == 1u);
    BOOST_TEST(seen[1].status == 502u);
    BOOST_TEST((seen[1].delay >= 0ms && seen[1].delay <= 50ms));
    const auto& ok = seen[2];
    BOOST_TEST((ok.what == event::kind::attempt));
    BOOST_TEST(ok.status == 200u);
    BOOST_TEST(!ok.error);
    BOOST_TEST(ok.sent > 0u);
    BOOST_TEST(ok.received > 0u);
    BOOST_TEST(ok.attempt == 1u);
}

BOOST_AUTO_TEST_CASE(transfers_tell_their_bytes_and_never_their_url) {
    const auto url = test::run(ioc, api.dataset_url("v5.2/live.parquet"));
    seen.clear();
    const auto r = test::run(ioc, api.download(url, dir.path() / "live.parquet"));
    BOOST_REQUIRE_EQUAL(seen.size(), 1u);
    BOOST_TEST(seen[0].operation == "download");
    BOOST_TEST(seen[0].method == "GET");
    BOOST_TEST(seen[0].status == 200u);
    BOOST_TEST(seen[0].received == r.size);
    BOOST_TEST(seen[0].sent == 0u);

    const auto file = test::write_predictions(dir.path(), 8);
    boost::json::object variables;
    variables["f"] = "events.csv";
    const auto auth =
        test::run(ioc,
                  api.raw_query("query($f: String!) { submissionUploadAuth(filename: $f, tournament: 8) { url } }",
                                variables, true));
    const std::string put_url(auth.at("submissionUploadAuth").at("url").as_string());
    seen.clear();
    test::run(ioc, api.upload(put_url, file));
    BOOST_REQUIRE_EQUAL(seen.size(), 1u);
    BOOST_TEST(seen[0].method == "PUT");
    BOOST_TEST(seen[0].sent == std::filesystem::file_size(file));
    const std::string secret = box.options().keys->secret_key;
    for (const auto& e : seen)
        for (const auto& text : {e.operation, e.host, e.method}) {
            BOOST_TEST(text.find(secret) == std::string::npos);
            BOOST_TEST(text.find('/') == std::string::npos, text); // no path, so no query either
            BOOST_TEST(text.find('?') == std::string::npos, text);
        }
}

BOOST_AUTO_TEST_CASE(rate_gate_pauses_are_told) {
    client paced{ioc.get_executor(), [&] {
                     auto o = options();
                     o.rate_limit.requests_per_second = 10;
                     o.rate_limit.burst = 1;
                     return o;
                 }()};
    for (int i = 0; i < 3; ++i) BOOST_TEST(test::run(ioc, paced.get_current_round()) == 1150);
    const auto pauses = of(event::kind::rate_limit_pause);
    BOOST_REQUIRE_GE(pauses.size(), 1u); // 3 calls at 10 per second: the later ones wait
    for (const auto& p : pauses) {
        BOOST_TEST(p.host == host());
        BOOST_TEST((p.delay > 0ms && p.delay <= 100ms));
    }
    BOOST_TEST(of(event::kind::attempt).size() == 3u);
}

BOOST_AUTO_TEST_CASE(rollover_waits_are_told) {
    box.faults().replace(test::fault_rules(R"({"kind": "rollover", "milliseconds": 400, "target": "uploads"})"));
    const auto file = test::write_predictions(dir.path(), 8);
    const auto model_id = test::run(ioc, api.get_models(tournament::classic)).front().id;
    test::run(ioc, api.upload_predictions(file, model_id));
    const auto waits = of(event::kind::rollover_wait);
    BOOST_REQUIRE_GE(waits.size(), 1u);
    for (const auto& w : waits) {
        BOOST_TEST(w.operation == "upload_predictions");
        BOOST_TEST((w.delay >= 0ms && w.delay <= 50ms));
    }
}

BOOST_AUTO_TEST_CASE(a_sink_that_throws_changes_nothing) {
    auto o = box.options();
    unsigned calls = 0;
    o.events = [&](const event&) {
        ++calls;
        throw std::runtime_error("a broken metrics hook");
    };
    client api2{ioc.get_executor(), o};
    box.faults().replace(test::fault_rules(R"({"kind": "status", "status": 503, "target": "graphql", "count": 1})"));
    BOOST_TEST(test::run(ioc, api2.with({.backoff = {.initial = 1ms, .maximum = 2ms}}).get_current_round()) == 1150);
    BOOST_TEST(calls == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
