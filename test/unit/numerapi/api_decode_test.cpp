// The value types (decimal, timestamps), the JSON decoders and the operation builders of
// src/numerapi/api. Fixtures are response bodies from numerapi 2.23's own tests and docstring
// examples (docs/protocol.md §4 shows the shapes); query texts are numerapi's (§3).
#include "numerapi/api/account.hpp"
#include "numerapi/api/datasets.hpp"
#include "numerapi/api/json_decode.hpp"
#include "numerapi/api/profiles.hpp"
#include "numerapi/api/rounds.hpp"
#include "numerapi/api/scores.hpp"
#include "numerapi/api/staking.hpp"
#include "numerapi/api/submissions.hpp"

#include <numerapi/types.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

// Comparisons of optionals in BOOST_TEST need them printable.
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<std::string>)
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<int>)
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<double>)

namespace {

using namespace std::chrono_literals;
using numerapi::timestamp;
using std::chrono::sys_days;

timestamp ts(sys_days d) { return timestamp{d}; }

/// The `data` object of a whole response body.
boost::json::object data_of(std::string_view body) {
    return boost::json::parse(body).as_object().at("data").as_object();
}

/// A predicate for BOOST_CHECK_EXCEPTION: the message contains `part`.
struct message_has {
    std::string part;
    bool operator()(const std::exception& e) const {
        const bool ok = std::string_view(e.what()).find(part) != std::string_view::npos;
        if (!ok) BOOST_TEST_MESSAGE("message was: " << e.what());
        return ok;
    }
};

std::string vars(const numerapi::detail::operation& op) { return boost::json::serialize(op.variables); }

// --- numerapi's test-suite fixtures (docs/protocol.md §4) --------------------------------------

constexpr std::string_view get_account_body = R"({
  "data": {
    "account": {
      "apiTokens": [
        {"name": "uploads", "public_id": "AAA", "scopes": ["upload_submission"]},
        {
          "name": "_internal_default",
          "public_id": "BBB",
          "scopes": ["upload_submission", "read_submission_info", "read_user_info"]
        },
        {
          "name": "all",
          "public_id": "CCC",
          "scopes": ["upload_submission", "stake", "read_submission_info", "read_user_info"]
        }
      ],
      "availableNmr": "1.010000000000000000",
      "email": "no-reply@eu83t4nncmxv3g2.xyz",
      "id": "0c10a70a-a851-478f-a289-7a05fe397008",
      "insertedAt": "2018-01-01 11:11:11",
      "mfaEnabled": false,
      "models": [
        {
          "id": "881778ad-2ee9-4fb0-82b4-7b7c0f7ce17d",
          "name": "model1",
          "submissions": [
            {
              "filename": "predictions-pPbLKSHGiR.csv",
              "id": "f2369b69-8c43-47aa-b4de-de3a9de5f52c"
            }
          ],
          "v2Stake": {"status": null, "txHash": null}
        },
        {
          "id": "881778ad-2ee9-4fb0-82b4-7b7c0f7ce17d",
          "name": "model2",
          "submissions": [
            {
              "filename": "predictions-pPbPOWQNGiR.csv",
              "id": "46a62500-87c7-4d7c-98ad-b743037e8cfd"
            }
          ],
          "v2Stake": {"status": null, "txHash": null}
        }
      ],
      "status": "VERIFIED",
      "username": "username1",
      "walletAddress": "0x0000000000000000000000000000"
    }
  }
})";

constexpr std::string_view get_models_body = R"({
  "data": {
    "account": {
      "models": [
        {"name": "model_x", "id": "95b0d9e2-c901-4f2b-9c98-24138b0bd706", "tournament": 0},
        {"name": "model_y", "id": "2c6d63a4-013f-42d1-bbaf-bf35725d29f7", "tournament": 0}
      ]
    }
  }
})";

constexpr std::string_view submission_scores_body = R"({
  "data": {
    "submissionScores": [
      {
        "roundId": "round-1",
        "submissionId": "submission-1",
        "roundNumber": 123,
        "roundResolveTime": "2026-04-01T00:00:00Z",
        "roundScoreTime": "2026-03-29T00:00:00Z",
        "roundCloseStakingTime": "2026-03-28T00:00:00Z",
        "value": 0.12,
        "percentile": 0.95,
        "displayName": "CORR20",
        "version": "v5",
        "date": "2026-03-30T00:00:00Z",
        "day": 2,
        "resolveDate": "2026-04-01T00:00:00Z",
        "resolved": true
      }
    ]
  }
})";

constexpr std::string_view list_rounds_body = R"({
  "data": {
    "rounds": [
      {
        "id": "round-1",
        "tournament": 11,
        "number": 123,
        "target": "main",
        "closeTime": "2026-03-27T00:00:00Z",
        "closeStakingTime": "2026-03-26T12:00:00Z",
        "openTime": "2026-03-20T00:00:00Z",
        "scoreTime": "2026-03-29T00:00:00Z",
        "resolveTime": "2026-04-01T00:00:00Z",
        "resolvedGeneral": false,
        "resolvedStaking": false,
        "payoutFactor": "0.8",
        "stakeThreshold": 0.1,
        "minCorrMultiplier": 0.0,
        "maxCorrMultiplier": 1.0,
        "defaultCorrMultiplier": 0.5,
        "minMmcMultiplier": 0.0,
        "maxMmcMultiplier": 1.0,
        "defaultMmcMultiplier": 0.5,
        "dataDatestamp": 20260320
      }
    ]
  }
})";

constexpr std::string_view round_performances_body = R"({
  "data": {
    "v2RoundModelPerformances": [
      {
        "atRisk": "10.5",
        "corrMultiplier": 1.0,
        "mmcMultiplier": 0.5,
        "roundPayoutFactor": "0.8",
        "roundNumber": 456,
        "roundOpenTime": "2026-03-01T00:00:00Z",
        "roundResolveTime": "2026-03-29T00:00:00Z",
        "roundResolved": true,
        "roundTarget": "main",
        "submissionScores": [
          {
            "date": "2026-03-28T00:00:00Z",
            "day": 20,
            "displayName": "CORR20",
            "payoutPending": "0.8",
            "payoutSettled": "0.7",
            "percentile": 0.9,
            "value": 0.12
          }
        ]
      }
    ]
  }
})";

// --- numerapi's query texts (docs/protocol.md §3.2, §3.3, §3.4, §3.7, §3.8), ours for §3.6 ---
// Each text lives once, in src/numerapi/api. The tests hold a digest of each instead: taken
// when the text was copied from numerapi's source, it fails on any change of one byte (a
// server may treat two spellings of a query differently), and the message shows the text.

/// FNV-1a, 64 bits.
constexpr std::uint64_t digest(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
}

} // namespace

// =============================================================================================
BOOST_AUTO_TEST_SUITE(tournaments_and_rounds)

