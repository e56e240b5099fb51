// Per-operation cancellation: calls bounded by a deadline with awaitable operators end
// cleanly, leave no broken connection in the pool, and leave no file at a final path.
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <atomic>
#include <thread>
#include <vector>

using namespace numerapi;
using boost::asio::experimental::awaitable_operators::operator||;
namespace asio = boost::asio;

namespace {

sandbox::faults::fault_rule delay(sandbox::faults::target_kind target, int ms, std::uint64_t count) {
    sandbox::faults::fault_rule r;
    r.kind = sandbox::faults::fault_rule::fault_kind::delay;
    r.target = target;
    r.delay = std::chrono::milliseconds{ms};
    r.count = count;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cancellation)

BOOST_AUTO_TEST_CASE(hundred_calls_cut_by_a_deadline_leave_a_usable_pool) {
    test::running_sandbox box;
    box.faults().add(delay(sandbox::faults::target_kind::graphql, 2000, 1000));
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    int timed_out = 0, answered = 0;
    for (int i = 0; i < 100; ++i)
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                asio::steady_timer deadline{co_await asio::this_coro::executor, std::chrono::milliseconds{100}};
                auto r = co_await (api.get_current_round() || deadline.async_wait(asio::use_awaitable));
                (r.index() == 1 ? timed_out : answered)++;
            },
            asio::detached);
    const auto start = std::chrono::steady_clock::now();
    ioc.run();
    BOOST_TEST(timed_out == 100);
    BOOST_TEST(answered == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::milliseconds{1500})); // nobody waited for 2 s

    box.faults().clear();
    // Let the server finish the delayed answers to the cut calls, then watch fresh calls.
    // (How many connections the cut calls opened in all depends on timing: one woken by a
    // slot a cancelled neighbour freed may connect before its own deadline fires, and such
    // a connection, on which nothing was sent, stays in the pool. The bound of 4 at once
    // is client_transport's test.)
    std::this_thread::sleep_for(std::chrono::milliseconds{2300});
    box.log().clear();
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150); // the pool recovers
    BOOST_TEST(test::run(ioc, api.get_current_round(tournament::signals)) == 1150);
    const auto seen = box.log().wait_for(2);
    BOOST_REQUIRE_EQUAL(seen.size(), 2u);
    BOOST_TEST(seen[0].status == 200u);
    BOOST_TEST(seen[0].connection == seen[1].connection); // the second call reused the first's connection
    BOOST_TEST(box.log().handshakes() <= 1u);             // a fresh one, or one left idle by the cut calls
}

BOOST_AUTO_TEST_CASE(cancelled_download_leaves_nothing_at_the_final_path) {
    auto config = test::running_sandbox::small_config();
    config.dataset_size = 1u << 20;
    test::running_sandbox box{config};
    box.faults().add(delay(sandbox::faults::target_kind::files, 2000, 1));
    test::temp_dir dir;
    const auto target = dir.path() / "train.parquet";
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    auto cut = [&]() -> asio::awaitable<std::size_t> {
        asio::steady_timer deadline{co_await asio::this_coro::executor, std::chrono::milliseconds{200}};
        auto r =
            co_await (api.download_dataset("v5.2/train.parquet", target) || deadline.async_wait(asio::use_awaitable));
        co_return r.index();
    };
    BOOST_TEST(test::run(ioc, cut()) == 1u);
    BOOST_TEST(!std::filesystem::exists(target));
    const auto r = test::run(ioc, api.download_dataset("v5.2/train.parquet", target));
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST(std::filesystem::file_size(target) == (1u << 20));
}

