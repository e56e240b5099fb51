// Staking v2 against an in-process sandbox: stake_get, stake_increase, stake_decrease,
// stake_drain and stake_set. Money moves, so each test checks the stake the server holds
// afterwards and how many times the mutation reached it: never twice, also when its answer
// is lost (a reset after the server ran it, a 502) and the client reads the stake instead.
#include "support/expect_error.hpp"
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace numerapi;

namespace {

struct staking_fixture {
    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }
    void fault(const std::string& json) { box.faults().replace(sandbox::faults::fault_plan::parse(json)); }

    /// How many requests named this root field, as the sandbox logs it (snake_case).
    std::size_t requests_naming(std::string_view field) {
        const auto all = box.log().requests();
        return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const auto& r) {
            return std::find(r.graphql_fields.begin(), r.graphql_fields.end(), field) != r.graphql_fields.end();
        }));
    }
    /// How many requests a fault answered (the sandbox logs no fields for those: it did not
    /// run them). With a query_contains rule, each is one sending of the mutation.
    std::size_t faulted() {
        const auto all = box.log().requests();
        return static_cast<std::size_t>(
            std::count_if(all.begin(), all.end(), [](const auto& r) { return !r.fault.empty(); }));
    }
    bool mutation_authenticated(std::string_view field) {
        for (const auto& r : box.log().requests())
            if (std::find(r.graphql_fields.begin(), r.graphql_fields.end(), field) != r.graphql_fields.end())
                return r.authenticated;
        return false;
    }
    model first_model() { return run(api.get_models()).front(); }

    test::running_sandbox box;
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(staking, staking_fixture)

BOOST_AUTO_TEST_CASE(an_increase_moves_the_stake_by_exactly_the_amount) {
    const model m = first_model();
    const decimal before = run(api.stake_get(m.name));
    BOOST_TEST(before.str().size() - before.str().find('.') - 1 == 18u); // exact, as sent
    BOOST_TEST(!box.log().requests().back().authorization);              // a public read

    const auto result = run(api.stake_increase(decimal("1.5"), m.name));
    BOOST_REQUIRE(result.request.has_value());
    BOOST_TEST(!result.answer_lost);
    BOOST_TEST(result.request->type == "increase");
    BOOST_TEST(result.request->requested_amount.value().str() == "1.500000000000000000");
    BOOST_TEST(!result.request->due_date.has_value());
    BOOST_TEST((result.stake_before == before));
    BOOST_TEST((compare(result.stake, before + decimal("1.5")) == 0));
    BOOST_TEST((compare(run(api.stake_get(m.name)), result.stake) == 0));
    BOOST_TEST(requests_naming("v2_change_stake") == 1u);
    BOOST_TEST(mutation_authenticated("v2_change_stake"));
}

BOOST_AUTO_TEST_CASE(a_decrease_by_model_id_has_a_due_date_and_a_too_large_one_moves_nothing) {
    const model m = first_model();
    const auto result = run(api.stake_decrease(decimal("0.25"), m.id));
    BOOST_REQUIRE(result.request.has_value());
    BOOST_TEST(result.request->type == "decrease");
    BOOST_TEST(result.request->due_date.has_value()); // released when the open round resolves
    BOOST_TEST((compare(result.stake, result.stake_before - decimal("0.25")) == 0));

    const auto e = test::expect_error([&] { run(api.stake_decrease(decimal("1000000"), m.id)); });
    BOOST_TEST((e.code() == errc::graphql_error));
    BOOST_TEST(e.server_message().find("Insufficient stake") != std::string::npos);
    BOOST_TEST((compare(run(api.stake_get(m.name)), result.stake) == 0));
    BOOST_TEST(requests_naming("v2_change_stake") == 2u); // a refusal is final: not sent again
}

BOOST_AUTO_TEST_CASE(a_change_whose_answer_is_lost_after_the_server_ran_it_is_not_sent_again) {
    const model m = first_model();
    const decimal before = run(api.stake_get(m.name));
    fault(R"({"kind": "reset_before_headers", "target": "graphql", "query_contains": "v2ChangeStake", "count": 1})");

    const auto result = run(api.stake_increase(decimal("2"), m.name));
    BOOST_TEST(!result.request.has_value()); // the answer was lost...
    BOOST_TEST(result.answer_lost);
    BOOST_TEST(result.answer_lost_reason.find("reset") != std::string::npos,
               result.answer_lost_reason); // not "timed out"
    BOOST_TEST((result.stake_before == before));
    BOOST_TEST((compare(result.stake, before + decimal("2")) == 0)); // ...and the stake shows it ran, once
    BOOST_TEST(requests_naming("v2_change_stake") == 1u);            // run by the server, its answer reset
    BOOST_TEST(faulted() == 1u);
    BOOST_TEST(box.log().requests().back().graphql_fields.front() == "v3_user_profile"); // the stake was read last
}