BOOST_AUTO_TEST_CASE(neither_comes_from_a_bare_int_and_both_print) {
    static_assert(!std::is_convertible_v<int, numerapi::tournament>);
    static_assert(!std::is_convertible_v<int, numerapi::round_number>);
    static_assert(!std::is_convertible_v<numerapi::round_number, numerapi::tournament>);
    static_assert(!std::is_convertible_v<numerapi::tournament, numerapi::round_number>);
    BOOST_TEST(numerapi::number_of(numerapi::tournament::signals) == 11);
    BOOST_TEST((numerapi::round_number(1149) < numerapi::round_number(1150)));
    std::ostringstream out;
    out << numerapi::tournament::classic << ' ' << numerapi::tournament::signals << ' ' << numerapi::tournament::crypto
        << ' ' << numerapi::tournament(13) << ' ' << numerapi::round_number(1150);
    BOOST_TEST(out.str() == "classic signals crypto 13 1150");
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(decimal_values)

BOOST_AUTO_TEST_CASE(accepts_plain_decimals) {
    BOOST_TEST(numerapi::decimal("1.010000000000000000").str() == "1.010000000000000000");
    BOOST_TEST(numerapi::decimal("0").str() == "0");
    BOOST_TEST(numerapi::decimal("-2.5").str() == "-2.5");
    BOOST_TEST(numerapi::decimal("007").str() == "007");
    BOOST_TEST(numerapi::decimal().str() == "0");
    BOOST_TEST((numerapi::decimal("0.8") == numerapi::decimal("0.8")));
    BOOST_TEST(!(numerapi::decimal("0.8") == numerapi::decimal("0.80"))); // textual equality
}

BOOST_AUTO_TEST_CASE(exact_arithmetic_and_numeric_order) {
    using numerapi::decimal;
    BOOST_TEST((decimal("10") - decimal("1.50")).str() == "8.50");
    BOOST_TEST((decimal("57.582371875005243780") + decimal("0.000000000000000001")).str() == "57.582371875005243781");
    BOOST_TEST((decimal("1") - decimal("2.5")).str() == "-1.5");
    BOOST_TEST((decimal("-1.25") + decimal("1.25")).str() == "0.00"); // zero is never negative
    BOOST_TEST((decimal("-1") - decimal("-3")).str() == "2");
    BOOST_TEST((decimal("007") + decimal("0")).str() == "7");
    BOOST_TEST((decimal("99999999999999999999.999999999999999999") + decimal("0.000000000000000001")).str() ==
               "100000000000000000000.000000000000000000");
    BOOST_TEST((decimal("0.5") - decimal("0.75")).str() == "-0.25");
    BOOST_TEST((compare(decimal("1.0"), decimal("1")) == 0));
    BOOST_TEST((compare(decimal("-0"), decimal("0.00")) == 0));
    BOOST_TEST((compare(decimal("-2"), decimal("1")) < 0));
    BOOST_TEST((compare(decimal("-2"), decimal("-10")) > 0));
    BOOST_TEST((compare(decimal("10.000000000000000001"), decimal("10")) > 0));
    BOOST_TEST((compare(decimal("0.1"), decimal("0.09")) > 0));
}

BOOST_AUTO_TEST_CASE(rejects_everything_else) {
    for (const char* bad : {"", "abc", "1.2.3", "1e5", "+1", "1,000.5", ".5", "5.", "-", "-.5", " 1", "1 ", "NaN",
                            "inf", "0x10", "1.-2", "--1"}) {
        BOOST_TEST_CONTEXT("text \"" << bad << "\"") {
            BOOST_CHECK_THROW(numerapi::decimal{bad}, std::invalid_argument);
        }
    }
    BOOST_CHECK_EXCEPTION(numerapi::decimal("1e5"), std::invalid_argument, message_has{"\"1e5\""});
    BOOST_CHECK_EXCEPTION(numerapi::decimal("1,000.5"), std::invalid_argument, message_has{"\"1,000.5\""});
}

BOOST_AUTO_TEST_CASE(to_double) {
    BOOST_TEST(numerapi::decimal("1.010000000000000000").to_double() == 1.01);
    BOOST_TEST(numerapi::decimal("-2.5").to_double() == -2.5);
    BOOST_TEST(numerapi::decimal("0").to_double() == 0.0);
    BOOST_TEST(numerapi::decimal("57.582371875005243780").to_double() == 57.582371875005243780);
    const std::string huge = "1" + std::string(400, '0');
    BOOST_TEST(std::isinf(numerapi::decimal(huge).to_double()));
    BOOST_TEST(numerapi::decimal("-" + huge).to_double() < 0.0);
    const std::string tiny = "0." + std::string(400, '0') + "1";
    BOOST_TEST(numerapi::decimal(tiny).to_double() == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(timestamps)

BOOST_AUTO_TEST_CASE(zones_and_separators) {
    const timestamp midnight = ts(sys_days{2026y / 3 / 20});
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20T00:00:00Z") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20T02:00:00+02:00") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20T02:00:00+0200") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-19T19:00:00-05:00") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-19T18:30:00-0530") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20T00:00:00+00:00") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20T00:00:00") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20 00:00:00") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2026-03-20") == midnight));
    BOOST_TEST((numerapi::parse_timestamp("2018-01-01 11:11:11") == ts(sys_days{2018y / 1 / 1}) + 11h + 11min + 11s));
}

BOOST_AUTO_TEST_CASE(fractions) {
    const timestamp base = ts(sys_days{2017y / 12 / 24}) + 20h + 48min + 25s;
    BOOST_TEST((numerapi::parse_timestamp("2017-12-24T20:48:25.90349Z") == base + 903490us));
    BOOST_TEST((numerapi::parse_timestamp("2017-12-24T20:48:25.9Z") == base + 900000us));
    BOOST_TEST((numerapi::parse_timestamp("2017-12-24T20:48:25.123456789Z") == base + 123456us)); // truncated
    BOOST_TEST((numerapi::parse_timestamp("2017-12-24T20:48:25.000001Z") == base + 1us));
    BOOST_TEST((numerapi::parse_timestamp("2026-05-10T12:00:00.123456+00:00") ==
                ts(sys_days{2026y / 5 / 10}) + 12h + 123456us));
}

BOOST_AUTO_TEST_CASE(calendar) {
    BOOST_TEST((numerapi::parse_timestamp("2024-02-29T00:00:00Z") == ts(sys_days{2024y / 2 / 29})));
    BOOST_TEST((numerapi::parse_timestamp("2000-02-29T00:00:00Z") == ts(sys_days{2000y / 2 / 29})));
    BOOST_TEST((numerapi::parse_timestamp("1969-12-31T23:59:59Z") == ts(sys_days{1970y / 1 / 1}) - 1s));
    // A leap second rolls over into the next minute.
    BOOST_TEST((numerapi::parse_timestamp("2016-12-31T23:59:60Z") == ts(sys_days{2017y / 1 / 1})));
}

BOOST_AUTO_TEST_CASE(rejects_bad_input) {
    for (const char* bad : {"",
                            "abc",
                            "2026-02-30T00:00:00Z",
                            "2025-02-29T00:00:00Z",
                            "1900-02-29",
                            "2026-04-31",
                            "2026-13-01",
                            "2026-00-10",
                            "2026-03-00",
                            "2026-03-20T24:00:00Z",
                            "2026-03-20T00:60:00Z",
                            "2026-03-20T00:00:61Z",
                            "2026-03-20T00:00Z",
                            "2026-03-20T00:00:00.Z",
                            "2026-03-20T00:00:00.1234567890Z",
                            "2026-03-20T00:00:00+02",
                            "2026-03-20T00:00:00+2:00",
                            "2026-03-20T00:00:00+24:00",
                            "2026-03-20T00:00:00+02:60",
                            "2026-03-20T00:00:00ZZ",
                            "2026-03-20T00:00:00Z ",
                            "2026-03-20t00:00:00Z",
                            "2026-03-20T00:00:00z",
                            " 2026-03-20",
                            "2026-3-20",
                            "26-03-20",
                            "2026/03/20",
                            "2026-03-20T",
                            "2026-03-20X00:00:00",
                            "20260320",
                            "2026-03-20T00:00:00 UTC",
                            "2026-03-20T0a:00:00Z"}) {
        BOOST_TEST_CONTEXT("text \"" << bad << "\"") {
            BOOST_CHECK_THROW(numerapi::parse_timestamp(bad), std::invalid_argument);
        }
    }
    BOOST_CHECK_EXCEPTION(numerapi::parse_timestamp("2026-02-30T00:00:00Z"), std::invalid_argument,
                          message_has{"\"2026-02-30T00:00:00Z\""});
}