BOOST_AUTO_TEST_CASE(hundred_calls_downloads_and_uploads_cut_in_flight_leak_nothing) {
    // 60 API calls, 30 downloads and 10 uploads, all in flight (every answer is delayed),
    // all cut by a deadline. Then the same client serves fresh calls, downloads and uploads.
    // scripts/test runs this under AddressSanitizer too: nothing may leak or dangle.
    auto config = test::running_sandbox::small_config();
    config.dataset_size = 1u << 20;
    test::running_sandbox box{config};
    test::temp_dir dir;
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    const auto model_id = test::run(ioc, api.get_models(tournament::classic)).front().id;
    const auto predictions = test::write_predictions(dir.path(), 8);
    box.faults().add(delay(sandbox::faults::target_kind::any, 3000, 100000));

    int cut = 0, finished = 0;
    auto bounded = [&](auto make_call) {
        asio::co_spawn(
            ioc,
            [&, make_call]() -> asio::awaitable<void> {
                asio::steady_timer deadline{co_await asio::this_coro::executor, std::chrono::milliseconds{300}};
                auto r = co_await (make_call() || deadline.async_wait(asio::use_awaitable));
                (r.index() == 1 ? cut : finished)++;
            },
            asio::detached);
    };
    for (int i = 0; i < 60; ++i) bounded([&] { return api.get_current_round(); });
    for (int i = 0; i < 30; ++i)
        bounded([&, i] {
            return api.download_dataset("v5.2/train.parquet", dir.path() / ("d" + std::to_string(i)) / "train.parquet");
        });
    for (int i = 0; i < 10; ++i) bounded([&] { return api.upload_predictions(predictions, model_id); });
    const auto start = std::chrono::steady_clock::now();
    ioc.restart();
    ioc.run();
    BOOST_TEST(cut == 100);
    BOOST_TEST(finished == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::milliseconds{2500}));
    for (int i = 0; i < 30; ++i)
        BOOST_TEST(!std::filesystem::exists(dir.path() / ("d" + std::to_string(i)) / "train.parquet"));

    box.faults().clear();
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    const auto d = test::run(ioc, api.download_dataset("v5.2/train.parquet", dir.path() / "d0" / "train.parquet"));
    BOOST_TEST(std::filesystem::file_size(d.path) == (1u << 20));
    BOOST_TEST(!test::run(ioc, api.upload_predictions(predictions, model_id)).empty());
    test::raw_https raw{box};
    BOOST_TEST(boost::json::parse(raw.get("/_sandbox/submissions").body()).as_array().size() ==
               1u); // only the fresh one
}