BOOST_AUTO_TEST_CASE(a_change_refused_by_a_gateway_is_not_sent_again_and_the_stake_says_it_did_not_run) {
    const model m = first_model();
    fault(R"({"kind": "status", "status": 502, "target": "graphql", "query_contains": "v2ChangeStake", "count": 1})");
    const auto result = run(api.stake_decrease(decimal("1"), m.name));
    BOOST_TEST(!result.request.has_value()); // a 502 may come after the backend ran it
    BOOST_TEST(result.answer_lost);
    BOOST_TEST(result.answer_lost_reason.find("HTTP 502") != std::string::npos, result.answer_lost_reason);
    BOOST_TEST((result.stake == result.stake_before));    // here it did not
    BOOST_TEST(faulted() == 1u);                          // sent once, answered by the fault...
    BOOST_TEST(requests_naming("v2_change_stake") == 0u); // ...and never again
}

BOOST_AUTO_TEST_CASE(a_change_refused_with_429_did_not_run_and_is_sent_again) {
    const model m = first_model();
    fault(
        R"({"kind": "status", "status": 429, "retry_after": "0", "target": "graphql", "query_contains": "v2ChangeStake", "count": 1})");
    const auto result = run(api.stake_increase(decimal("3"), m.name));
    BOOST_REQUIRE(result.request.has_value());
    BOOST_TEST((compare(result.stake, result.stake_before + decimal("3")) == 0)); // moved once
    BOOST_TEST(faulted() == 1u);                                                  // refused with 429...
    BOOST_TEST(requests_naming("v2_change_stake") == 1u);                         // ...then sent again and run
}

BOOST_AUTO_TEST_CASE(stake_set_sends_the_difference_or_nothing) {
    const model m = first_model();
    const decimal before = run(api.stake_get(m.name));

    const auto same = run(api.stake_set(before, m.name));
    BOOST_TEST(!same.request.has_value());
    BOOST_TEST(!same.answer_lost); // nothing was sent
    BOOST_TEST((same.stake == before));
    BOOST_TEST(requests_naming("v2_change_stake") == 0u);

    const decimal higher = before + decimal("10.000000000000000001");
    const auto up = run(api.stake_set(higher, m.name));
    BOOST_REQUIRE(up.request.has_value());
    BOOST_TEST(up.request->type == "increase");
    BOOST_TEST(up.request->requested_amount.value().str() == "10.000000000000000001");
    BOOST_TEST((compare(up.stake, higher) == 0));

    const auto down = run(api.stake_set(decimal("5"), m.name));
    BOOST_REQUIRE(down.request.has_value());
    BOOST_TEST(down.request->type == "decrease");
    BOOST_TEST((compare(down.stake, decimal("5")) == 0));
    BOOST_TEST(requests_naming("v2_change_stake") == 2u);
}

BOOST_AUTO_TEST_CASE(a_drain_releases_the_whole_stake) {
    const model m = first_model();
    const auto result = run(api.stake_drain(m.name));
    BOOST_REQUIRE(result.request.has_value());
    BOOST_TEST(result.request->drain);
    BOOST_TEST(result.request->id.has_value());
    BOOST_TEST((compare(result.request->requested_amount.value(), result.stake_before) == 0));
    BOOST_TEST((compare(result.stake, decimal("0")) == 0));
    BOOST_TEST(mutation_authenticated("release_stake"));
}

BOOST_AUTO_TEST_CASE(bad_amounts_and_unknown_models_fail_before_anything_moves) {
    const auto before = box.log().requests().size();
    const auto negative = test::expect_error([&] { run(api.stake_increase(decimal("-1"), "whatever")); });
    BOOST_TEST((negative.code() == errc::invalid_argument));
    const auto zero = test::expect_error([&] { run(api.stake_decrease(decimal("0.000"), "whatever")); });
    BOOST_TEST((zero.code() == errc::invalid_argument));
    BOOST_TEST(box.log().requests().size() == before); // nothing sent

    const auto unknown = test::expect_error([&] { run(api.stake_increase(decimal("1"), "no_such_model")); });
    BOOST_TEST((unknown.code() == errc::invalid_argument));
    BOOST_TEST(requests_naming("v2_change_stake") == 0u);
}

