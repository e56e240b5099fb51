// Per-operation cancellation: calls bounded by a deadline with awaitable operators end
// cleanly, leave no broken connection in the pool, and leave no file at a final path.
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;
using namespace boost::asio::experimental::awaitable_operators;
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
        asio::co_spawn(ioc, [&]() -> asio::awaitable<void> {
            asio::steady_timer deadline{co_await asio::this_coro::executor, std::chrono::milliseconds{100}};
            auto r = co_await (api.get_current_round() || deadline.async_wait(asio::use_awaitable));
            (r.index() == 1 ? timed_out : answered)++;
        }, asio::detached);
    const auto start = std::chrono::steady_clock::now();
    ioc.run();
    BOOST_TEST(timed_out == 100);
    BOOST_TEST(answered == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::milliseconds{1500})); // nobody waited for 2 s

    box.faults().clear();
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150); // the pool recovers
    BOOST_TEST(test::run(ioc, api.get_current_round(11)) == 1150);
    // The 4 connections whose reads were cut were closed, not reused: the fresh call needed a new one.
    BOOST_TEST(box.log().handshakes() >= 5u);
    BOOST_TEST(box.log().handshakes() <= 8u);
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
        auto r = co_await (api.download_dataset("v5.2/train.parquet", target) || deadline.async_wait(asio::use_awaitable));
        co_return r.index();
    };
    BOOST_TEST(test::run(ioc, cut()) == 1u);
    BOOST_TEST(!std::filesystem::exists(target));
    const auto r = test::run(ioc, api.download_dataset("v5.2/train.parquet", target));
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST(std::filesystem::file_size(target) == (1u << 20));
}

BOOST_AUTO_TEST_SUITE_END()