BOOST_AUTO_TEST_CASE(format) {
    BOOST_TEST(numerapi::format_timestamp(ts(sys_days{2026y / 3 / 20})) == "2026-03-20T00:00:00Z");
    BOOST_TEST(numerapi::format_timestamp(ts(sys_days{2017y / 12 / 24}) + 20h + 48min + 25s + 903490us) ==
               "2017-12-24T20:48:25.90349Z");
    BOOST_TEST(numerapi::format_timestamp(ts(sys_days{2026y / 3 / 20}) + 1us) == "2026-03-20T00:00:00.000001Z");
    BOOST_TEST(numerapi::format_timestamp(ts(sys_days{2026y / 3 / 20}) + 500ms) == "2026-03-20T00:00:00.5Z");
    BOOST_TEST(numerapi::format_timestamp(ts(sys_days{1970y / 1 / 1}) - 500ms) == "1969-12-31T23:59:59.5Z");
    BOOST_TEST(numerapi::format_timestamp(timestamp{}) == "1970-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(round_trips) {
    for (const char* text :
         {"2026-03-20T00:00:00Z", "2017-12-24T20:48:25.90349Z", "1999-12-31T23:59:59.999999Z", "2024-02-29T12:34:56.1Z",
          "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-07-20T20:17:40.5Z"}) {
        BOOST_TEST(numerapi::format_timestamp(numerapi::parse_timestamp(text)) == text);
    }
    BOOST_TEST(numerapi::format_timestamp(numerapi::parse_timestamp("2026-03-20T02:00:00+02:00")) ==
               "2026-03-20T00:00:00Z");
    BOOST_TEST(numerapi::format_timestamp(numerapi::parse_timestamp("2018-01-01 11:11:11")) == "2018-01-01T11:11:11Z");
    const timestamp t = ts(sys_days{2026y / 5 / 10}) + 12h + 123456us;
    BOOST_TEST((numerapi::parse_timestamp(numerapi::format_timestamp(t)) == t));
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(builders)

BOOST_AUTO_TEST_CASE(rounds) {
    using namespace numerapi::detail;
    const operation current = current_round_query(8);
    BOOST_TEST(current.name == "get_current_round");
    BOOST_TEST(digest(current.document) == 0x4102953df57629bbULL, current.document);
    BOOST_TEST(vars(current) == R"({"tournament":8})");
    BOOST_TEST(!current.authorization);
    BOOST_TEST(current.idempotent);

    const operation listed =
        list_rounds_query(11, numerapi::round_filter{numerapi::round_number(123), "main", "open", 5});
    BOOST_TEST(listed.name == "list_rounds");
    BOOST_TEST(digest(listed.document) == 0x90afdbaa4240eb87ULL, listed.document);
    BOOST_TEST(vars(listed) == R"({"tournament":11,"number":123,"target":"main","status":"OPEN","limit":5})");
    BOOST_TEST(!listed.authorization);
    const operation all = list_rounds_query(8, {});
    BOOST_TEST(vars(all) == R"({"tournament":8,"number":null,"target":null,"status":null,"limit":null})");
    BOOST_TEST(vars(list_rounds_query(8, numerapi::round_filter{{}, {}, "ReSolving", {}})) ==
               R"({"tournament":8,"number":null,"target":null,"status":"RESOLVING","limit":null})");

    const operation open = round_open_query(12);
    BOOST_TEST(open.name == "check_round_open");
    BOOST_TEST(digest(open.document) == 0xc1545e3e3dd4bcdaULL, open.document);
    BOOST_TEST(vars(open) == R"({"tournament":12})");
    BOOST_TEST(!open.authorization);

    const operation fresh = new_round_query(8);
    BOOST_TEST(fresh.name == "check_new_round");
    BOOST_TEST(digest(fresh.document) == 0xd4a05c6372094446ULL, fresh.document);
    BOOST_TEST(vars(fresh) == R"({"tournament":8})");
    BOOST_TEST(!fresh.authorization);
}

BOOST_AUTO_TEST_CASE(datasets) {
    using namespace numerapi::detail;
    const operation listed = list_datasets_query(8, std::nullopt);
    BOOST_TEST(listed.name == "list_datasets");
    BOOST_TEST(digest(listed.document) == 0xf350721650fc2771ULL, listed.document);
    BOOST_TEST(vars(listed) == R"({"round":null,"tournament":8})");
    BOOST_TEST(!listed.authorization);
    BOOST_TEST(vars(list_datasets_query(11, 1042)) == R"({"round":1042,"tournament":11})");

    const operation url = dataset_url_query(8, "v5.2/train.parquet", std::nullopt);
    BOOST_TEST(url.name == "download_dataset");
    BOOST_TEST(digest(url.document) == 0x5deb51bb94fa8db3ULL, url.document);
    BOOST_TEST(vars(url) == R"({"filename":"v5.2/train.parquet","round":null,"tournament":8})");
    BOOST_TEST(!url.authorization);
    BOOST_TEST(vars(dataset_url_query(12, "crypto/v2.0/live_universe.parquet", 7)) ==
               R"({"filename":"crypto/v2.0/live_universe.parquet","round":7,"tournament":12})");
}

BOOST_AUTO_TEST_CASE(account) {
    using namespace numerapi::detail;
    const operation acc = account_query();
    BOOST_TEST(acc.name == "get_account");
    BOOST_TEST(digest(acc.document) == 0xffe328dd674e2627ULL, acc.document);
    BOOST_TEST(acc.variables.is_null());
    BOOST_TEST(acc.authorization);
    BOOST_TEST(acc.idempotent);

    const operation models = models_query();
    BOOST_TEST(models.name == "get_models");
    BOOST_TEST(digest(models.document) == 0xd49e0e3bc9bac849ULL, models.document);
    BOOST_TEST(models.variables.is_null());
    BOOST_TEST(models.authorization);
}

BOOST_AUTO_TEST_CASE(the_nmr_price_is_exact_and_required) {
    using numerapi::detail::decode_latest_nmr_price;
    BOOST_TEST(decode_latest_nmr_price(data_of(R"({"data": {"latestNmrPrice": {"priceUsd": "9.87"}}})")).str() ==
               "9.87");
    BOOST_TEST(decode_latest_nmr_price(data_of(R"({"data": {"latestNmrPrice": {"priceUsd": 12.5}}})")).str() == "12.5");
    BOOST_CHECK_EXCEPTION(decode_latest_nmr_price(data_of(R"({"data": {"latestNmrPrice": {"priceUsd": null}}})")),
                          std::invalid_argument, message_has{"latestNmrPrice.priceUsd: missing or null"});
    BOOST_CHECK_THROW(decode_latest_nmr_price(data_of(R"({"data": {"latestNmrPrice": null}})")), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(profiles) {
    using namespace numerapi::detail;
    const operation classic = profile_query(8, "integration_test");
    BOOST_TEST(classic.name == "get_profile");
    BOOST_TEST(digest(classic.document) == 0x0f742640a6fe5c05ULL, classic.document);
    BOOST_TEST(vars(classic) == R"({"model_name":"integration_test"})");
    BOOST_TEST(!classic.authorization);

    for (int tournament : {11, 12}) {
        const operation signals = profile_query(tournament, "floury_kerril_moodle");
        BOOST_TEST(signals.name == "get_profile");
        BOOST_TEST(digest(signals.document) == 0x93827745a0adf9bfULL, signals.document);
        BOOST_TEST(vars(signals) == R"({"username":"floury_kerril_moodle"})");
        BOOST_TEST(!signals.authorization);
    }
    BOOST_CHECK_THROW(profile_query(0, "x"), std::invalid_argument);
    BOOST_CHECK_THROW(profile_query(1, "x"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(scores) {
    using namespace numerapi::detail;
    numerapi::score_filter filter;
    filter.last_n_rounds = 5;
    filter.distinct_on_round = true;
    const operation scores = submission_scores_query(11, "model-1", filter);
    BOOST_TEST(scores.name == "submission_scores");
    BOOST_TEST(digest(scores.document) == 0x403d4664c14a4031ULL, scores.document);
    BOOST_TEST(vars(scores) ==
               R"({"modelId":"model-1","displayName":null,"version":null,"day":null,)"
               R"("resolved":null,"tournament":11,"lastNRounds":5,"distinctOnRound":true})");
    BOOST_TEST(!scores.authorization);

    const numerapi::score_filter full{"CORR20", "v5", 2, false, 3, false};
    BOOST_TEST(vars(submission_scores_query(8, "m", full)) ==
               R"({"modelId":"m","displayName":"CORR20","version":"v5","day":2,)"
               R"("resolved":false,"tournament":8,"lastNRounds":3,"distinctOnRound":false})");

    const operation payouts = round_performances_query(8, "model-1");
    BOOST_TEST(payouts.name == "payouts_per_round");
    BOOST_TEST(digest(payouts.document) == 0x5f16e4cbfaae3762ULL, payouts.document);
    BOOST_TEST(vars(payouts) == R"({"modelId":"model-1","tournament":8})");
    BOOST_TEST(!payouts.authorization);
}

BOOST_AUTO_TEST_CASE(submissions) {
    using namespace numerapi::detail;
    const operation all = submissions_query(std::nullopt);
    BOOST_TEST(all.name == "list_submissions");
    BOOST_TEST(digest(all.document) == 0x691d3d573504a100ULL, all.document);
    BOOST_TEST(vars(all) == R"({"modelId":null})");
    BOOST_TEST(all.authorization);
    BOOST_TEST(all.idempotent);
    BOOST_TEST(vars(submissions_query("abc")) == R"({"modelId":"abc"})");
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(decoders)

BOOST_AUTO_TEST_CASE(current_round) {
    using numerapi::detail::decode_current_round;
    BOOST_TEST(decode_current_round(data_of(R"({"data": {"rounds": [{"number": 104}]}})")) == 104);
    BOOST_TEST(decode_current_round(data_of(R"({"data": {"rounds": [{"number": 104.0}]}})")) == 104);
    BOOST_TEST(!decode_current_round(data_of(R"({"data": {"rounds": [null]}})")));
    BOOST_TEST(!decode_current_round(data_of(R"({"data": {"rounds": []}})")));
    BOOST_TEST(!decode_current_round(data_of(R"({"data": {"rounds": [{"number": null}]}})")));
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {}})")), std::invalid_argument,
                          message_has{"rounds: missing"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": null}})")), std::invalid_argument,
                          message_has{"rounds: expected an array, got null"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": {"number": 1}}})")),
                          std::invalid_argument, message_has{"rounds: expected an array, got an object"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": [7]}})")), std::invalid_argument,
                          message_has{"rounds[0]: expected an object, got a number"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": [{"number": "104"}]}})")),
                          std::invalid_argument, message_has{"rounds[0].number: expected an integer, got a string"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": [{"number": 104.5}]}})")),
                          std::invalid_argument, message_has{"rounds[0].number: expected an integer"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": [{"number": 1e12}]}})")),
                          std::invalid_argument, message_has{"rounds[0].number: integer out of range"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": [{"number": 18446744073709551615}]}})")),
                          std::invalid_argument, message_has{"rounds[0].number: integer out of range"});
    BOOST_CHECK_EXCEPTION(decode_current_round(data_of(R"({"data": {"rounds": [{"number": -3000000000}]}})")),
                          std::invalid_argument, message_has{"integer out of range"});
}

