// round_watcher against an in-process sandbox whose rounds and scores are moved from its
// control endpoints: a new round and a day of scores are delivered, with no more requests
// than the polling plan allows; a new submission and a diagnostics run's course are told;
// the watcher sleeps until the round_closing moment instead of polling; failed looks back
// off; cancelling ends next() cleanly.
#include "support/expect_error.hpp"
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/round_watcher.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <thread>
#include <type_traits>
#include <variant>

using namespace numerapi;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace http = boost::beast::http;

// Two copies would share one memory and could run next() on it at once: a watcher moves.
static_assert(!std::is_copy_constructible_v<round_watcher> && !std::is_copy_assignable_v<round_watcher>);
static_assert(std::is_nothrow_move_constructible_v<round_watcher>);

namespace {

struct watcher_fixture {
    template <class T>
    T run(asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }

    /// POSTs to a control endpoint from another thread after `delay`, while next() waits.
    std::thread trigger_after(std::chrono::milliseconds delay, std::string path, std::string body = "{}") {
        return std::thread([this, delay, path = std::move(path), body = std::move(body)] {
            std::this_thread::sleep_for(delay);
            const auto answer = test::raw_https(box).send(http::verb::post, path, body);
            triggered = boost::json::parse(answer.body()).as_object();
        });
    }
    /// Requests that named this root field, as the sandbox logs it.
    std::size_t requests_naming(std::string_view field) {
        std::size_t n = 0;
        for (const auto& r : box.log().requests())
            n += std::find(r.graphql_fields.begin(), r.graphql_fields.end(), field) != r.graphql_fields.end();
        return n;
    }
    /// GraphQL requests the sandbox answered (control requests left out).
    std::size_t api_requests() {
        std::size_t n = 0;
        for (const auto& r : box.log().requests()) n += !r.path.starts_with("/_sandbox/");
        return n;
    }

    test::running_sandbox box;
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    boost::json::object triggered;
};

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

} // namespace

BOOST_FIXTURE_TEST_SUITE(round_watcher_events, watcher_fixture)

BOOST_AUTO_TEST_CASE(a_new_round_and_released_scores_within_the_polling_plan) {
    round_watcher watcher{api, {.model = "sandbox_model", .max_interval = 200ms}};
    const auto t0 = std::chrono::steady_clock::now();
    auto trigger = trigger_after(700ms, "/_sandbox/next_round");
    const round_event opened = run(watcher.next());
    trigger.join();
    const double waited = seconds(std::chrono::steady_clock::now() - t0);

    BOOST_TEST((opened.what == round_event::kind::round_opened));
    BOOST_TEST(opened.round_number == 1151);
    BOOST_TEST(opened.round_number == triggered.at("round").as_int64());
    BOOST_TEST(opened.tournament == 8);
    BOOST_REQUIRE(opened.close_time.has_value());
    BOOST_TEST(waited >= 0.7);

    // The plan: a look at once, then one per max_interval at most (the round closes in a
    // day, today's scores are not due): no more looks than the time allows.
    auto stats = watcher.statistics();
    BOOST_TEST(stats.looks >= 2u);
    BOOST_TEST(stats.looks <= static_cast<std::uint64_t>(waited / 0.2) + 2u);
    // Each look: the open round and the model's payouts; once: the model's name, today's pipeline.
    BOOST_TEST(stats.requests == 2 * stats.looks + 2);
    BOOST_TEST(api_requests() == stats.requests); // and nothing was retried behind its back
    BOOST_REQUIRE(stats.next_look.has_value());

    auto release = trigger_after(300ms, "/_sandbox/release_scores", R"({"tournament": 8})");
    const round_event scored = run(watcher.next());
    release.join();
    BOOST_TEST((scored.what == round_event::kind::scores_released));
    BOOST_TEST(scored.round_number == triggered.at("round").as_int64());
    BOOST_TEST(scored.day == triggered.at("day").as_int64());
    BOOST_TEST(scored.day == 1);
    BOOST_TEST(scored.model_id == run(api.get_models()).front().id);
    stats = watcher.statistics();
    BOOST_TEST(stats.requests == 2 * stats.looks + 2);
    BOOST_TEST(stats.failed_looks == 0u);
}