BOOST_AUTO_TEST_CASE(signals_stakes_are_read_from_the_signals_profile) {
    const auto signals = run(api.get_models(tournament::signals));
    BOOST_REQUIRE(!signals.empty());
    const auto profile = run(api.get_profile(signals[0].name, tournament::signals));
    BOOST_TEST((run(api.stake_get(signals[0].name, tournament::signals)) == profile.nmr_staked.value()));
    const auto result = run(api.stake_increase(decimal("1"), signals[0].name)); // the model's own tournament
    BOOST_TEST((compare(result.stake, profile.nmr_staked.value() + decimal("1")) == 0));
}

BOOST_AUTO_TEST_CASE(v3_queries_give_what_the_staking_contract_needs) {
    const auto config = run(api.v3_stake_config());
    BOOST_TEST(config.address.size() == 42u);
    BOOST_TEST(!config.paused);
    BOOST_TEST(box.log().requests().back().authenticated);

    const auto submissions = run(api.list_submissions("sandbox_model"));
    BOOST_REQUIRE(!submissions.empty());
    const auto& sub = submissions.back();
    const auto auth = run(api.v3_stake_auth(sub.id, "0xstaker", decimal("25")));
    BOOST_TEST(auth.submission_id == sub.id);
    BOOST_TEST(auth.staker == "0xstaker");
    BOOST_TEST(auth.max_amount.value().str() == "25");
    BOOST_TEST(auth.round_id == std::to_string(sub.round_number.value()));
    BOOST_TEST(auth.staking_address == config.address);
    BOOST_REQUIRE(auth.deadline.has_value());
    BOOST_TEST((*auth.deadline > std::chrono::system_clock::now()));

    round_filter resolved;
    resolved.status = "RESOLVED";
    const auto old = run(api.list_rounds(resolved)).front();
    const auto round = run(api.v3_stake_round(round_number(old.number)));
    BOOST_TEST(round.resolved);
    BOOST_TEST(round.round_id == std::to_string(old.number));
    BOOST_TEST((round.open_time == old.open_time));
    BOOST_TEST(round.total_payout.value().str() == "1250000000000000000000"); // wei, exact

    const auto claim =
        run(api.v3_stake_claim(round_number(sub.round_number.value()), run(api.get_models()).front().id, "0xstaker"));
    BOOST_TEST(claim.submission_id == sub.id);
    BOOST_TEST(claim.proof.size() == 3u);
    BOOST_TEST(claim.payout_amount_wei.value().str() == "2000000000000000000");

    const auto unknown =
        test::expect_error([&] { run(api.v3_stake_auth("no-such-submission", "0xstaker", decimal("1"))); });
    BOOST_TEST((unknown.code() == errc::graphql_error));
    const auto before = box.log().requests().size();
    const auto zero = test::expect_error([&] { run(api.v3_stake_auth(sub.id, "0xstaker", decimal("0"))); });
    BOOST_TEST((zero.code() == errc::invalid_argument));
    BOOST_TEST(box.log().requests().size() == before);
}

BOOST_AUTO_TEST_CASE(a_round_that_resolves_pays_its_payout_into_the_stake) {
    const model m = first_model();
    run(api.upload_predictions(predictions_data{"p.csv", test::predictions_csv(8, 150)}, m.id));
    const decimal before = run(api.stake_get(m.name));
    const auto release = [&] {
        test::raw_https(box).send(boost::beast::http::verb::post, "/_sandbox/release_scores",
                                  R"({"tournament": 8, "round": 1150})");
    };
    const auto payout_in = [&](const std::vector<model_payout>& list) -> std::optional<decimal> {
        for (const auto& p : list)
            if (p.model_id == m.id && p.round_number == 1150) return p.payout_nmr;
        return std::nullopt;
    };

    // Nineteen days of scores: the payout is pending, and the stake has not moved.
    for (int day = 1; day < 20; ++day) release();
    auto payouts = run(api.pending_model_payouts());
    BOOST_TEST(payout_in(payouts.pending).has_value());
    BOOST_TEST(!payout_in(payouts.actual).has_value());
    BOOST_TEST(run(api.stake_get(m.name)).str() == before.str());

    // The twentieth resolves the round: the payout settles into the stake, to the unit.
    release();
    payouts = run(api.pending_model_payouts());
    BOOST_TEST(!payout_in(payouts.pending).has_value());
    const auto paid = payout_in(payouts.actual);
    BOOST_REQUIRE(paid.has_value());
    BOOST_TEST((compare(*paid, decimal("0")) != 0)); // the score is never exactly zero
    const decimal after = run(api.stake_get(m.name));
    BOOST_TEST((compare(after, before + *paid) == 0), after.str() << " = " << before.str() << " + " << paid->str());
}

BOOST_AUTO_TEST_SUITE_END()