BOOST_AUTO_TEST_CASE(list_rounds_fixture) {
    const auto rounds = numerapi::detail::decode_rounds(data_of(list_rounds_body));
    BOOST_TEST_REQUIRE(rounds.size() == 1u);
    const numerapi::round& r = rounds[0];
    BOOST_TEST(r.id == "round-1");
    BOOST_TEST(r.tournament == 11);
    BOOST_TEST(r.number == 123);
    BOOST_TEST(r.target == "main");
    BOOST_TEST((r.close_time == ts(sys_days{2026y / 3 / 27})));
    BOOST_TEST((r.close_staking_time == ts(sys_days{2026y / 3 / 26}) + 12h));
    BOOST_TEST((r.open_time == ts(sys_days{2026y / 3 / 20})));
    BOOST_TEST((r.score_time == ts(sys_days{2026y / 3 / 29})));
    BOOST_TEST((r.resolve_time == ts(sys_days{2026y / 4 / 1})));
    BOOST_TEST(!r.resolved_general);
    BOOST_TEST(!r.resolved_staking);
    BOOST_TEST_REQUIRE(r.payout_factor.has_value());
    BOOST_TEST(r.payout_factor->str() == "0.8");
    BOOST_TEST(r.stake_threshold == 0.1);
    BOOST_TEST(r.data_datestamp == 20260320);
}