BOOST_AUTO_TEST_CASE(a_new_submission_and_a_failing_diagnostics_run_are_told) {
    const std::string model_id = run(api.get_models()).front().id;
    const std::string run_id =
        run(api.upload_diagnostics(predictions_data{"diag.csv", test::predictions_csv(8, 150)}, model_id));
    test::raw_https(box).send(http::verb::post, "/_sandbox/diagnostics",
                              R"({"id": ")" + run_id + R"(", "status": "pending"})");
    round_watcher watcher{api,
                          {.model = model_id, .submissions = true, .diagnostics = {run_id}, .max_interval = 200ms}};

    // The first look tells the followed run as it is; the submissions already made are not news.
    const round_event pending = run(watcher.next());
    BOOST_TEST((pending.what == round_event::kind::diagnostics_updated));
    BOOST_TEST(pending.diagnostics_id == run_id);
    BOOST_TEST(pending.model_id == model_id);
    BOOST_TEST(pending.status == "pending");
    BOOST_TEST(watcher.statistics().looks == 1u);
    // The open round, the pipeline, the payouts, the submissions, the run (an id needs no lookup).
    BOOST_TEST(watcher.statistics().requests == 5u);

    // A submission made meanwhile (here by the same client) is told once, as accepted.
    const std::string submission_id =
        run(api.upload_predictions(predictions_data{"p.csv", test::predictions_csv(8, 150)}, model_id));
    const round_event accepted = run(watcher.next());
    BOOST_TEST((accepted.what == round_event::kind::submission_accepted));
    BOOST_TEST(accepted.submission_id == submission_id);
    BOOST_TEST(accepted.model_id == model_id);
    BOOST_TEST(accepted.round_number == 1150);
    BOOST_TEST(accepted.filename.ends_with("p.csv"));

    // The run fails: told with the server's message, and nothing else is told on the way.
    auto fail = trigger_after(500ms, "/_sandbox/diagnostics",
                              R"({"id": ")" + run_id + R"(", "status": "failed", "message": "No eras accepted"})");
    const round_event failed = run(watcher.next());
    fail.join();
    BOOST_TEST((failed.what == round_event::kind::diagnostics_updated));
    BOOST_TEST(failed.status == "failed");
    BOOST_TEST(failed.message == "No eras accepted");
    BOOST_TEST(triggered.at("status").as_string() == "failed");

    // Every look asked for the submissions and the run once; the plan's cost, nothing more.
    const auto stats = watcher.statistics();
    BOOST_TEST(stats.failed_looks == 0u);
    BOOST_TEST(requests_naming("submissions") == stats.looks);
    BOOST_TEST(requests_naming("diagnostics") == stats.looks);
    // and pipeline_status once per UTC day (twice if the test ran across midnight)
    BOOST_TEST(stats.requests == 4 * stats.looks + requests_naming("pipeline_status"));
    BOOST_TEST(requests_naming("pipeline_status") <= 2u);
    // It remembers what the API lists now, the new submission included, and nothing else.
    BOOST_TEST(stats.remembered ==
               run(api.list_submissions(model_id)).size() + run(api.payouts_per_round(model_id)).size());
    BOOST_TEST(stats.remembered > 0u);

    // Submissions or diagnostics need the model they belong to.
    const auto e = test::expect_error([&] { round_watcher{api, {.submissions = true}}; });
    BOOST_TEST((e.code() == errc::invalid_argument));
}

BOOST_AUTO_TEST_CASE(it_sleeps_until_the_closing_moment_and_cancelling_ends_it) {
    test::raw_https(box).send(http::verb::post, "/_sandbox/next_round", R"({"close_in_seconds": 3})");
    round_watcher watcher{api, {.closing_within = 2s, .max_interval = 1h}};
    const auto t0 = std::chrono::steady_clock::now();
    const round_event closing = run(watcher.next());
    const double waited = seconds(std::chrono::steady_clock::now() - t0);
    BOOST_TEST((closing.what == round_event::kind::round_closing));
    BOOST_TEST(closing.round_number == 1151);
    BOOST_REQUIRE(closing.close_time.has_value());
    BOOST_TEST((closing.seen_at >= *closing.close_time - 2s)); // not told before its moment...
    BOOST_TEST(waited < 2.5);                                  // ...nor an hour (max_interval) late
    BOOST_TEST(watcher.statistics().looks == 2u);              // the first look, then one at the closing moment
    BOOST_TEST(watcher.statistics().requests == 2u);

    // Next: a look when the round closes, then nothing for max_interval (an hour): cancel.
    asio::cancellation_signal cancel;
    std::optional<boost::system::error_code> ended;
    numerapi::diagnostics told;
    watcher.next(numerapi::with_diagnostics(asio::bind_cancellation_slot(
        cancel.slot(), [&](boost::system::error_code ec, numerapi::diagnostics d, round_event) {
            ended = ec;
            told = std::move(d);
        })));
    asio::steady_timer later{ioc, 3000ms};
    later.async_wait([&](auto) { cancel.emit(asio::cancellation_type::terminal); });
    ioc.restart();
    ioc.run();
    BOOST_REQUIRE(ended.has_value());
    BOOST_TEST((*ended == asio::error::operation_aborted));
    BOOST_TEST(told.operation == "round_watcher::next"); // the call's name, as the caller wrote it
    BOOST_TEST(watcher.statistics().looks == 3u);        // the look at the close, and none after it
    BOOST_TEST(seconds(std::chrono::steady_clock::now() - t0) < 6.0);
}

