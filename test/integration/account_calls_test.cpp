// The account's lookups and profile edits, and the scoring pipeline, against an in-process
// sandbox: wallet_transactions, models_of_account, model_name, pipeline_status, set_bio,
// set_link and set_submission_webhook. Each checks the decoded values against the
// sandbox's state and the requests the sandbox saw (keys sent or not, how many).
#include "support/expect_error.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace numerapi;
using namespace std::chrono_literals;
using std::chrono::day;
using std::chrono::days;
using std::chrono::February;
using std::chrono::March;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {

struct account_fixture {
    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }
    /// The last request the sandbox answered.
    sandbox::http::logged_request last() { return box.log().requests().back(); }
    std::size_t requests() { return box.log().requests().size(); }

    test::running_sandbox box;
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(account_calls, account_fixture)

BOOST_AUTO_TEST_CASE(wallet_transactions_are_exact_and_sent_with_the_keys) {
    const auto txns = run(api.wallet_transactions());
    BOOST_REQUIRE_EQUAL(txns.size(), 6u);
    BOOST_TEST(last().authenticated);
    for (std::size_t i = 0; i < txns.size(); ++i) {
        BOOST_TEST(txns[i].type == (i % 2 == 0 ? "deposit" : "withdrawal"));
        BOOST_TEST(txns[i].status == "confirmed");
        BOOST_TEST(txns[i].amount.str().size() - txns[i].amount.str().find('.') - 1 == 18u); // 18 decimals, as sent
        BOOST_REQUIRE(txns[i].time.has_value());
        BOOST_TEST(txns[i].tx_hash.value_or("").size() == 66u);
        BOOST_TEST(!txns[i].tournament.has_value()); // null on the wire
        if (i > 0) BOOST_TEST((*txns[i - 1].time - *txns[i].time == days{7}));
    }
}

BOOST_AUTO_TEST_CASE(models_of_account_and_model_name_agree_with_get_models) {
    const auto mine = run(api.get_models());
    const auto listed = run(api.models_of_account("sandbox_user"));
    BOOST_TEST(!last().authorization); // a public call
    BOOST_REQUIRE_EQUAL(listed.size(), mine.size());
    BOOST_TEST(std::is_sorted(listed.begin(), listed.end(), [](auto& a, auto& b) { return a.name < b.name; }));
    for (const auto& m : listed) {
        BOOST_TEST(m.tournament == 8);
        const auto same = std::find_if(mine.begin(), mine.end(), [&](auto& x) { return x.id == m.id; });
        BOOST_REQUIRE(same != mine.end());
        BOOST_TEST(same->name == m.name);
        BOOST_TEST(run(api.model_name(m.id)) == m.name);
        BOOST_TEST(last().authenticated);
    }
    const auto signals = run(api.models_of_account("sandbox_user", tournament::signals));
    BOOST_REQUIRE_EQUAL(signals.size(), 1u);
    BOOST_TEST(signals[0].name == "sandbox_signals");
    BOOST_TEST(signals[0].tournament == 11);
    const auto e = test::expect_error([&] { run(api.models_of_account("nobody_at_all")); });
    BOOST_TEST((e.code() == errc::graphql_error));
    BOOST_TEST(e.server_message().find("nobody_at_all") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pipeline_status_of_today_and_of_a_given_day) {
    const auto today = run(api.pipeline_status());
    BOOST_TEST(today.tournament == "classic");
    BOOST_REQUIRE((today.started_at && today.data_ready_at && today.resolved_at && today.scored_at));
    BOOST_TEST((*today.started_at < *today.data_ready_at && *today.data_ready_at < *today.resolved_at &&
                *today.resolved_at < *today.scored_at));
    BOOST_TEST(!last().authorization);

    const auto given = run(api.pipeline_status(year_month_day{year{2026}, March, day{20}}, tournament::signals));
    BOOST_TEST(given.tournament == "signals");
    BOOST_TEST((given.data_ready_at == sys_days{year{2026} / March / 20} + 13h));
    BOOST_TEST(format_timestamp(*given.scored_at) == "2026-03-20T15:10:00Z");
    BOOST_TEST(given.is_scoring_day); // a Friday
    // The day asked decides, not today: Sundays and Mondays are not scored.
    BOOST_TEST(!run(api.pipeline_status(year_month_day{year{2026}, March, day{22}})).is_scoring_day);
    BOOST_TEST(!run(api.pipeline_status(year_month_day{year{2026}, March, day{23}})).is_scoring_day);
    BOOST_TEST(run(api.pipeline_status(year_month_day{year{2026}, March, day{24}})).is_scoring_day);

    const auto before = requests();
    const auto e = test::expect_error([&] { run(api.pipeline_status(year_month_day{year{2026}, February, day{30}})); });
    BOOST_TEST((e.code() == errc::invalid_argument));
    BOOST_TEST(requests() == before); // nothing sent
}

BOOST_AUTO_TEST_CASE(profile_edits_change_what_the_profile_shows) {
    const auto models = run(api.get_models());
    BOOST_REQUIRE(!models.empty());
    const std::string name = models.front().name;
    BOOST_TEST(run(api.set_bio(name, "ensemble of 7 GBDTs")));
    BOOST_TEST(last().authenticated);
    BOOST_TEST(run(api.get_profile(name)).bio == "ensemble of 7 GBDTs");
    BOOST_TEST(run(api.set_link(models.front().id, "https://example.org/model", "my model")));
    BOOST_TEST(run(api.set_submission_webhook(name, std::string("https://example.org/hook"))));
    BOOST_TEST(run(api.set_submission_webhook(name))); // removed
    const auto e = test::expect_error([&] { run(api.set_bio("no_such_model", "x")); });
    BOOST_TEST((e.code() == errc::invalid_argument)); // resolved locally: no mutation sent
}

BOOST_AUTO_TEST_SUITE_END()