BOOST_AUTO_TEST_CASE(rounds_nulls_and_wrong_types) {
    using numerapi::detail::decode_rounds;
    const auto rounds = decode_rounds(data_of(R"({"data": {"rounds": [
        {"number": 5, "openTime": null, "payoutFactor": null, "stakeThreshold": null, "dataDatestamp": null,
         "id": null, "resolvedGeneral": null}, {}]}})"));
    BOOST_TEST_REQUIRE(rounds.size() == 2u);
    BOOST_TEST(rounds[0].number == 5);
    BOOST_TEST(!rounds[0].open_time);
    BOOST_TEST(!rounds[0].close_time);
    BOOST_TEST(!rounds[0].payout_factor);
    BOOST_TEST(!rounds[0].stake_threshold);
    BOOST_TEST(!rounds[0].data_datestamp);
    BOOST_TEST(rounds[0].id.empty());
    BOOST_TEST(!rounds[0].resolved_general);
    BOOST_TEST(rounds[1].number == 0);
    BOOST_TEST(decode_rounds(data_of(R"({"data": {"rounds": []}})")).empty());
    BOOST_TEST(decode_rounds(data_of(R"({"data": {"rounds": [{"stakeThreshold": 1}]}})"))[0].stake_threshold == 1.0);

    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{}, {"payoutFactor": 0.8}]}})")),
                          std::invalid_argument,
                          message_has{"rounds[1].payoutFactor: expected a decimal string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{"payoutFactor": "1e5"}]}})")),
                          std::invalid_argument, message_has{"rounds[0].payoutFactor: "});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{"openTime": 1774000000}]}})")),
                          std::invalid_argument, message_has{"rounds[0].openTime: expected a string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{"openTime": "2026-02-30T00:00:00Z"}]}})")),
                          std::invalid_argument, message_has{"rounds[0].openTime: "});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{"resolvedGeneral": "false"}]}})")),
                          std::invalid_argument,
                          message_has{"rounds[0].resolvedGeneral: expected a boolean, got a string"});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{"stakeThreshold": "0.1"}]}})")),
                          std::invalid_argument, message_has{"rounds[0].stakeThreshold: expected a number"});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [{"id": 12}]}})")), std::invalid_argument,
                          message_has{"rounds[0].id: expected a string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_rounds(data_of(R"({"data": {"rounds": [null]}})")), std::invalid_argument,
                          message_has{"rounds[0]: expected an object, got null"});
    BOOST_CHECK_THROW(decode_rounds(data_of(R"({"data": {}})")), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(round_open) {
    using numerapi::detail::decode_round_open;
    const auto data = data_of(R"({"data": {"rounds": [{"number": 1000,
        "openTime": "2026-03-20T00:00:00Z", "closeStakingTime": "2026-03-21T14:00:00Z"}]}})");
    const timestamp open = ts(sys_days{2026y / 3 / 20});
    const timestamp close = open + 38h;
    BOOST_TEST(decode_round_open(data, open + 1h));
    BOOST_TEST(decode_round_open(data, close - 1us));
    BOOST_TEST(!decode_round_open(data, open));  // strict
    BOOST_TEST(!decode_round_open(data, close)); // strict
    BOOST_TEST(!decode_round_open(data, open - 1h));
    BOOST_TEST(!decode_round_open(data, close + 1h));
    BOOST_TEST(!decode_round_open(data_of(R"({"data": {"rounds": [null]}})"), open + 1h));
    BOOST_TEST(!decode_round_open(data_of(R"({"data": {"rounds": []}})"), open + 1h));
    BOOST_TEST(!decode_round_open(
        data_of(R"({"data": {"rounds": [{"openTime": "2026-03-20T00:00:00Z", "closeStakingTime": null}]}})"),
        open + 1h));
    BOOST_CHECK_THROW(decode_round_open(data_of(R"({"data": {}})"), open), std::invalid_argument);
    BOOST_CHECK_EXCEPTION(decode_round_open(data_of(R"({"data": {"rounds": [{"openTime": 5}]}})"), open),
                          std::invalid_argument, message_has{"rounds[0].openTime: expected a string"});
}

BOOST_AUTO_TEST_CASE(new_round_fixture) {
    using numerapi::detail::decode_new_round;
    // numerapi's check_new_round test (docs/protocol.md §3.2): the first answer has openTime = now, the second
    // 2000-01-01.
    const timestamp now = numerapi::parse_timestamp("2026-05-10T12:00:00.123456Z");
    BOOST_TEST(decode_new_round(data_of(R"({"data": {"rounds": [{"openTime": "2026-05-10T12:00:00.123456+00:00"}]}})"),
                                12h, now));
    BOOST_TEST(
        !decode_new_round(data_of(R"({"data": {"rounds": [{"openTime": "2000-01-01T00:00:00+00:00"}]}})"), 12h, now));
    const auto data = data_of(R"({"data": {"rounds": [{"number": 1, "openTime": "2026-05-10T00:00:00Z"}]}})");
    const timestamp opened = ts(sys_days{2026y / 5 / 10});
    BOOST_TEST(decode_new_round(data, 12h, opened + 12h - 1s));
    BOOST_TEST(!decode_new_round(data, 12h, opened + 12h)); // strict
    BOOST_TEST(!decode_new_round(data, 12h, now));
    BOOST_TEST(!decode_new_round(data, 1h, opened + 2h));
    BOOST_TEST(decode_new_round(data, 24h, now));
    BOOST_TEST(!decode_new_round(data_of(R"({"data": {"rounds": [null]}})"), 12h, now));
    BOOST_TEST(!decode_new_round(data_of(R"({"data": {"rounds": []}})"), 12h, now));
    BOOST_TEST(!decode_new_round(data_of(R"({"data": {"rounds": [{"openTime": null}]}})"), 12h, now));
    BOOST_CHECK_THROW(decode_new_round(data_of(R"({"data": {"rounds": 3}})"), 12h, now), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(datasets) {
    using namespace numerapi::detail;
    const auto names = decode_list_datasets(
        data_of(R"({"data": {"listDatasets": ["v5.2/train.parquet", "v5.2/features.json", "v5.2/live.parquet"]}})"));
    BOOST_TEST_REQUIRE(names.size() == 3u);
    BOOST_TEST(names[0] == "v5.2/train.parquet");
    BOOST_TEST(names[2] == "v5.2/live.parquet");
    BOOST_TEST(decode_list_datasets(data_of(R"({"data": {"listDatasets": []}})")).empty());
    BOOST_CHECK_EXCEPTION(decode_list_datasets(data_of(R"({"data": {"listDatasets": ["a", 1]}})")),
                          std::invalid_argument, message_has{"listDatasets[1]: expected a string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_list_datasets(data_of(R"({"data": {"listDatasets": null}})")), std::invalid_argument,
                          message_has{"listDatasets: expected an array"});
    BOOST_CHECK_EXCEPTION(decode_list_datasets(data_of(R"({"data": {}})")), std::invalid_argument,
                          message_has{"listDatasets: missing"});

    const std::string url =
        "https://numerai-datasets.s3.amazonaws.com/t8/278/numerai_datasets.zip?X-Amz-Expires=604799";
    BOOST_TEST(decode_dataset_url(data_of(R"({"data": {"dataset": ")" + url + "\"}}")) == url);
    BOOST_CHECK_EXCEPTION(decode_dataset_url(data_of(R"({"data": {"dataset": null}})")), std::invalid_argument,
                          message_has{"dataset: expected a string, got null"});
    BOOST_CHECK_EXCEPTION(decode_dataset_url(data_of(R"({"data": {"dataset": ["x"]}})")), std::invalid_argument,
                          message_has{"dataset: expected a string, got an array"});
    BOOST_CHECK_EXCEPTION(decode_dataset_url(data_of(R"({"data": {}})")), std::invalid_argument,
                          message_has{"dataset: missing"});
}

BOOST_AUTO_TEST_CASE(account_fixture) {
    const numerapi::account a = numerapi::detail::decode_account(data_of(get_account_body));
    BOOST_TEST(a.id == "0c10a70a-a851-478f-a289-7a05fe397008");
    BOOST_TEST(a.username == "username1");
    BOOST_TEST(a.email == "no-reply@eu83t4nncmxv3g2.xyz");
    BOOST_TEST(a.wallet_address == "0x0000000000000000000000000000");
    BOOST_TEST(a.available_nmr.str() == "1.010000000000000000");
    BOOST_TEST(!a.mfa_enabled);
    BOOST_TEST(a.status == "VERIFIED");
    BOOST_TEST((a.inserted_at == ts(sys_days{2018y / 1 / 1}) + 11h + 11min + 11s));
    BOOST_TEST_REQUIRE(a.models.size() == 2u);
    BOOST_TEST(a.models[0].id == "881778ad-2ee9-4fb0-82b4-7b7c0f7ce17d");
    BOOST_TEST(a.models[0].name == "model1");
    BOOST_TEST(a.models[0].tournament == 0); // not asked for by get_account
    BOOST_TEST(a.models[1].name == "model2");
    BOOST_TEST_REQUIRE(a.api_tokens.size() == 3u);
    BOOST_TEST(a.api_tokens[0].name == "uploads");
    BOOST_TEST(a.api_tokens[0].public_id == "AAA");
    BOOST_TEST_REQUIRE(a.api_tokens[0].scopes.size() == 1u);
    BOOST_TEST(a.api_tokens[0].scopes[0] == "upload_submission");
    BOOST_TEST(a.api_tokens[2].public_id == "CCC");
    BOOST_TEST(a.api_tokens[2].scopes.size() == 4u);
    BOOST_TEST(a.api_tokens[2].scopes[1] == "stake");
}

BOOST_AUTO_TEST_CASE(account_nulls_and_wrong_types) {
    using numerapi::detail::decode_account;
    const numerapi::account a = decode_account(data_of(
        R"({"data": {"account": {"username": "u", "insertedAt": null, "models": null, "apiTokens": null,
            "availableNmr": null, "mfaEnabled": null}}})"));
    BOOST_TEST(a.username == "u");
    BOOST_TEST(!a.inserted_at);
    BOOST_TEST(a.models.empty());
    BOOST_TEST(a.api_tokens.empty());
    BOOST_TEST(a.available_nmr.str() == "0");
    BOOST_TEST(!a.mfa_enabled);
    const numerapi::account b = decode_account(data_of(R"({"data": {"account": {"apiTokens": [{"scopes": null}]}}})"));
    BOOST_TEST_REQUIRE(b.api_tokens.size() == 1u);
    BOOST_TEST(b.api_tokens[0].scopes.empty());

    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": null}})")), std::invalid_argument,
                          message_has{"account: expected an object, got null"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {}})")), std::invalid_argument,
                          message_has{"account: missing"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"availableNmr": 1.01}}})")),
                          std::invalid_argument,
                          message_has{"account.availableNmr: expected a decimal string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"availableNmr": "1,000.5"}}})")),
                          std::invalid_argument, message_has{"account.availableNmr: "});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"models": [{"name": "a"}, {"name": 7}]}}})")),
                          std::invalid_argument,
                          message_has{"account.models[1].name: expected a string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"apiTokens": [{"scopes": ["a", null]}]}}})")),
                          std::invalid_argument,
                          message_has{"account.apiTokens[0].scopes[1]: expected a string, got null"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"models": {}}}})")), std::invalid_argument,
                          message_has{"account.models: expected an array, got an object"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"mfaEnabled": 0}}})")), std::invalid_argument,
                          message_has{"account.mfaEnabled: expected a boolean"});
    BOOST_CHECK_EXCEPTION(decode_account(data_of(R"({"data": {"account": {"insertedAt": "yesterday"}}})")),
                          std::invalid_argument, message_has{"account.insertedAt: "});
}

