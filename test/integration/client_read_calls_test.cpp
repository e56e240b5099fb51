// Every read call of numerapi::client against an in-process sandbox over real TLS.
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

using namespace numerapi;
namespace tt = boost::test_tools;

namespace {

/// Whether list_datasets takes a round and a tournament of these types, in this order.
template <class Round, class Tournament>
concept lists_datasets = requires(client& api, Round r, Tournament t) {
    api.list_datasets(r, t);
};
static_assert(lists_datasets<round_number, tournament>);
static_assert(!lists_datasets<tournament, round_number>); // swapped: does not compile
static_assert(!lists_datasets<int, int>);                 // bare numbers: neither does this

/// One sandbox for the whole suite: the calls below only read.
struct sandbox_suite {
    static test::running_sandbox& box() {
        static test::running_sandbox instance;
        return instance;
    }
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box().options()};

    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }

    std::size_t requests_for(std::string_view field) {
        const auto all = box().log().requests();
        return std::count_if(all.begin(), all.end(), [&](const auto& r) {
            return std::find(r.graphql_fields.begin(), r.graphql_fields.end(), field) != r.graphql_fields.end();
        });
    }
};

const timestamp now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(client_read_calls, sandbox_suite)

BOOST_AUTO_TEST_CASE(get_current_round_returns_the_open_round_of_each_tournament) {
    for (auto t : {tournament::classic, tournament::signals, tournament::crypto})
        BOOST_TEST(run(api.get_current_round(t)) == 1150);
    const auto last = box().log().requests().back();
    BOOST_TEST(last.method == "POST");
    BOOST_TEST(last.status == 200u);
    BOOST_TEST(!last.authorization); // public call: no keys on the wire
}

BOOST_AUTO_TEST_CASE(list_rounds_is_newest_first_with_exact_decimals_and_times) {
    auto rounds = run(api.list_rounds());
    BOOST_REQUIRE(rounds.size() > 10);
    BOOST_TEST(rounds.front().number == 1150);
    BOOST_TEST(rounds[1].number == 1149);
    const auto& r = rounds.front();
    BOOST_TEST(r.tournament == 8);
    BOOST_REQUIRE(r.open_time && r.close_staking_time && r.resolve_time && r.payout_factor);
    BOOST_TEST((*r.open_time < now() && now() < *r.close_staking_time));
    BOOST_TEST(r.payout_factor->str().find('.') != std::string::npos);
    BOOST_TEST(r.data_datestamp.value_or(0) > 20260000);
    // The multipliers a stake may choose, as the sandbox serves them.
    BOOST_TEST((r.min_corr_multiplier == 0.0 && r.max_corr_multiplier == 1.0 && r.default_corr_multiplier == 0.5));
    BOOST_TEST((r.min_mmc_multiplier == 0.0 && r.max_mmc_multiplier == 3.0 && r.default_mmc_multiplier == 2.0));

    round_filter filter;
    filter.status = "resolved";
    filter.limit = 3;
    auto resolved = run(api.list_rounds(filter, tournament::signals));
    BOOST_TEST(resolved.size() == 3u);
    for (const auto& x : resolved) BOOST_TEST((x.resolved_general && x.tournament == 11));
}

BOOST_AUTO_TEST_CASE(get_round_finds_one_round_or_none) {
    auto r = run(api.get_round(round_number(1140)));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->number == 1140);
    BOOST_TEST(!run(api.get_round(round_number(5))).has_value());
    BOOST_TEST(run(api.get_round(round_number(0)))->number == 1150);
}

BOOST_AUTO_TEST_CASE(check_round_open_and_check_new_round_are_true_after_opening) {
    BOOST_TEST(run(api.check_round_open()));
    BOOST_TEST(run(api.check_new_round(std::chrono::hours{12})));
    BOOST_TEST(!run(api.check_new_round(std::chrono::hours{0})));
}

