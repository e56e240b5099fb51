// The one retry loop on a virtual clock: which failures are retried, how long it waits,
// Retry-After, the attempt and time budgets, and what the final error says.
#include "numerapi/access.hpp"
#include "support/expect_error.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/scripted_transport.hpp"
#include "support/virtual_clock.hpp"

#include "numerapi/retry/backoff.hpp"
#include "numerapi/http/retry_after.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/retry/retry_loop.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;
using namespace std::chrono_literals;
using numerapi::test::expect_error;

namespace {

error http_failure(unsigned status, std::optional<std::chrono::seconds> retry_after = {}, std::string message = {}) {
    diagnostics d{.operation = "test_op", .http_status = status, .attempts = 1, .retry_after = retry_after};
    if (!message.empty()) d.server_messages.push_back(message);
    return error(make_error_code(status == 200 ? errc::graphql_error : errc::http_status), d);
}

error transport_failure(boost::system::error_code ec) { return error(ec, {.operation = "test_op", .attempts = 1}); }

/// Fails with the given errors in turn, then returns 42.
struct scripted_attempts {
    std::vector<error> failures;
    int calls = 0;
    boost::asio::awaitable<detail::outcome<int>> operator()() {
        const auto i = static_cast<std::size_t>(calls++);
        if (i < failures.size()) co_return detail::failure(failures[i]);
        co_return 42;
    }
};

struct loop_fixture {
    boost::asio::io_context ioc;
    test::virtual_clock clock;
    detail::rate_gate gate{clock, rate_limit_policy{.learn_from_429 = false}};
    std::mt19937_64 random{7};
    detail::retry_settings settings;

