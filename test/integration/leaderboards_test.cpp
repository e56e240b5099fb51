// Leaderboards (one page, and every page under the rate gate) and daily model
// performances against an in-process sandbox with 300 public models per tournament.
// Checks the decoded columns, paging against the whole list, and the requests sent.
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace numerapi;

namespace {

struct leaderboard_fixture {
    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }
    std::size_t requests() { return box.log().requests().size(); }

    test::running_sandbox box;
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
};

bool has_value(const leaderboard_entry& e, std::string_view name) {
    return std::any_of(e.values.begin(), e.values.end(), [&](const auto& v) { return v.first == name; });
}

std::vector<std::string> names(const std::vector<leaderboard_entry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.username);
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(leaderboards, leaderboard_fixture)

BOOST_AUTO_TEST_CASE(one_page_of_each_leaderboard_has_its_columns) {
    const auto classic = run(api.leaderboard(20));
    BOOST_REQUIRE_EQUAL(classic.size(), 20u);
    BOOST_TEST(!box.log().requests().back().authorization); // public
    for (const auto& e : classic) {
        BOOST_TEST(!e.username.empty());
        BOOST_TEST(e.nmr_staked.has_value());
        BOOST_TEST(e.team.has_value());
        BOOST_TEST(has_value(e, "corr20Rep"));
        BOOST_TEST(has_value(e, "return_52_weeks"));
        BOOST_TEST(e.values.size() == 11u); // every numeric column of numerapi's query but rank
    }
    const auto signals = run(api.leaderboard(5, 0, tournament::signals));
    BOOST_REQUIRE_EQUAL(signals.size(), 5u);
    BOOST_TEST(signals[0].prev_rank.has_value());
    BOOST_TEST(signals[0].ranks.size() == 3u); // mmcRank, icRank, tcRank
    const auto crypto = run(api.leaderboard(5, 0, tournament::crypto));
    BOOST_REQUIRE_EQUAL(crypto.size(), 5u);
    BOOST_TEST(crypto[0].username.find("_12_") != std::string::npos);

    const auto accounts = run(api.account_leaderboard(10, 0, tournament::classic));
    BOOST_REQUIRE_EQUAL(accounts.size(), 10u);
    BOOST_TEST(!accounts[0].display_name.empty());
    BOOST_TEST(accounts[0].amounts.size() == 3u); // return1yNmr, return3mNmr, returnAllTimeNmr, exact
    for (const auto& [name, amount] : accounts[0].amounts) BOOST_TEST(amount.str().find('.') != std::string::npos);
}

BOOST_AUTO_TEST_CASE(all_pages_fetch_the_whole_leaderboard_one_request_per_page) {
    const auto before = requests();
    const auto all = run(api.leaderboard_all(tournament::signals, 64));
    BOOST_TEST(all.size() == 300u);
    BOOST_TEST(requests() - before == 6u); // 64, 64, 64, 64, 44 and an empty page

    const auto again = run(api.leaderboard_all(tournament::signals, 100));
    BOOST_TEST(requests() - before == 6u + 4u); // 100, 100, 100 and an empty page
    BOOST_TEST(names(again) == names(all));
    // Offsets line up with the whole list.
    const auto page = run(api.leaderboard(10, 150, tournament::signals));
    const auto all_names = names(all);
    BOOST_TEST(names(page) == std::vector<std::string>(all_names.begin() + 150, all_names.begin() + 160));
    // No username twice.
    auto sorted = all_names;
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST((std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()));

    const auto accounts = run(api.account_leaderboard_all(tournament::classic, 250));
    BOOST_TEST(accounts.size() == 300u);
}

BOOST_AUTO_TEST_CASE(bad_pages_fail_before_anything_is_sent) {
    const auto before = requests();
    BOOST_CHECK_THROW(run(api.leaderboard(-1)), numerapi::error);
    BOOST_CHECK_THROW(run(api.leaderboard_all(tournament::classic, 0)), numerapi::error);
    BOOST_CHECK_THROW(run(api.leaderboard(10, 0, tournament(99))), numerapi::error);
    BOOST_TEST(requests() == before);
}

BOOST_AUTO_TEST_CASE(daily_performances_of_classic_and_signals) {
    const auto leader = run(api.leaderboard(1)).front().username;
    const auto days = run(api.daily_model_performances(leader));
    BOOST_REQUIRE_EQUAL(days.size(), 30u);
    for (std::size_t i = 0; i < days.size(); ++i) {
        std::vector<std::string> metric_names;
        for (const auto& m : days[i].metrics) {
            metric_names.push_back(m.name);
            BOOST_TEST(m.reputation.has_value());
            BOOST_TEST(m.rank.value_or(0) >= 1);
        }
        BOOST_TEST((metric_names == std::vector<std::string>{"corr", "mmc", "fnc", "fncV3", "tc"}));
        if (i > 0) BOOST_TEST((days[i].date - days[i - 1].date == std::chrono::days{1}));
    }
    const auto signals_leader = run(api.leaderboard(1, 0, tournament::signals)).front().username;
    const auto signal_days = run(api.daily_model_performances(signals_leader, tournament::signals));
    BOOST_REQUIRE(!signal_days.empty());
    BOOST_TEST(signal_days[0].metrics.size() == 7u); // corr, mmc, corr20d, corr60, ic, tc, mmc20d
    BOOST_TEST(!box.log().requests().back().authorization);
}

BOOST_AUTO_TEST_SUITE_END()
