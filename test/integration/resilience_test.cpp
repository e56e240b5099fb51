// The retry and rate-limit layer against the sandbox's faults, asserted from the sandbox's
// log. Time is a virtual clock shared by the client and the log, so Retry-After and
// backoff waits take no real time; the rollover and rate-limit acceptance tests use real
// time, as they depend on the server's own clock.
#include "numerapi/access.hpp"
#include "support/expect_error.hpp"
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/virtual_clock.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;
using namespace std::chrono_literals;
using numerapi::test::expect_error;
namespace asio = boost::asio;
namespace faults = numerapi::sandbox::faults;

namespace {

/// A client on a virtual clock that also stamps the sandbox's log.
struct virtual_time_fixture {
    virtual_time_fixture() : api(detail::access::make_client(ioc.get_executor(), box.options(), nullptr, clock)) {
        box.log().set_clock([c = clock] { return c->now().time_since_epoch(); });
    }
    std::vector<sandbox::http::logged_request> logged() {
        std::vector<sandbox::http::logged_request> out;
        for (auto& r : box.log().requests())
            if (!r.path.starts_with("/_sandbox/")) out.push_back(std::move(r));
        return out;
    }

    test::running_sandbox box;
    std::shared_ptr<test::virtual_clock> clock = std::make_shared<test::virtual_clock>();
    asio::io_context ioc;
    client api;
};

/// A client on real time with quick backoff, for faults timed by the server.
struct real_time_fixture {
    real_time_fixture() : api(ioc.get_executor(), options()) {}
    client_options options() const {
        auto o = box.options();
        o.backoff = {.initial = 20ms, .maximum = 50ms};
        return o;
    }
    std::size_t count(const std::string& field) {
        std::size_t n = 0;
        for (const auto& r : box.log().requests())
            for (const auto& f : r.graphql_fields) n += f == field;
        return n;
    }
    boost::json::array submissions() {
        test::raw_https raw{box};
        return boost::json::parse(raw.get("/_sandbox/submissions").body()).as_array();
    }