BOOST_AUTO_TEST_CASE(models_fixture) {
    using numerapi::detail::decode_models;
    const auto data = data_of(get_models_body);
    const auto all = decode_models(data, std::nullopt);
    BOOST_TEST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].name == "model_x");
    BOOST_TEST(all[0].id == "95b0d9e2-c901-4f2b-9c98-24138b0bd706");
    BOOST_TEST(all[0].tournament == 0);
    BOOST_TEST(all[1].name == "model_y");
    BOOST_TEST(decode_models(data, 0).size() == 2u);
    BOOST_TEST(decode_models(data, 8).empty());

    const auto mixed = data_of(R"({"data": {"account": {"models": [
        {"name": "a", "id": "1", "tournament": 8}, {"name": "b", "id": "2", "tournament": 11},
        {"name": "c", "id": "3", "tournament": 8}]}}})");
    const auto classic = decode_models(mixed, 8);
    BOOST_TEST_REQUIRE(classic.size() == 2u);
    BOOST_TEST(classic[0].name == "a");
    BOOST_TEST(classic[1].name == "c");
    BOOST_TEST(decode_models(mixed, 11).size() == 1u);
    BOOST_TEST(decode_models(mixed, std::nullopt).size() == 3u);
    BOOST_TEST(decode_models(data_of(R"({"data": {"account": {"models": null}}})"), 8).empty());
    BOOST_CHECK_THROW(decode_models(data_of(R"({"data": {"account": null}})"), 8), std::invalid_argument);
    BOOST_CHECK_EXCEPTION(decode_models(data_of(R"({"data": {"account": {"models": [{"tournament": "8"}]}}})"), 8),
                          std::invalid_argument,
                          message_has{"account.models[0].tournament: expected an integer, got a string"});
}

BOOST_AUTO_TEST_CASE(a_stake_is_read_exactly_when_the_answer_has_nmr_staked) {
    using numerapi::detail::decode_stake_value;
    // stakeValue is a JSON number on the real API (numerapi's fixture: 1.1); nmrStaked, the
    // exact decimal string, wins when both are there; a string stakeValue is read too.
    BOOST_TEST(decode_stake_value(data_of(R"({"data": {"v3UserProfile": {"stakeValue": 1.1}}})")).str() == "1.1");
    BOOST_TEST(decode_stake_value(data_of(R"({"data": {"v3UserProfile": {"stakeValue": 207.08970756251821,
        "nmrStaked": "207.089707562518213990"}}})"))
                   .str() == "207.089707562518213990");
    BOOST_TEST(decode_stake_value(data_of(R"({"data": {"v3UserProfile": {"stakeValue": "2.50"}}})")).str() == "2.50");
    BOOST_TEST(decode_stake_value(data_of(R"({"data": {"v3UserProfile": {"stakeValue": null}}})")).str() == "0");
}

BOOST_AUTO_TEST_CASE(profiles) {
    using numerapi::detail::decode_profile;
    // numerapi's docstring example of NumerAPI.public_user_profile("integration_test") (docs/protocol.md §3.8)
    const numerapi::profile classic = decode_profile(data_of(R"({"data": {"v3UserProfile": {"bio":
        "The official example model. Submits example predictions.", "id":
        "59de8728-38e5-45bd-a3d5-9d4ad649dd3f", "startDate": "2018-06-06T17:33:21Z", "nmrStaked":
        "57.582371875005243780", "username": "integration_test"}}})"));
    BOOST_TEST(classic.id == "59de8728-38e5-45bd-a3d5-9d4ad649dd3f");
    BOOST_TEST(classic.username == "integration_test");
    BOOST_TEST(classic.bio == "The official example model. Submits example predictions.");
    BOOST_TEST((classic.start_date == ts(sys_days{2018y / 6 / 6}) + 17h + 33min + 21s));
    BOOST_TEST_REQUIRE(classic.nmr_staked.has_value());
    BOOST_TEST(classic.nmr_staked->str() == "57.582371875005243780");

    // numerapi's docstring example of SignalsAPI.public_user_profile("floury_kerril_moodle") (docs/protocol.md §3.8)
    const numerapi::profile signals = decode_profile(data_of(R"({"data": {"v2SignalsProfile": {"bio": null, "id":
        "635db2a4-bdc6-4e5d-b515-f5120392c8c9", "startDate": "2019-03-26T00:43:00", "username":
        "floury_kerril_moodle", "nmrStaked": "14.630994874320760131"}}})"));
    BOOST_TEST(signals.id == "635db2a4-bdc6-4e5d-b515-f5120392c8c9");
    BOOST_TEST(signals.username == "floury_kerril_moodle");
    BOOST_TEST(signals.bio.empty());
    BOOST_TEST((signals.start_date == ts(sys_days{2019y / 3 / 26}) + 43min));
    BOOST_TEST(signals.nmr_staked->str() == "14.630994874320760131");

    const numerapi::profile bare =
        decode_profile(data_of(R"({"data": {"v2SignalsProfile": {"startDate": null, "nmrStaked": null}}})"));
    BOOST_TEST(!bare.start_date);
    BOOST_TEST(!bare.nmr_staked);

    BOOST_CHECK_EXCEPTION(decode_profile(data_of(R"({"data": {}})")), std::invalid_argument, message_has{"missing"});
    BOOST_CHECK_EXCEPTION(decode_profile(data_of(R"({"data": {"v3UserProfile": null}})")), std::invalid_argument,
                          message_has{"v3UserProfile: expected an object, got null"});
    BOOST_CHECK_EXCEPTION(decode_profile(data_of(R"({"data": {"v3UserProfile": {"nmrStaked": 57.5}}})")),
                          std::invalid_argument,
                          message_has{"v3UserProfile.nmrStaked: expected a decimal string, got a number"});
    BOOST_CHECK_EXCEPTION(decode_profile(data_of(R"({"data": {"v2SignalsProfile": {"startDate": 20190326}}})")),
                          std::invalid_argument, message_has{"v2SignalsProfile.startDate: expected a string"});
}