BOOST_AUTO_TEST_CASE(started_between_rounds_it_tells_the_first_round_that_opens) {
    // The first look starts a rollover: no round is open for 800 ms, then 1151 opens.
    box.faults().replace(sandbox::faults::fault_plan::parse(
        R"({"kind": "rollover", "milliseconds": 800, "target": "graphql", "count": 1})"));
    round_watcher watcher{api, {.max_interval = 150ms}};
    const round_event opened = run(watcher.next());
    BOOST_TEST((opened.what == round_event::kind::round_opened));
    BOOST_TEST(opened.round_number == 1151);
    BOOST_TEST(watcher.statistics().looks >= 2u);
}

BOOST_AUTO_TEST_CASE(a_clients_call_deadline_does_not_cut_the_watchers_wait) {
    // next() waits for news by design; a client-wide deadline bounds calls, not that wait.
    client_options o = box.options();
    o.retry.deadline = 300ms;
    client bounded{ioc.get_executor(), o};
    box.faults().replace(sandbox::faults::fault_plan::parse(
        R"({"kind": "rollover", "milliseconds": 800, "target": "graphql", "count": 1})"));
    round_watcher watcher{bounded, {.max_interval = 150ms}};
    const auto t0 = std::chrono::steady_clock::now();
    const round_event opened = run(watcher.next());
    BOOST_TEST((opened.what == round_event::kind::round_opened));
    BOOST_TEST(opened.round_number == 1151);
    BOOST_TEST(seconds(std::chrono::steady_clock::now() - t0) >= 0.3); // past the calls' deadline
}

BOOST_AUTO_TEST_CASE(failed_looks_back_off_and_the_watcher_goes_on) {
    auto options = box.options();
    options.retry.max_attempts = 1; // a 503 fails the look itself
    options.backoff = {.initial = 20ms, .maximum = 40ms};
    client impatient{ioc.get_executor(), options};
    box.faults().replace(
        sandbox::faults::fault_plan::parse(R"({"kind": "status", "status": 503, "target": "graphql", "count": 3})"));
    round_watcher watcher{impatient, {.max_interval = 150ms}};
    auto trigger = trigger_after(600ms, "/_sandbox/next_round");
    const round_event opened = run(watcher.next());
    trigger.join();
    BOOST_TEST((opened.what == round_event::kind::round_opened));
    BOOST_TEST(watcher.statistics().failed_looks == 3u);
}

BOOST_AUTO_TEST_CASE(a_first_look_that_fails_halfway_keeps_what_it_read) {
    // The first look reads the round and the scores; its submissions query then gets no
    // answer until the read timeout, and meanwhile a round opens. That round is news when the
    // look is tried again: the rounds were read before.
    auto options = box.options();
    options.retry.max_attempts = 1;
    options.read_timeout = 600ms;
    options.backoff = {.initial = 100ms, .maximum = 100ms};
    client impatient{ioc.get_executor(), options};
    box.faults().replace(sandbox::faults::fault_plan::parse(
        R"({"kind": "stall", "target": "graphql", "query_contains": "submissions(modelId", "count": 1})"));
    round_watcher watcher{impatient, {.model = "sandbox_model", .submissions = true, .max_interval = 1h}};
    // The round opens once the stalled query has arrived: after the look read the rounds.
    std::thread trigger([this] {
        const auto stalled = [this] {
            for (const auto& r : box.log().requests())
                if (!r.fault.empty()) return true;
            return false;
        };
        for (int i = 0; i < 500 && !stalled(); ++i) std::this_thread::sleep_for(10ms);
        test::raw_https(box).send(http::verb::post, "/_sandbox/next_round", "{}");
    });
    // A watcher that took the new round for the baseline would never tell it: bound the wait.
    const auto outcome = run([&]() -> asio::awaitable<std::variant<round_event, std::monostate>> {
        using namespace asio::experimental::awaitable_operators;
        asio::steady_timer limit{co_await asio::this_coro::executor, 10s};
        co_return co_await (watcher.next() || limit.async_wait(asio::use_awaitable));
    }());
    trigger.join();
    BOOST_REQUIRE(outcome.index() == 0u);
    const round_event& opened = std::get<0>(outcome);
    BOOST_TEST((opened.what == round_event::kind::round_opened));
    BOOST_TEST(opened.round_number == 1151);
    BOOST_TEST(watcher.statistics().failed_looks == 1u);
    BOOST_TEST(watcher.statistics().looks == 2u); // the failed one, and the retry after the backoff
}

BOOST_AUTO_TEST_SUITE_END()