    test::running_sandbox box;
    test::temp_dir dir;
    asio::io_context ioc;
    client api;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(resilience, virtual_time_fixture)

BOOST_AUTO_TEST_CASE(retry_after_2_is_honoured_on_the_injected_clock) {
    box.faults().replace(test::fault_rules(R"({"kind": "status", "status": 429, "retry_after": "2", "target": "graphql",
                                   "count": 1, "content_type": "application/json",
                                   "body": "{\"errors\": [{\"message\": \"Too Many Requests\"}]}"})"));
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    const auto seen = logged();
    BOOST_REQUIRE_EQUAL(seen.size(), 2u);
    BOOST_TEST(seen[0].status == 429u);
    BOOST_TEST(seen[1].status == 200u);
    BOOST_TEST((seen[1].clock - seen[0].clock >= 2s));           // no sooner than asked
    BOOST_TEST((std::chrono::steady_clock::now() - start < 1s)); // and no real sleeping
}

BOOST_AUTO_TEST_CASE(fifty_concurrent_calls_pause_together) {
    box.faults().replace(
        test::fault_rules(R"({"kind": "status", "status": 429, "retry_after": "2", "target": "graphql", "count": 1})"));
    int answered = 0;
    for (int i = 0; i < 50; ++i)
        asio::co_spawn(
            ioc, [&]() -> asio::awaitable<void> { answered += co_await api.get_current_round() == 1150; },
            asio::detached);
    ioc.run();
    BOOST_TEST(answered == 50);
    const auto seen = logged();
    std::vector<std::chrono::nanoseconds> throttled;
    for (const auto& r : seen)
        if (r.status == 429) throttled.push_back(r.clock);
    BOOST_REQUIRE_EQUAL(throttled.size(), 1u);
    const auto t0 = throttled.front();
    std::size_t after = 0;
    for (const auto& r : seen) {
        // The server saw nothing during the pause: every request came before the 429 was
        // answered, or 2 s or more after it.
        BOOST_TEST((r.clock <= t0 || r.clock >= t0 + 2s), "request " << r.sequence << " inside the pause");
        after += r.clock >= t0 + 2s;
    }
    BOOST_TEST(seen.size() == 51u); // 50 answers and the one 429
    BOOST_TEST(after >= 1u);
}

BOOST_AUTO_TEST_CASE(a_permanent_400_is_not_retried) {
    box.faults().replace(test::fault_rules(R"({"kind": "status", "status": 400, "target": "graphql", "count": 1,
        "content_type": "application/json", "body": "{\"errors\": [{\"message\": \"Unknown argument \\\"x\\\"\"}]}"})"));
    const auto e = expect_error([&] { test::run(ioc, api.get_current_round()); });
    BOOST_TEST(logged().size() == 1u);
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(e.diag().attempts == 1u);
    BOOST_TEST(!e.diag().retries_exhausted);
    BOOST_TEST(e.server_message() == "Unknown argument \"x\"");
    BOOST_TEST(std::string(e.what()).find("permanent failure after 1 attempt") != std::string::npos, e.what());
    BOOST_TEST(clock->sleeps().empty());
}

BOOST_AUTO_TEST_CASE(two_5xx_then_success) {
    box.faults().replace(test::fault_rules(R"({"kind": "status", "status": 503, "target": "graphql", "count": 2})"));
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    const auto seen = logged();
    BOOST_REQUIRE_EQUAL(seen.size(), 3u);
    BOOST_TEST(seen[0].status == 503u);
    BOOST_TEST(seen[1].status == 503u);
    BOOST_TEST(seen[2].status == 200u);
    BOOST_TEST(clock->sleeps().size() == 2u); // backed off twice, on the virtual clock
}

BOOST_AUTO_TEST_CASE(exhausted_retries_say_so_with_a_per_call_policy) {
    box.faults().replace(
        test::fault_rules(R"({"kind": "status", "status": 502, "target": "graphql", "body": "bad gateway"})"));
    const auto e = expect_error([&] { test::run(ioc, api.with({.retry = {.max_attempts = 3}}).get_current_round()); });
    BOOST_TEST(logged().size() == 3u); // the per-call policy, not the client's 5
    BOOST_TEST(e.diag().retries_exhausted);
    BOOST_TEST(e.diag().attempts == 3u);
    BOOST_TEST(std::string(e.what()).find("retries exhausted after 3 attempts") != std::string::npos, e.what());
    box.faults().clear();
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150); // the client's own policy is untouched
}

BOOST_AUTO_TEST_CASE(malformed_json_and_a_truncated_body_are_retried) {
    box.faults().replace(test::fault_rules(R"([{"kind": "malformed_json", "target": "graphql", "count": 1},
                                    {"kind": "truncate", "target": "graphql", "count": 1}])"));
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    const auto seen = logged();
    BOOST_REQUIRE_EQUAL(seen.size(), 3u);
    BOOST_TEST(seen[0].fault == "malformed_json");
    BOOST_TEST(seen[1].fault == "truncate");
    BOOST_TEST(seen[2].fault.empty());
}

BOOST_AUTO_TEST_CASE(a_stalled_server_times_out_cleanly) {
    client_options o = box.options();
    o.read_timeout = 300ms;
    client quick = detail::access::make_client(ioc.get_executor(), o, nullptr, clock);
    box.faults().replace(test::fault_rules(R"({"kind": "stall", "target": "graphql", "count": 1})"));
    const auto start = std::chrono::steady_clock::now();
    const auto e =
        expect_error([&] { test::run(ioc, quick.with({.retry = {.max_attempts = 1}}).get_current_round()); });
    const auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST((e.code() == boost::beast::error::timeout), e.what());
    BOOST_TEST((waited >= 300ms && waited < 5s));
    // The stalled connection was dropped, not pooled: the next call gets an answer.
    BOOST_TEST(test::run(ioc, quick.get_current_round()) == 1150);
    // With retries, a stall costs one timeout and the call succeeds.
    box.faults().replace(test::fault_rules(R"({"kind": "stall", "target": "graphql", "count": 1})"));
    BOOST_TEST(test::run(ioc, quick.get_current_round()) == 1150);
}

BOOST_AUTO_TEST_CASE(a_call_ends_at_its_deadline_whatever_the_read_timeout) {
    // A stalled answer, a read timeout of a minute: the call's deadline ends it first, on
    // both completion paths (the exception, and the error code with diagnostics).
    client_options o = box.options();
    o.read_timeout = std::chrono::minutes{1};
    o.retry.deadline = 400ms;
    client bounded{ioc.get_executor(), o};
    box.faults().replace(test::fault_rules(R"({"kind": "stall", "target": "graphql", "count": 2})"));
    auto start = std::chrono::steady_clock::now();
    const auto e = expect_error([&] { test::run(ioc, bounded.get_current_round()); });
    auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST((e.code() == errc::timeout), e.what());
    BOOST_TEST(e.diag().operation == "get_current_round");
    BOOST_TEST(e.diag().client_message == "the call's deadline of 400 ms passed");
    BOOST_TEST((waited >= 400ms && waited < 3s));

    diagnostics diag;
    boost::system::error_code ec;
    start = std::chrono::steady_clock::now();
    bounded.get_current_round(tournament::classic,
                              with_diagnostics([&](boost::system::error_code code, diagnostics d, int) {
                                  ec = code;
                                  diag = std::move(d);
                              }));
    ioc.restart();
    ioc.run();
    waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST((ec == errc::timeout), ec.message());
    BOOST_TEST((ec == numerapi::condition::timeout), ec.message());
    BOOST_TEST(diag.client_message == "the call's deadline of 400 ms passed");
    BOOST_TEST((waited >= 400ms && waited < 3s));
    // No deadline timer is left behind: test::run returns when the loop has no work left,
    // long before a 30 s deadline.
    auto roomy = call_policies();
    roomy.retry.deadline = 30s;
    start = std::chrono::steady_clock::now();
    BOOST_TEST(test::run(ioc, bounded.with(roomy).get_current_round()) == 1150);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 10s));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(round_rollover, real_time_fixture)