BOOST_AUTO_TEST_CASE(submission_scores_fixture) {
    const auto scores = numerapi::detail::decode_submission_scores(data_of(submission_scores_body));
    BOOST_TEST_REQUIRE(scores.size() == 1u);
    const numerapi::submission_score& s = scores[0];
    BOOST_TEST(s.round_id == "round-1");
    BOOST_TEST(s.submission_id == "submission-1");
    BOOST_TEST(s.round_number == 123);
    BOOST_TEST((s.round_resolve_time == ts(sys_days{2026y / 4 / 1})));
    BOOST_TEST((s.round_score_time == ts(sys_days{2026y / 3 / 29})));
    BOOST_TEST((s.round_close_staking_time == ts(sys_days{2026y / 3 / 28})));
    BOOST_TEST(s.value == 0.12);
    BOOST_TEST(s.percentile == 0.95);
    BOOST_TEST(s.display_name == "CORR20");
    BOOST_TEST(s.version == "v5");
    BOOST_TEST((s.date == ts(sys_days{2026y / 3 / 30})));
    BOOST_TEST(s.day == 2);
    BOOST_TEST((s.resolve_date == ts(sys_days{2026y / 4 / 1})));
    BOOST_TEST(s.resolved);
}

BOOST_AUTO_TEST_CASE(submission_scores_nulls_and_wrong_types) {
    using numerapi::detail::decode_submission_scores;
    const auto scores = decode_submission_scores(data_of(R"({"data": {"submissionScores": [
        {"roundNumber": 9, "value": null, "percentile": null, "resolveDate": null, "date": null, "resolved": false},
        {"roundNumber": 10, "value": 1, "percentile": 0}]}})"));
    BOOST_TEST_REQUIRE(scores.size() == 2u);
    BOOST_TEST(!scores[0].value);
    BOOST_TEST(!scores[0].percentile);
    BOOST_TEST(!scores[0].resolve_date);
    BOOST_TEST(!scores[0].date);
    BOOST_TEST(!scores[0].round_resolve_time);
    BOOST_TEST(scores[1].value == 1.0); // an integer where a float is expected
    BOOST_TEST(scores[1].percentile == 0.0);
    BOOST_TEST(decode_submission_scores(data_of(R"({"data": {"submissionScores": []}})")).empty());
    BOOST_CHECK_EXCEPTION(decode_submission_scores(data_of(R"({"data": {"submissionScores": [{"value": "0.12"}]}})")),
                          std::invalid_argument,
                          message_has{"submissionScores[0].value: expected a number, got a string"});
    BOOST_CHECK_EXCEPTION(decode_submission_scores(data_of(R"({"data": {"submissionScores": [{"day": 2.5}]}})")),
                          std::invalid_argument, message_has{"submissionScores[0].day: expected an integer"});
    BOOST_CHECK_EXCEPTION(decode_submission_scores(data_of(R"({"data": {"submissionScores": null}})")),
                          std::invalid_argument, message_has{"submissionScores: expected an array, got null"});
    BOOST_CHECK_EXCEPTION(decode_submission_scores(data_of(R"({"data": {"rounds": []}})")), std::invalid_argument,
                          message_has{"submissionScores: missing"});
}