BOOST_AUTO_TEST_CASE(a_cancel_from_another_thread_touches_nothing_the_caller_freed) {
    // 16 coroutines, each on its own strand of an io_context run by 8 threads, race every
    // call against a timer set near the call's own latency, so that the timer often fires
    // (and cancels the call from the timer's thread) just as the call completes on the
    // client's strand. With Boost 1.81's co_spawn given the caller's slot, the cancellation
    // was posted to the strand as a raw pointer into the caller's slot, which the `||`
    // group had freed by then: AddressSanitizer saw heap-use-after-free in
    // cancellation_signal::emit. Half the coroutines use use_awaitable, half as_tuple (the
    // error-code path). scripts/test runs this under ASan; the ThreadSanitizer consumer
    // (test/thread_safety) runs the same shape.
    test::running_sandbox box;
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    const auto first = std::chrono::steady_clock::now();
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    const auto latency = std::max<std::chrono::microseconds>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - first) / 2,
        std::chrono::microseconds{100});

    constexpr int lanes = 16, rounds = 250;
    const auto stop_at = std::chrono::steady_clock::now() + std::chrono::seconds{20}; // bounded, whatever the speed
    std::atomic<int> answered{0}, cut{0}, wrong{0}, failed{0};
    for (int lane = 0; lane < lanes; ++lane)
        asio::co_spawn(
            asio::make_strand(ioc),
            [&, lane]() -> asio::awaitable<void> {
                const auto executor = co_await asio::this_coro::executor; // not braced: GCC 12
                asio::steady_timer timer(executor);
                // The deadline follows the call's latency as it is now: longer after a cut,
                // shorter after an answer, so that about half the calls end each way and the
                // timer keeps firing just as calls complete.
                auto wait = latency;
                for (int i = 0; i < rounds && std::chrono::steady_clock::now() < stop_at; ++i) {
                    timer.expires_after(wait);
                    bool was_cut = false;
                    if (lane % 2 == 0) {
                        auto r = co_await (api.get_current_round() || timer.async_wait(asio::use_awaitable));
                        was_cut = r.index() == 1;
                        if (!was_cut) (std::get<0>(r) == 1150 ? answered : wrong)++;
                    } else {
                        auto r = co_await (api.get_current_round(std::nullopt, asio::as_tuple(asio::use_awaitable)) ||
                                           timer.async_wait(asio::use_awaitable));
                        if (r.index() == 1) was_cut = true;
                        else if (auto [ec, n] = std::get<0>(r); ec == asio::error::operation_aborted) was_cut = true;
                        else if (ec) ++failed;
                        else (n == 1150 ? answered : wrong)++;
                    }
                    if (was_cut) ++cut;
                    wait = was_cut ? wait * 5 / 4 + std::chrono::microseconds{20} : wait * 4 / 5;
                }
            },
            [&](std::exception_ptr e) {
                if (e) ++failed;
            });
    ioc.restart();
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) threads.emplace_back([&ioc] { ioc.run(); });
    for (auto& t : threads) t.join();
    BOOST_TEST_MESSAGE(answered << " answered, " << cut << " cut, latency " << latency.count() << " us");
    BOOST_TEST(wrong == 0);
    BOOST_TEST(failed == 0);
    BOOST_TEST(answered > 0); // both outcomes happened, so the race was run
    BOOST_TEST(cut > 0);
    BOOST_TEST(answered + cut >= 1000); // thousands of iterations unless the 20 s bound stopped them first
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150); // and the client still serves
}

BOOST_AUTO_TEST_CASE(a_call_cancelled_after_its_request_was_sent_says_it_was_sent) {
    // request_sent = false promises that the server cannot have acted on the request; a
    // service retries a stake change or a submission on it. A cancellation is thrown at
    // the call's next co_await, which may come after bytes went to the socket: that was
    // reported as "not sent, while connecting".
    test::running_sandbox box;
    test::temp_dir dir;
    const auto file = dir.path() / "body.bin";
    std::ofstream(file, std::ios::binary) << std::string(1u << 20, 'x');
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    const auto auth = test::run(
        ioc,
        api.raw_query(R"(query { submission_upload_auth(filename: "p.csv", tournament: 8) { url } })", nullptr, true));
    const std::string url(auth.at("submission_upload_auth").at("url").as_string());

    asio::cancellation_signal cancel;
    upload_options o;
    o.progress_interval = std::chrono::milliseconds{0};
    o.buffer_size = 64u << 10; // 16 writes of the body
    bool emitted = false;
    o.on_progress = [&](const transfer_progress& p) {
        // Once part of the body has gone: the cancellation lands on a write in flight, and
        // is thrown at the exchange's next co_await.
        if (!emitted && p.bytes_done > 0 && p.bytes_total && p.bytes_done < *p.bytes_total) {
            emitted = true;
            cancel.emit(asio::cancellation_type::terminal);
        }
    };
    std::optional<error> failure;
    asio::co_spawn(ioc, api.upload(url, file, o),
                   asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, upload_result) {
                       try {
                           if (e) std::rethrow_exception(e);
                       } catch (const error& caught) {
                           failure = caught;
                       }
                   }));
    ioc.restart();
    ioc.run();
    BOOST_REQUIRE(failure.has_value()); // cut, not completed
    BOOST_TEST((failure->code() == asio::error::operation_aborted));
    BOOST_TEST(failure->diag().request_sent, failure->what());
}

BOOST_AUTO_TEST_SUITE_END()
