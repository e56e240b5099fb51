// run_all, the batch runner of segmented downloads and dataset downloads: it waits for
// every task, returns the first failure, and it leaves its caller's cancellation settings
// as it found them. Those settings belong to the whole coroutine thread: a batch that left
// throw_if_cancelled off made the rest of a segmented download (its next round, after the
// file changed) deaf to a cancel.
#include "numerapi/async/run_all.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace asio = boost::asio;
using numerapi::detail::outcome;
using numerapi::detail::run_all;
using numerapi::detail::task_factory;

BOOST_AUTO_TEST_SUITE(run_all_batches)

BOOST_AUTO_TEST_CASE(the_caller_is_as_cancellable_after_a_batch_as_before) {
    for (const bool one_fails : {false, true}) {
        asio::io_context ioc;
        bool before = false, after = false, failed = false;
        int ran = 0;
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                before = co_await asio::this_coro::throw_if_cancelled();
                std::vector<task_factory> tasks;
                for (int i = 0; i < 3; ++i)
                    tasks.push_back([&, i]() -> asio::awaitable<outcome<void>> {
                        ++ran;
                        if (one_fails && i == 1) throw std::runtime_error("task 1");
                        co_return outcome<void>();
                    });
                try {
                    co_await run_all(std::move(tasks));
                } catch (const std::runtime_error&) {
                    failed = true;
                }
                after = co_await asio::this_coro::throw_if_cancelled();
            },
            asio::detached);
        ioc.run();
        BOOST_TEST(ran == 3);
        BOOST_TEST(failed == one_fails);
        BOOST_TEST(before);
        BOOST_TEST(after, "throw_if_cancelled was left off by a batch" << (one_fails ? " that failed" : ""));
    }
}

BOOST_AUTO_TEST_CASE(the_first_failure_is_the_batchs_once_every_task_ended) {
    asio::io_context ioc;
    int ended = 0;
    std::optional<outcome<void>> batch;
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            std::vector<task_factory> tasks;
            for (int i = 0; i < 3; ++i)
                tasks.push_back([&, i]() -> asio::awaitable<outcome<void>> {
                    // Task 2 fails at once; task 0 fails after it, many turns of the loop later.
                    const auto ex = co_await asio::this_coro::executor;
                    for (int turn = 0; i == 0 && turn < 10; ++turn) co_await asio::post(ex, asio::use_awaitable);
                    ++ended;
                    if (i == 1) co_return outcome<void>();
                    co_return numerapi::detail::make_failure(numerapi::errc::io_error, "task " + std::to_string(i),
                                                             "failed");
                });
            batch = co_await run_all(std::move(tasks));
        },
        asio::detached);
    ioc.run();
    BOOST_TEST(ended == 3);
    BOOST_REQUIRE(batch.has_value());
    BOOST_REQUIRE(!batch->has_value());
    BOOST_TEST(batch->error().code == numerapi::errc::io_error);
    BOOST_TEST(batch->error().diag.operation == "task 2");
}

BOOST_AUTO_TEST_SUITE_END()
