// The sandbox's request log keeps the newest entries only: a sandbox that runs for days
// must not grow without bound. Sequence numbers go on counting, and the log says how many
// entries it dropped.
#include "sandbox/http/request_log.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using numerapi::sandbox::http::logged_request;
using numerapi::sandbox::http::request_log;

namespace {

logged_request get(std::string path) {
    logged_request r;
    r.method = "GET";
    r.path = std::move(path);
    r.status = 200;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sandbox_request_log)

BOOST_AUTO_TEST_CASE(ten_thousand_and_one_requests_leave_the_newest_ten_thousand_in_memory) {
    request_log log;
    for (int i = 1; i <= 10001; ++i) log.add(get("/" + std::to_string(i)));
    const auto kept = log.requests();
    BOOST_REQUIRE_EQUAL(kept.size(), 10000u);
    BOOST_TEST(kept.front().path == "/2");
    BOOST_TEST(kept.front().sequence == 2u);
    BOOST_TEST(kept.back().path == "/10001");
    BOOST_TEST(kept.back().sequence == 10001u);
}

BOOST_AUTO_TEST_CASE(past_its_capacity_it_keeps_the_newest_and_counts_on) {
    request_log log{{}, 3};
    for (int i = 1; i <= 7; ++i) log.add(get("/" + std::to_string(i)));

    const auto kept = log.requests();
    BOOST_REQUIRE_EQUAL(kept.size(), 3u);
    BOOST_TEST(kept[0].path == "/5");
    BOOST_TEST(kept[2].path == "/7");
    BOOST_TEST(kept[0].sequence == 5u);
    BOOST_TEST(kept[2].sequence == 7u);
    BOOST_TEST(log.logged() == 7u);
    BOOST_TEST(log.dropped() == 4u);
    BOOST_TEST(log.to_json().size() == 3u);
    BOOST_TEST(log.to_json().back().at("sequence") == 7u);

    // Waiting counts what was logged, not what is kept.
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(log.wait_for(7, std::chrono::seconds(5)).size() == 3u);
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(1)));

    log.add(get("/8"));
    BOOST_TEST(log.requests().front().sequence == 6u);
    BOOST_TEST(log.dropped() == 5u);
}

BOOST_AUTO_TEST_CASE(clear_starts_the_count_again) {
    request_log log{{}, 2};
    for (int i = 0; i < 5; ++i) log.add(get("/x"));
    log.clear();
    BOOST_TEST(log.requests().empty());
    BOOST_TEST(log.logged() == 0u);
    BOOST_TEST(log.dropped() == 0u);
    log.add(get("/y"));
    BOOST_TEST(log.requests().at(0).sequence == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