BOOST_AUTO_TEST_CASE(list_datasets_names_the_files_of_each_tournament) {
    auto classic = run(api.list_datasets());
    BOOST_TEST((std::find(classic.begin(), classic.end(), "v5.2/train.parquet") != classic.end()));
    BOOST_TEST((std::find(classic.begin(), classic.end(), "v5.2/live_1150.parquet") != classic.end()));
    auto old = run(api.list_datasets(round_number(1140)));
    BOOST_TEST((std::find(old.begin(), old.end(), "v5.2/live_1140.parquet") != old.end()));
    for (const auto& n : run(api.list_datasets(std::nullopt, tournament::signals)))
        BOOST_TEST(n.starts_with("signals/"));
    for (const auto& n : run(api.list_datasets(std::nullopt, tournament::crypto))) BOOST_TEST(n.starts_with("crypto/"));
}

BOOST_AUTO_TEST_CASE(dataset_url_is_a_presigned_url_on_the_sandbox) {
    const auto url = run(api.dataset_url("v5.2/train.parquet"));
    BOOST_TEST(url.starts_with(box().ready().api_url + "/datasets/8/1150/v5.2/train.parquet?expires="));
    BOOST_TEST(url.find("&signature=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(get_account_proves_the_keys_and_lists_models) {
    const auto before = box().log().requests().size();
    const account me = run(api.get_account());
    BOOST_TEST(me.username == "sandbox_user");
    BOOST_TEST(me.available_nmr.str() == "1000.000000000000000000");
    BOOST_TEST(me.models.size() == 4u);
    BOOST_REQUIRE(me.api_tokens.size() == 1u);
    BOOST_TEST(me.api_tokens[0].public_id == box().ready().public_id);
    const auto log = box().log().requests();
    BOOST_REQUIRE(log.size() == before + 1);
    BOOST_TEST((log.back().authorization && log.back().authenticated));
}

BOOST_AUTO_TEST_CASE(get_models_filters_by_tournament) {
    auto classic = run(api.get_models());
    BOOST_TEST(classic.size() == 2u);
    for (const auto& m : classic) BOOST_TEST(m.tournament == 8);
    auto signals = run(api.get_models(tournament::signals));
    BOOST_REQUIRE(signals.size() == 1u);
    BOOST_TEST(signals[0].name == "sandbox_signals");
}

BOOST_AUTO_TEST_CASE(get_profile_reads_classic_and_signals_profiles) {
    const profile p = run(api.get_profile("sandbox_model"));
    BOOST_TEST(p.username == "sandbox_model");
    BOOST_TEST(p.start_date.has_value());
    BOOST_TEST(p.nmr_staked.has_value());
    BOOST_TEST(run(api.get_profile("sandbox_signals", tournament::signals)).username == "sandbox_signals");
}

BOOST_AUTO_TEST_CASE(get_profile_of_unknown_model_reports_the_server_message) {
    try {
        run(api.get_profile("no_such_model"));
        BOOST_FAIL("expected an error");
    } catch (const error& e) {
        BOOST_TEST(e.code() == errc::graphql_error);
        BOOST_TEST(e.server_message() == "Model not found: no_such_model");
    }
}

BOOST_AUTO_TEST_CASE(submission_scores_by_model_name_and_filters) {
    auto scores = run(api.submission_scores("sandbox_model"));
    BOOST_REQUIRE(!scores.empty());
    BOOST_TEST(scores.front().round_number >= scores.back().round_number); // newest first
    score_filter f;
    f.display_name = "CORR20";
    f.distinct_on_round = true;
    f.last_n_rounds = 5;
    auto corr = run(api.submission_scores("sandbox_model", f));
    BOOST_TEST(corr.size() <= 5u);
    BOOST_TEST(!corr.empty());
    for (const auto& s : corr) BOOST_TEST(s.display_name == "CORR20");
}

BOOST_AUTO_TEST_CASE(payouts_per_round_has_one_entry_per_submitted_round) {
    auto payouts = run(api.payouts_per_round("sandbox_model"));
    BOOST_TEST(payouts.size() == 24u);
    bool some_resolved = false, some_scored = false;
    for (const auto& p : payouts) {
        some_resolved |= p.resolved;
        some_scored |= !p.scores.empty();
        for (const auto& s : p.scores) BOOST_TEST((s.payout_pending.has_value() && s.payout_settled.has_value()));
        BOOST_TEST((p.corr_multiplier == 0.5 && p.mmc_multiplier == 2.0));
        BOOST_TEST(!p.round_target.empty());
    }
    BOOST_TEST(some_resolved);
    BOOST_TEST(some_scored);
}

BOOST_AUTO_TEST_CASE(intra_round_scores_hold_every_day_of_the_rounds_payouts_per_round_sums_up) {
    const auto payouts = run(api.payouts_per_round("sandbox_model"));
    const auto intra = run(api.intra_round_scores("sandbox_model"));
    BOOST_REQUIRE_EQUAL(intra.size(), payouts.size());
    std::size_t scored = 0;
    for (std::size_t i = 0; i < intra.size(); ++i) {
        BOOST_TEST(intra[i].round_number == payouts[i].round_number);
        // Every final score is one of the round's daily scores: the last day of its metric.
        for (const auto& final_score : payouts[i].scores) {
            int last_day = 0;
            for (const auto& daily : intra[i].scores)
                if (daily.display_name == final_score.display_name) last_day = std::max(last_day, daily.day);
            BOOST_TEST(last_day == final_score.day);
        }
        BOOST_TEST(intra[i].scores.size() >= payouts[i].scores.size());
        scored += intra[i].scores.empty() ? 0 : 1;
    }
    BOOST_TEST(scored > 0u);
}

BOOST_AUTO_TEST_CASE(pending_model_payouts_are_the_accounts_exact_payouts) {
    const auto mine = run(api.get_models());
    const auto payouts = run(api.pending_model_payouts());
    BOOST_TEST(box().log().requests().back().authenticated);
    BOOST_TEST(payouts.actual.size() + payouts.pending.size() > 0u);
    for (const auto* list : {&payouts.actual, &payouts.pending})
        for (const auto& p : *list) {
            BOOST_TEST(std::any_of(mine.begin(), mine.end(), [&](const model& m) { return m.id == p.model_id; }));
            BOOST_REQUIRE((p.payout_nmr && p.payout_value && p.round_resolve_time));
            const std::string nmr = p.payout_nmr->str();
            BOOST_TEST(nmr.size() - nmr.find('.') - 1 == 6u); // exact, as sent
            BOOST_TEST(p.currency_symbol == "NMR");
            BOOST_TEST(p.round_number > 0);
        }
    // Settled payouts are those of the rounds payouts_per_round reports resolved.
    std::map<std::pair<std::string, int>, bool> resolved;
    for (const auto& m : mine)
        for (const auto& r : run(api.payouts_per_round(m.id))) resolved[{m.id, r.round_number}] = r.resolved;
    for (const auto& p : payouts.actual) BOOST_TEST(resolved.at({p.model_id, p.round_number}));
    for (const auto& p : payouts.pending) BOOST_TEST(!resolved.at({p.model_id, p.round_number}));
}

BOOST_AUTO_TEST_CASE(list_submissions_and_get_submission_for_round) {
    auto subs = run(api.list_submissions("sandbox_model"));
    BOOST_TEST(subs.size() == 24u);
    for (const auto& s : subs) BOOST_TEST((s.filename.ends_with(".csv") && s.round_number.has_value()));
    auto one = run(api.get_submission_for_round("sandbox_model", round_number(1149)));
    BOOST_REQUIRE(one);
    BOOST_TEST(*one->round_number == 1149);
    BOOST_TEST(
        !run(api.get_submission_for_round("sandbox_model", round_number(1150))).has_value()); // not submitted yet
}

BOOST_AUTO_TEST_CASE(raw_query_returns_data_for_fields_the_typed_api_lacks) {
    auto data = run(api.raw_query("query { latestNmrPrice { priceUsd } }"));
    BOOST_TEST(data.at("latestNmrPrice").at("priceUsd").as_string() == "9.87");
}

BOOST_AUTO_TEST_CASE(calls_reuse_one_connection) {
    const auto before = box().log().handshakes();
    for (int i = 0; i < 20; ++i) run(api.get_current_round());
    BOOST_TEST(box().log().handshakes() - before <= 1u);
}

BOOST_AUTO_TEST_SUITE_END()