    /// The value, or the last failure thrown as numerapi::error.
    int run(scripted_attempts& script) {
        return test::run(
                   ioc,
                   detail::retry_run({clock, gate, random}, settings, "api.example.test:443", [&] { return script(); }))
            .value();
    }
    std::vector<std::chrono::milliseconds> sleeps() const { return clock.sleeps(); }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(retry_loop, loop_fixture)

BOOST_AUTO_TEST_CASE(transient_failures_then_success_waits_with_growing_jitter) {
    scripted_attempts script{{http_failure(503), http_failure(502)}};
    BOOST_TEST(run(script) == 42);
    BOOST_TEST(script.calls == 3);
    BOOST_REQUIRE(sleeps().size() == 2u);
    BOOST_TEST((sleeps()[0] <= 500ms));  // initial
    BOOST_TEST((sleeps()[1] <= 1000ms)); // initial * 2
}

BOOST_AUTO_TEST_CASE(retry_after_replaces_the_backoff) {
    scripted_attempts script{{http_failure(429, 2s, "Too Many Requests")}};
    BOOST_TEST(run(script) == 42);
    BOOST_REQUIRE(sleeps().size() == 1u);
    BOOST_TEST((sleeps()[0] == 2000ms)); // exactly: no sooner than the server asked
}

BOOST_AUTO_TEST_CASE(retry_after_is_capped_by_the_policy) {
    settings.backoff.max_retry_after = 30s;
    scripted_attempts script{{http_failure(503, std::chrono::seconds{3600})}};
    settings.retry.max_elapsed = std::chrono::hours{2};
    BOOST_TEST(run(script) == 42);
    BOOST_TEST((sleeps().at(0) == 30000ms));
}

BOOST_AUTO_TEST_CASE(permanent_400_is_not_retried) {
    scripted_attempts script{{http_failure(400, {}, "Cannot query field")}};
    const auto e = expect_error([&] { run(script); });
    BOOST_TEST(script.calls == 1);
    BOOST_TEST(sleeps().empty());
    BOOST_TEST(e.diag().attempts == 1u);
    BOOST_TEST(!e.diag().retries_exhausted);
    BOOST_TEST(e.server_message() == "Cannot query field");
}

BOOST_AUTO_TEST_CASE(graphql_error_in_a_200_is_not_retried) {
    scripted_attempts script{{http_failure(200, {}, "Dataset not found")}};
    expect_error([&] { run(script); });
    BOOST_TEST(script.calls == 1);
}

BOOST_AUTO_TEST_CASE(exhausted_retries_say_so_with_the_count_and_last_message) {
    settings.retry.max_attempts = 3;
    scripted_attempts script{
        {http_failure(502, {}, "first"), http_failure(502, {}, "second"), http_failure(504, {}, "third")}};
    const auto e = expect_error([&] { run(script); });
    BOOST_TEST(script.calls == 3);
    BOOST_TEST(sleeps().size() == 2u);
    BOOST_TEST(e.diag().attempts == 3u);
    BOOST_TEST(e.diag().retries_exhausted);
    BOOST_TEST(e.diag().http_status == 504u);
    BOOST_TEST(e.server_message() == "third");
    BOOST_TEST(std::string(e.what()).find("retries exhausted after 3 attempts") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(time_budget_stops_before_the_attempt_budget) {
    settings.retry.max_attempts = 100;
    settings.retry.max_elapsed = 5s;
    std::vector<error> failures(100, http_failure(429, 2s));
    scripted_attempts script{failures};
    const auto e = expect_error([&] { run(script); });
    BOOST_TEST(script.calls == 3); // waits 2 s, 2 s; a third wait would end past 5 s
    BOOST_TEST(e.diag().retries_exhausted);
    BOOST_TEST((clock.elapsed() == 4000ms));
}

BOOST_AUTO_TEST_CASE(a_cancel_during_the_wait_ends_the_loop_with_the_cancellation) {
    // The wait before the second attempt is cut short: the loop ends there, with a value
    // that is the cancellation (not the 503 it was waiting on), and sends nothing more.
    test::virtual_clock waits{test::virtual_clock::mode::discrete_events};
    detail::rate_gate open_gate{waits, rate_limit_policy{.learn_from_429 = false}};
    scripted_attempts script{{http_failure(503, 30s, "busy")}};
    boost::asio::cancellation_signal cancel;
    std::exception_ptr thrown;
    std::optional<detail::outcome<int>> ended;
    boost::asio::co_spawn(
        ioc, detail::retry_run({waits, open_gate, random}, settings, "api.example.test:443", [&] { return script(); }),
        boost::asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, detail::outcome<int> r) {
            thrown = e;
            ended = std::move(r);
        }));
    ioc.poll(); // the first attempt failed; the loop waits 30 s
    BOOST_REQUIRE(!ended);
    BOOST_TEST(script.calls == 1);
    cancel.emit(boost::asio::cancellation_type::terminal);
    ioc.restart();
    ioc.poll();
    BOOST_REQUIRE(ended.has_value());
    BOOST_TEST(!thrown); // a value, not an exception
    BOOST_REQUIRE(!ended->has_value());
    const detail::failure& f = ended->error();
    BOOST_TEST((f.code == boost::asio::error::operation_aborted));
    BOOST_TEST(f.diag.operation == "test_op");
    BOOST_TEST(f.diag.attempts == 1u);
    BOOST_TEST(f.diag.http_status == 0u); // the cancellation's, not the 503's
    BOOST_TEST(!f.diag.request_sent);
    BOOST_TEST(f.diag.client_message.find("while waiting before attempt 2 (after HTTP 503") != std::string::npos);
    BOOST_TEST(!detail::judge(f).transient);
    BOOST_TEST(script.calls == 1);
    BOOST_TEST((waits.elapsed() < 30s));
}

BOOST_AUTO_TEST_CASE(mutation_is_not_repeated_after_a_reset) {
    settings.idempotent = false;
    scripted_attempts script{{transport_failure(boost::asio::error::connection_reset)}};
    const auto e = expect_error([&] { run(script); });
    BOOST_TEST(script.calls == 1);
    BOOST_TEST(!e.diag().retries_exhausted);
}

BOOST_AUTO_TEST_CASE(mutation_is_repeated_when_the_server_refused_it) {
    settings.idempotent = false;
    scripted_attempts script{{http_failure(429, 1s), transport_failure(boost::asio::error::connection_refused)}};
    BOOST_TEST(run(script) == 42);
    BOOST_TEST(script.calls == 3);
}

BOOST_AUTO_TEST_CASE(tls_certificate_failure_is_permanent) {
    const boost::system::error_code ec{static_cast<int>(0x1416F086), boost::asio::error::get_ssl_category()};
    scripted_attempts script{{transport_failure(ec)}};
    expect_error([&] { run(script); });
    BOOST_TEST(script.calls == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(error_text)

BOOST_AUTO_TEST_CASE(what_is_one_line_without_a_source_location) {
    // Boost's system_error::what() ends with "[system:111 at /usr/include/boost/asio/...:93:5
    // in function ...]" when the code carries a location, as Asio's do.
    static constexpr boost::source_location here = BOOST_CURRENT_LOCATION;
    const boost::system::error_code refused(ECONNREFUSED, boost::system::system_category(), &here);
    const numerapi::error e(refused, {.operation = "get_current_round", .attempts = 5, .retries_exhausted = true});
    BOOST_TEST(std::string(e.what()) == "get_current_round [retries exhausted after 5 attempts]: " + refused.message());
    BOOST_TEST(e.code().has_location()); // kept for a debugger
    const numerapi::error ours(make_error_code(numerapi::errc::io_error),
                               {.operation = "download", .client_message = "cannot write x"});
    BOOST_TEST(std::string(ours.what()) == "download: cannot write x: local file error");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_policies)

BOOST_AUTO_TEST_CASE(classification_table) {
    using detail::classify;
    using detail::failure_class;
    for (unsigned s : {408u, 429u, 500u, 502u, 503u, 504u})
        BOOST_TEST((classify(make_error_code(errc::http_status), s) == failure_class::transient), s);
    for (unsigned s : {200u, 400u, 401u, 403u, 404u, 413u, 501u})
        BOOST_TEST((classify(make_error_code(errc::http_status), s) == failure_class::permanent), s);
    for (auto ec : {boost::system::error_code(boost::asio::error::connection_reset),
                    boost::system::error_code(boost::asio::error::connection_refused),
                    boost::system::error_code(boost::asio::error::eof),
                    boost::system::error_code(boost::asio::ssl::error::stream_truncated),
                    boost::system::error_code(boost::beast::error::timeout), make_error_code(errc::timeout)})
        BOOST_TEST((classify(ec, 0) == failure_class::transient), ec.message());
    for (auto ec : {boost::system::error_code(boost::asio::error::operation_aborted),
                    boost::system::error_code(boost::asio::error::host_not_found),
                    make_error_code(errc::credentials_missing), make_error_code(errc::invalid_argument)})
        BOOST_TEST((classify(ec, 0) == failure_class::permanent), ec.message());
    // A cancellation is final even with the status of the answer it came after (the retry
    // loop's wait keeps none, but a flow may carry one).
    BOOST_TEST((classify(boost::asio::error::operation_aborted, 503) == failure_class::permanent));
}

// judge(): what each loop asks of a failure, in one verdict.
BOOST_AUTO_TEST_CASE(one_verdict_for_every_loop) {
    using detail::judge;
    const auto failed = [](boost::system::error_code code, unsigned status, bool sent = true) {
        return detail::failure(code, {.operation = "op", .http_status = status, .request_sent = sent});
    };
    // A 503 after the request went out: try again, but it may have run.
    auto v = judge(failed(make_error_code(errc::http_status), 503));
    BOOST_TEST((v.transient && !v.surely_not_run && v.outcome_unknown));
    // A 429, a refused connection, a reset before anything was sent: it did not run.
    for (const auto& e :
         {failed(make_error_code(errc::http_status), 429), failed(boost::asio::error::connection_refused, 0),
          failed(boost::asio::error::connection_reset, 0, false)}) {
        v = judge(e);
        BOOST_TEST((v.transient && v.surely_not_run && !v.outcome_unknown), e.code.message());
    }
    // A reset after it was sent: unknown.
    BOOST_TEST(judge(failed(boost::asio::error::connection_reset, 0)).outcome_unknown);
    // An expired URL (a fresh one was fetched): transient.
    v = judge(failed(make_error_code(errc::url_expired), 403));
    BOOST_TEST((v.transient && !v.round_changing));
    // No open round: final for the call, a rollover for the submission flow.
    v = judge(failed(make_error_code(errc::round_not_open), 200));
    BOOST_TEST((!v.transient && v.round_changing && !v.outcome_unknown));
    // A GraphQL error: final, and known to have been answered.
    v = judge(failed(make_error_code(errc::graphql_error), 200));
    BOOST_TEST((!v.transient && !v.outcome_unknown && !v.round_changing));

    // A kept-alive connection's failure may be staleness, unless it is ours or a cancel.
    using detail::may_be_stale;
    BOOST_TEST(may_be_stale(boost::asio::error::eof));
    BOOST_TEST(may_be_stale(boost::asio::error::connection_reset));
    BOOST_TEST(!may_be_stale(boost::asio::error::operation_aborted));
    BOOST_TEST(!may_be_stale(boost::beast::error::timeout));
    BOOST_TEST(!may_be_stale(make_error_code(errc::timeout)));
}

BOOST_AUTO_TEST_CASE(full_jitter_stays_within_the_truncated_exponential) {
    backoff_policy p{.initial = 100ms, .maximum = 1000ms, .multiplier = 2.0};
    std::mt19937_64 random{1};
    for (unsigned retry = 1; retry <= 8; ++retry) {
        const auto ceiling = std::min<std::chrono::milliseconds>(1000ms, 100ms * (1 << (retry - 1)));
        std::chrono::milliseconds largest{0};
        for (int i = 0; i < 2000; ++i) {
            const auto d = detail::backoff_delay(p, retry, random, std::nullopt);
            BOOST_TEST((d >= 0ms && d <= ceiling));
            largest = std::max(largest, d);
        }
        BOOST_TEST((largest > ceiling / 2)); // jitter spans the range
    }
}

BOOST_AUTO_TEST_CASE(retry_after_in_seconds_or_as_an_http_date) {
    const auto now = std::chrono::system_clock::from_time_t(1445412480); // Wed, 21 Oct 2015 07:28:00 GMT
    BOOST_TEST((detail::parse_retry_after("120", now).value() == 120s));
    BOOST_TEST((detail::parse_retry_after(" 2 ", now).value() == 2s));
    BOOST_TEST((detail::parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now).value() == 30s));
    BOOST_TEST((detail::parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now).value() == 0s));
    BOOST_TEST(!detail::parse_retry_after("", now).has_value());
    BOOST_TEST(!detail::parse_retry_after("-5", now).has_value());
    BOOST_TEST(!detail::parse_retry_after("soon", now).has_value());
}

BOOST_AUTO_TEST_CASE(a_huge_retry_after_is_a_day_and_never_overflows_a_duration) {
    const auto now = std::chrono::system_clock::from_time_t(1445412480);
    BOOST_TEST((detail::parse_retry_after("99999999999", now).value() == 86400s));
    BOOST_TEST((detail::parse_retry_after("9223372036854775807", now).value() == 86400s));
    BOOST_TEST((detail::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now).value() == 86400s));
    // What the retry loop does with it: a wait no longer than the policy's cap.
    std::mt19937_64 random{1};
    const backoff_policy policy;
    BOOST_TEST((detail::backoff_delay(policy, 1, random, detail::parse_retry_after("99999999999", now)) ==
                policy.max_retry_after));
}

BOOST_AUTO_TEST_CASE(client_retries_a_gateway_error_through_the_one_loop) {
    boost::asio::io_context ioc;
    auto script = std::make_shared<test::scripted_transport::script>();
    script->answers.push_back(test::reply(503, "<html>unavailable</html>", "text/html"));
    script->answers.push_back(test::reply(502, "<html>bad gateway</html>", "text/html"));
    script->answers.push_back(test::reply(200, R"({"data":{"rounds":[{"number":1150}]}})"));
    client_options o;
    o.api_url = "https://api.example.test/";
    o.backoff = {.initial = 1ms, .maximum = 2ms};
    client api = detail::access::make_client(ioc.get_executor(), o, std::make_unique<test::scripted_transport>(script));
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    BOOST_TEST(script->seen.size() == 3u);
}

BOOST_AUTO_TEST_CASE(client_does_not_repeat_a_mutation_after_a_gateway_error) {
    boost::asio::io_context ioc;
    auto script = std::make_shared<test::scripted_transport::script>();
    script->answers.push_back(test::reply(502, "<html>bad gateway</html>", "text/html"));
    client_options o;
    o.api_url = "https://api.example.test/";
    o.keys = credentials{"ID", "SECRET"};
    client api = detail::access::make_client(ioc.get_executor(), o, std::make_unique<test::scripted_transport>(script));
    const auto e =
        expect_error([&] { test::run(ioc, api.raw_query(R"(mutation { setUserBio(value: "x") })", nullptr, true)); });
    BOOST_TEST(script->seen.size() == 1u);
    BOOST_TEST(e.diag().http_status == 502u);
}

BOOST_AUTO_TEST_SUITE_END()
