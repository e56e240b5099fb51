// The client-wide rate gate on a virtual clock: a Retry-After pause holds every attempt to
// the host, the requests-per-second ceiling spaces attempts, and a 429 after successes
// teaches the gate the host's rate.
#include "support/sandbox_fixture.hpp"
#include "support/virtual_clock.hpp"

#include "numerapi/retry/rate_gate.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {
const std::string host = "api.example.test:443";
const std::string other = "files.example.test:443";

struct gate_fixture {
    asio::io_context ioc;
    test::virtual_clock clock{test::virtual_clock::mode::discrete_events};

    /// Admits `n` attempts to `origin` from `n` coroutines; returns when each was admitted.
    std::vector<std::chrono::milliseconds> admit_all(detail::rate_gate& gate, int n, const std::string& origin = host) {
        std::vector<std::chrono::milliseconds> at;
        for (int i = 0; i < n; ++i)
            asio::co_spawn(
                ioc,
                [&]() -> asio::awaitable<void> {
                    const boost::system::error_code admitted = co_await gate.admit(origin);
                    BOOST_TEST(!admitted);
                    at.push_back(clock.elapsed());
                },
                asio::detached);
        clock.run_until_idle(ioc);
        std::sort(at.begin(), at.end());
        return at;
    }
};
} // namespace

BOOST_FIXTURE_TEST_SUITE(rate_gate, gate_fixture)

BOOST_AUTO_TEST_CASE(no_policy_admits_at_once) {
    detail::rate_gate gate{clock, {}};
    const auto at = admit_all(gate, 20);
    BOOST_TEST(at.size() == 20u);
    BOOST_TEST((at.back() == 0ms));
}

BOOST_AUTO_TEST_CASE(retry_after_pauses_every_attempt_to_that_host_only) {
    detail::rate_gate gate{clock, {}};
    gate.on_answer(host, 429, std::chrono::seconds{3});
    const auto held = admit_all(gate, 10);
    BOOST_TEST((held.front() >= 3000ms)); // nobody went before the time was up
    detail::rate_gate fresh{clock, {}};
    BOOST_TEST((fresh.paused_until(other) <= clock.now()));
    const auto before = clock.elapsed();
    gate.on_answer(host, 503, std::chrono::seconds{1});
    const auto unaffected = admit_all(gate, 3, other);
    BOOST_TEST((unaffected.back() == before)); // another host is not paused
}

BOOST_AUTO_TEST_CASE(a_ceiling_spaces_attempts_evenly) {
    detail::rate_gate gate{clock, {.requests_per_second = 10}};
    const auto at = admit_all(gate, 21);
    BOOST_REQUIRE_EQUAL(at.size(), 21u);
    BOOST_TEST((at.back() >= 1990ms && at.back() <= 2010ms)); // 20 intervals of 100 ms
    for (std::size_t i = 1; i < at.size(); ++i) BOOST_TEST(((at[i] - at[i - 1]) >= 99ms));
}

BOOST_AUTO_TEST_CASE(a_burst_goes_at_once_then_the_rate_holds) {
    detail::rate_gate gate{clock, {.requests_per_second = 10, .burst = 5}};
    const auto at = admit_all(gate, 10);
    BOOST_TEST(std::count(at.begin(), at.end(), 0ms) == 5);
    BOOST_TEST((at.back() >= 490ms && at.back() <= 510ms));
}

BOOST_AUTO_TEST_CASE(a_429_after_successes_teaches_the_rate) {
    detail::rate_gate gate{clock, {}};
    for (int i = 0; i < 5; ++i) gate.on_answer(host, 200, std::nullopt);
    gate.on_answer(host, 429, std::chrono::seconds{1});
    BOOST_TEST(gate.current_rate(host) == 5.0);
    const auto at = admit_all(gate, 11);
    BOOST_TEST((at.front() >= 1000ms));             // the pause first
    BOOST_TEST((at.back() - at.front() >= 1990ms)); // then 5 per second
    // A lower rate can be learned; the learned rate is forgotten after its lifetime.
    for (int i = 0; i < 2; ++i) gate.on_answer(host, 200, std::nullopt);
    asio::co_spawn(ioc, clock.sleep_for(1500ms), asio::detached);
    clock.run_until_idle(ioc);
    for (int i = 0; i < 2; ++i) gate.on_answer(host, 200, std::nullopt);
    gate.on_answer(host, 429, std::nullopt);
    BOOST_TEST(gate.current_rate(host) == 2.0);
    asio::co_spawn(ioc, clock.sleep_for(61s), asio::detached);
    clock.run_until_idle(ioc);
    BOOST_TEST(gate.current_rate(host) == 0.0);
}

BOOST_AUTO_TEST_CASE(a_429_without_successes_only_pauses) {
    detail::rate_gate gate{clock, {}};
    gate.on_answer(host, 429, std::chrono::seconds{2});
    BOOST_TEST(gate.current_rate(host) == 0.0);
    const auto at = admit_all(gate, 4);
    BOOST_TEST((at.front() >= 2000ms && at.back() == at.front()));
}

BOOST_AUTO_TEST_CASE(a_pause_is_capped_by_the_policy) {
    detail::rate_gate gate{clock, {.max_pause = std::chrono::seconds{10}}};
    gate.on_answer(host, 429, std::chrono::seconds{3600});
    const auto at = admit_all(gate, 1);
    BOOST_TEST((at.front() == 10000ms));
}

BOOST_AUTO_TEST_CASE(repeated_429s_cannot_stretch_one_pause_past_the_cap) {
    // Each answer alone is within the cap, but every call in flight that is answered 429
    // later pushed the pause further: a server could hold the client for ever.
    detail::rate_gate gate{clock, {.max_pause = std::chrono::seconds{10}}};
    gate.on_answer(host, 429, std::chrono::seconds{8}); // t = 0: until 8 s
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            co_await clock.sleep_until(clock.now() + 5s);
            gate.on_answer(host, 429, std::chrono::seconds{8}); // t = 5: would be 13 s
            co_await clock.sleep_until(clock.now() + 4s);
            gate.on_answer(host, 503, std::chrono::seconds{8}); // t = 9: would be 17 s
        },
        asio::detached);
    clock.run_until_idle(ioc);
    BOOST_TEST((gate.paused_until(host).time_since_epoch() == 10s)); // the pause began at 0
    const auto at = admit_all(gate, 1);
    BOOST_TEST((at.front() == 10000ms));
    gate.on_answer(host, 429, std::chrono::seconds{8}); // t = 10: a new pause, with its own cap
    BOOST_TEST((gate.paused_until(host).time_since_epoch() == 18s));
}

BOOST_AUTO_TEST_SUITE_END()