BOOST_AUTO_TEST_CASE(round_payouts_fixture) {
    using numerapi::detail::decode_round_payouts;
    const auto payouts = decode_round_payouts(data_of(round_performances_body));
    BOOST_TEST_REQUIRE(payouts.size() == 1u);
    const numerapi::round_payout& p = payouts[0];
    BOOST_TEST(p.round_number == 456);
    BOOST_TEST(p.resolved);
    BOOST_TEST((p.round_open_time == ts(sys_days{2026y / 3 / 1})));
    BOOST_TEST((p.round_resolve_time == ts(sys_days{2026y / 3 / 29})));
    BOOST_TEST(p.at_risk->str() == "10.5");
    BOOST_TEST(p.payout_factor->str() == "0.8");
    BOOST_TEST_REQUIRE(p.scores.size() == 1u);
    const numerapi::metric_payout& m = p.scores[0];
    BOOST_TEST((m.date == ts(sys_days{2026y / 3 / 28})));
    BOOST_TEST(m.day == 20);
    BOOST_TEST(m.display_name == "CORR20");
    BOOST_TEST(m.payout_pending->str() == "0.8");
    BOOST_TEST(m.payout_settled->str() == "0.7");
    BOOST_TEST(m.percentile == 0.9);
    BOOST_TEST(m.value == 0.12);

    const auto bare = decode_round_payouts(data_of(R"({"data": {"v2RoundModelPerformances": [
        {"roundNumber": 457, "roundResolved": false, "atRisk": null, "roundPayoutFactor": null,
         "submissionScores": null},
        {"roundNumber": 458, "submissionScores": [{"displayName": "MMC", "payoutPending": null, "value": null}]}]}})"));
    BOOST_TEST_REQUIRE(bare.size() == 2u);
    BOOST_TEST(bare[0].round_number == 457);
    BOOST_TEST(!bare[0].resolved);
    BOOST_TEST(!bare[0].at_risk);
    BOOST_TEST(!bare[0].payout_factor);
    BOOST_TEST(!bare[0].round_open_time);
    BOOST_TEST(bare[0].scores.empty());
    BOOST_TEST_REQUIRE(bare[1].scores.size() == 1u);
    BOOST_TEST(bare[1].scores[0].display_name == "MMC");
    BOOST_TEST(!bare[1].scores[0].payout_pending);
    BOOST_TEST(!bare[1].scores[0].value);

    BOOST_CHECK_EXCEPTION(
        decode_round_payouts(data_of(R"({"data": {"v2RoundModelPerformances": [{"atRisk": 10.5}]}})")),
        std::invalid_argument,
        message_has{"v2RoundModelPerformances[0].atRisk: expected a decimal string, got a number"});
    BOOST_CHECK_EXCEPTION(
        decode_round_payouts(
            data_of(R"({"data": {"v2RoundModelPerformances": [{"submissionScores": [{"payoutSettled": 0.7}]}]}})")),
        std::invalid_argument,
        message_has{"v2RoundModelPerformances[0].submissionScores[0].payoutSettled: expected a decimal string"});
    BOOST_CHECK_EXCEPTION(
        decode_round_payouts(data_of(R"({"data": {"v2RoundModelPerformances": [{"submissionScores": {}}]}})")),
        std::invalid_argument, message_has{"v2RoundModelPerformances[0].submissionScores: expected an array"});
    BOOST_CHECK_THROW(decode_round_payouts(data_of(R"({"data": {"v2RoundModelPerformances": null}})")),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(submissions) {
    using numerapi::detail::decode_submissions;
    const auto subs = decode_submissions(data_of(R"({"data": {"submissions": [
        {"id": "f2369b69-8c43-47aa-b4de-de3a9de5f52c", "filename": "predictions-pPbLKSHGiR.csv",
         "insertedAt": "2026-03-20T13:00:00Z", "selected": true, "triggerId": "trigger-1",
         "round": {"number": 1000, "tournament": 8}},
        {"id": "46a62500-87c7-4d7c-98ad-b743037e8cfd", "filename": "p.csv", "insertedAt": null,
         "selected": false, "triggerId": null, "round": null},
        {"id": "x", "filename": "y.csv", "round": {"number": null, "tournament": 11}}]}})"));
    BOOST_TEST_REQUIRE(subs.size() == 3u);
    BOOST_TEST(subs[0].id == "f2369b69-8c43-47aa-b4de-de3a9de5f52c");
    BOOST_TEST(subs[0].filename == "predictions-pPbLKSHGiR.csv");
    BOOST_TEST((subs[0].inserted_at == ts(sys_days{2026y / 3 / 20}) + 13h));
    BOOST_TEST(subs[0].selected);
    BOOST_TEST(subs[0].trigger_id == std::optional<std::string>("trigger-1"));
    BOOST_TEST(subs[0].round_number == 1000);
    BOOST_TEST(subs[0].tournament == 8);
    BOOST_TEST(!subs[1].inserted_at);
    BOOST_TEST(!subs[1].selected);
    BOOST_TEST(!subs[1].trigger_id);
    BOOST_TEST(!subs[1].round_number);
    BOOST_TEST(!subs[1].tournament);
    BOOST_TEST(!subs[2].round_number);
    BOOST_TEST(subs[2].tournament == 11);
    BOOST_TEST(!subs[2].selected);

    BOOST_TEST(decode_submissions(data_of(R"({"data": {"submissions": []}})")).empty());
    BOOST_CHECK_EXCEPTION(decode_submissions(data_of(R"({"data": {"submissions": [{"round": 1000}]}})")),
                          std::invalid_argument, message_has{"submissions[0].round: expected an object, got a number"});
    BOOST_CHECK_EXCEPTION(decode_submissions(data_of(R"({"data": {"submissions": [{"round": {"number": "1000"}}]}})")),
                          std::invalid_argument,
                          message_has{"submissions[0].round.number: expected an integer, got a string"});
    BOOST_CHECK_EXCEPTION(decode_submissions(data_of(R"({"data": {"submissions": [{"selected": "true"}]}})")),
                          std::invalid_argument, message_has{"submissions[0].selected: expected a boolean"});
    BOOST_CHECK_EXCEPTION(decode_submissions(data_of(R"({"data": {"submissions": [{"triggerId": 5}]}})")),
                          std::invalid_argument, message_has{"submissions[0].triggerId: expected a string"});
    BOOST_CHECK_THROW(decode_submissions(data_of(R"({"data": {"submissions": null}})")), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(value_to)

BOOST_AUTO_TEST_CASE(tag_invoke_names_the_type) {
    const boost::json::value fixture = boost::json::parse(list_rounds_body);
    const auto r = boost::json::value_to<numerapi::round>(fixture.at("data").at("rounds").at(0));
    BOOST_TEST(r.number == 123);
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::round>(boost::json::parse(R"({"openTime": 5})")),
                          std::invalid_argument, message_has{"round.openTime: expected a string"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::round>(boost::json::parse("[]")), std::invalid_argument,
                          message_has{"round: expected an object, got an array"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::model>(boost::json::parse(R"({"id": 1})")),
                          std::invalid_argument, message_has{"model.id: expected a string"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::api_token>(boost::json::parse(R"({"scopes": "stake"})")),
                          std::invalid_argument, message_has{"api_token.scopes: expected an array"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::account>(boost::json::parse(R"({"email": false})")),
                          std::invalid_argument, message_has{"account.email: expected a string, got a boolean"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::profile>(boost::json::parse(R"({"bio": []})")),
                          std::invalid_argument, message_has{"profile.bio: expected a string"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::submission>(boost::json::parse(R"({"insertedAt": 1})")),
                          std::invalid_argument, message_has{"submission.insertedAt: expected a string"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::submission_score>(boost::json::parse(R"({"resolved": 1})")),
                          std::invalid_argument, message_has{"submission_score.resolved: expected a boolean"});
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::metric_payout>(boost::json::parse(R"({"day": "2"})")),
                          std::invalid_argument, message_has{"metric_payout.day: expected an integer"});
    BOOST_CHECK_EXCEPTION(
        boost::json::value_to<numerapi::round_payout>(boost::json::parse(R"({"roundOpenTime": "2026-13-01"})")),
        std::invalid_argument, message_has{"round_payout.roundOpenTime: "});
}

BOOST_AUTO_TEST_CASE(wallet_transactions) {
    // numerapi's wallet_transactions docstring example (docs/protocol.md §3.4)
    const auto t = boost::json::value_to<numerapi::wallet_transaction>(boost::json::parse(R"({"amount":
        "1.000000000000000000", "from": "0x000000000000000000000000000000000000313bc", "status":
        "confirmed", "time": "2023-04-19T13:28:45", "to": "0x000000000000000000000000000000000006621",
        "tournament": null, "txHash": "0xeasdfkjaskljf314451234", "type": "withdrawal"})"));
    BOOST_TEST(t.amount.str() == "1.000000000000000000");
    BOOST_TEST(t.from == "0x000000000000000000000000000000000000313bc");
    BOOST_TEST(t.to == "0x000000000000000000000000000000000006621");
    BOOST_TEST(t.status == "confirmed");
    BOOST_TEST(t.type == "withdrawal");
    BOOST_TEST(t.tx_hash == std::optional<std::string>("0xeasdfkjaskljf314451234"));
    BOOST_TEST((t.time == ts(sys_days{2023y / 4 / 19}) + 13h + 28min + 45s));
    BOOST_TEST(!t.tournament);

    const auto u = boost::json::value_to<numerapi::wallet_transaction>(
        boost::json::parse(R"({"amount": "-2", "tournament": 8, "txHash": null, "time": null})"));
    BOOST_TEST(u.amount.str() == "-2");
    BOOST_TEST(u.tournament == 8);
    BOOST_TEST(!u.tx_hash);
    BOOST_TEST(!u.time);
    BOOST_CHECK_EXCEPTION(boost::json::value_to<numerapi::wallet_transaction>(boost::json::parse(R"({"amount": 1})")),
                          std::invalid_argument,
                          message_has{"wallet_transaction.amount: expected a decimal string, got a number"});
    BOOST_CHECK_EXCEPTION(
        boost::json::value_to<numerapi::wallet_transaction>(boost::json::parse(R"({"amount": "1.2.3"})")),
        std::invalid_argument, message_has{"wallet_transaction.amount: numerapi::decimal: \"1.2.3\""});
}

BOOST_AUTO_TEST_SUITE_END()