BOOST_AUTO_TEST_CASE(an_upload_refused_during_a_rollover_lands_once_in_the_new_round) {
    box.faults().replace(test::fault_rules(R"({"kind": "rollover", "milliseconds": 400, "target": "uploads"})"));
    const auto file = test::write_predictions(dir.path(), 8);
    const auto model_id = test::run(ioc, api.get_models(tournament::classic)).front().id;
    const std::string id = test::run(ioc, api.upload_predictions(file, model_id));
    const auto subs = submissions();
    BOOST_REQUIRE_EQUAL(subs.size(), 1u);
    BOOST_TEST(subs[0].as_object().at("id").as_string() == id);
    BOOST_TEST(subs[0].as_object().at("round").as_int64() == 1151); // the new round
    BOOST_TEST(count("create_submission") == 1u);
    BOOST_TEST(count("submission_upload_auth") == 2u); // the whole flow again, with a fresh URL
    std::size_t refused_puts = 0;
    for (const auto& r : box.log().requests()) refused_puts += r.method == "PUT" && r.status == 400;
    BOOST_TEST(refused_puts == 1u);
    BOOST_TEST(count("rounds") >= 2u); // polled until the round opened
}

BOOST_AUTO_TEST_CASE(a_create_refused_during_a_rollover_is_checked_then_made_once) {
    const auto file = test::write_predictions(dir.path(), 8);
    const auto model_id = test::run(ioc, api.get_models(tournament::classic)).front().id;
    // Upload auth passes; the rollover starts with create_submission, which is refused.
    box.faults().replace(test::fault_rules(R"([{"kind": "delay", "milliseconds": 0, "target": "graphql", "count": 1},
                                    {"kind": "rollover", "milliseconds": 400, "target": "graphql"}])"));
    const std::string id = test::run(ioc, api.upload_predictions(file, model_id));
    const auto subs = submissions();
    BOOST_REQUIRE_EQUAL(subs.size(), 1u);
    BOOST_TEST(subs[0].as_object().at("id").as_string() == id);
    BOOST_TEST(subs[0].as_object().at("round").as_int64() == 1151);
    BOOST_TEST(count("create_submission") == 2u); // refused once (400), made once
    BOOST_TEST(count("submissions") == 1u);       // asked before creating again
}

BOOST_AUTO_TEST_CASE(another_400_is_permanent_and_reported_at_once) {
    const auto file = test::write_predictions(dir.path(), 8);
    box.faults().replace(test::fault_rules(R"({"kind": "status", "status": 400, "target": "uploads", "count": 1,
        "content_type": "application/xml", "body": "<Error><Message>Bad Digest</Message></Error>"})"));
    const auto e = expect_error([&] { test::run(ioc, api.upload_predictions(file, "sandbox_model")); });
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(e.server_message() == "Bad Digest");
    BOOST_TEST(count("create_submission") == 0u);
    BOOST_TEST(count("submission_upload_auth") == 1u); // no second flow: the round is open
}

BOOST_AUTO_TEST_CASE(a_rollover_longer_than_the_wait_gives_up_clearly) {
    const auto file = test::write_predictions(dir.path(), 8);
    box.faults().replace(test::fault_rules(R"({"kind": "rollover", "milliseconds": 5000, "target": "graphql"})"));
    submit_options o;
    o.rollover_wait = 300ms;
    const auto e = expect_error([&] { test::run(ioc, api.upload_predictions(file, "sandbox_model", o)); });
    BOOST_TEST(e.code() == errc::round_not_open);
    BOOST_TEST(std::string(e.what()).find("did not open again") != std::string::npos, e.what());
    BOOST_TEST(submissions().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rate_limit_acceptance)

// Issue 6's acceptance: the sandbox answers 429 above 5 requests per second; 200 calls
// from 20 coroutines all succeed and fewer than 10 requests are answered 429. Real time:
// about 40 s, bounded by the server's rate.
BOOST_AUTO_TEST_CASE(two_hundred_calls_from_twenty_coroutines_under_a_5_per_second_limit) {
    test::running_sandbox box;
    box.faults().replace(test::fault_rules(R"({"kind": "rate_limit", "per_second": 5, "target": "graphql"})"));
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    int answered = 0, failed = 0;
    for (int c = 0; c < 20; ++c)
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                for (int i = 0; i < 10; ++i) {
                    try {
                        answered += co_await api.get_current_round() == 1150;
                    } catch (const error&) {
                        ++failed;
                    }
                }
            },
            asio::detached);
    ioc.run();
    BOOST_TEST(answered == 200);
    BOOST_TEST(failed == 0);
    std::size_t throttled = 0;
    for (const auto& r : box.log().requests()) throttled += r.status == 429;
    BOOST_TEST(throttled < 10u, throttled << " requests were answered 429");
    BOOST_TEST_MESSAGE("429 answers: " << throttled);
}

BOOST_AUTO_TEST_SUITE_END()
