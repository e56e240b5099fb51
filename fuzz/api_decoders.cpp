// Every JSON decoder of src/numerapi/api on any answer. The first byte picks the decoder
// ('a' the first of the table below, 'b' the next, and so on, wrapping); the rest is the
// `data` object of a GraphQL answer, as graphql::call hands it to the decoder. The last two
// entries take the rest as the text of a timestamp or a decimal, the values every decoder
// is built on.
//
// Properties: a decoder throws std::invalid_argument (which the client turns into
// errc::invalid_response) or nothing; a timestamp prints back to itself; a decimal keeps
// its text, and its exact arithmetic adds and takes away without loss.
#include "fuzz/support/fuzz_check.hpp"

#include "numerapi/api/account.hpp"
#include "numerapi/api/datasets.hpp"
#include "numerapi/api/json_decode.hpp"
#include "numerapi/api/leaderboards.hpp"
#include "numerapi/api/profiles.hpp"
#include "numerapi/api/rounds.hpp"
#include "numerapi/api/scores.hpp"
#include "numerapi/api/staking.hpp"
#include "numerapi/api/staking_v3.hpp"
#include "numerapi/api/compute.hpp"
#include "numerapi/api/submissions.hpp"
#include "numerapi/api/uploads.hpp"

#include <numerapi/types.hpp>

#include <boost/json/parse.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

namespace detail = numerapi::detail;
using namespace std::chrono_literals;

/// A fixed "now" (2026-03-20T12:00:00Z), so that a run can be replayed.
const numerapi::timestamp now{std::chrono::sys_days{std::chrono::year{2026} / 3 / 20} + 12h};

using data_decoder = std::function<void(const boost::json::object&)>;

const std::array<data_decoder, 38> decoders{{
    [](const auto& d) { (void)detail::decode_current_round(d); },
    [](const auto& d) { (void)detail::decode_rounds(d); },
    [](const auto& d) { (void)detail::decode_round_open(d, now); },
    [](const auto& d) { (void)detail::decode_new_round(d, 24h, now); },
    [](const auto& d) { (void)detail::decode_list_datasets(d); },
    [](const auto& d) { (void)detail::decode_dataset_url(d); },
    [](const auto& d) { (void)detail::decode_account(d); },
    [](const auto& d) { (void)detail::decode_models(d, std::nullopt); },
    [](const auto& d) { (void)detail::decode_models(d, numerapi::number_of(numerapi::tournament::classic)); },
    [](const auto& d) { (void)detail::decode_profile(d); },
    [](const auto& d) { (void)detail::decode_submission_scores(d); },
    [](const auto& d) { (void)detail::decode_round_payouts(d); },
    [](const auto& d) { (void)detail::decode_submissions(d); },
    [](const auto& d) { (void)detail::decode_upload_auth(d, detail::upload_purpose::predictions); },
    [](const auto& d) { (void)detail::decode_upload_auth(d, detail::upload_purpose::signals_predictions); },
    [](const auto& d) { (void)detail::decode_upload_auth(d, detail::upload_purpose::diagnostics); },
    [](const auto& d) {
        (void)detail::decode_created_submission(d, numerapi::number_of(numerapi::tournament::classic));
    },
    [](const auto& d) {
        (void)detail::decode_created_submission(d, numerapi::number_of(numerapi::tournament::signals));
    },
    [](const auto& d) { (void)detail::decode_created_diagnostics(d); },
    [](const auto& d) { (void)detail::decode_diagnostics(d); },
    [](const auto& d) {
        (void)detail::decode_submission_download_auth(d);
        (void)detail::decode_submission_filenames(d);
    },
    [](const auto& d) { (void)detail::decode_pipeline_status(d); },
    [](const auto& d) { (void)detail::decode_wallet_transactions(d); },
    [](const auto& d) {
        (void)detail::decode_models_of_account(d, numerapi::number_of(numerapi::tournament::classic));
    },
    [](const auto& d) { (void)detail::decode_model_name(d); },
    [](const auto& d) { (void)detail::decode_edit_result(d, "setSubmissionWebhook"); },
    [](const auto& d) { (void)detail::decode_intra_round_scores(d); },
    [](const auto& d) { (void)detail::decode_pending_payouts(d); },
    [](const auto& d) { (void)detail::decode_leaderboard(d); },
    [](const auto& d) { (void)detail::decode_daily_performances(d); },
    [](const auto& d) { (void)detail::decode_stake_value(d); },
    [](const auto& d) { (void)detail::decode_stake_request(d); },
    [](const auto& d) { (void)detail::decode_v3_stake_auth(d); },
    [](const auto& d) { (void)detail::decode_v3_stake_config(d); },
    [](const auto& d) { (void)detail::decode_v3_stake_round(d); },
    [](const auto& d) { (void)detail::decode_v3_stake_claim(d); },
    [](const auto& d) { (void)detail::decode_created_model_upload(d); },
    [](const auto& d) { (void)detail::decode_model_upload_choices(d); },
}};
constexpr std::size_t value_decoders = 2; // timestamp, decimal

/// The years format_timestamp writes with four digits, as parse_timestamp reads them.
bool four_digit_year(numerapi::timestamp t) {
    const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(t)};
    return date.year() >= std::chrono::year{0} && date.year() <= std::chrono::year{9999};
}

void decode_timestamp(std::string_view text) {
    numerapi::timestamp t;
    try {
        t = numerapi::parse_timestamp(text);
    } catch (const std::invalid_argument&) {
        return;
    }
    if (!four_digit_year(t)) return; // an offset moved it out of the years that print as YYYY
    FUZZ_CHECK(numerapi::parse_timestamp(numerapi::format_timestamp(t)) == t);
}

void decode_decimal(std::string_view text) {
    try {
        const numerapi::decimal d{std::string(text)};
        FUZZ_CHECK(d.str() == text);
        (void)d.to_double();
        // Exact arithmetic: what is added can be taken away again, and zero is zero.
        const numerapi::decimal one("1.5");
        FUZZ_CHECK(compare((d + one) - one, d) == 0);
        FUZZ_CHECK(compare(d - d, numerapi::decimal("0")) == 0);
        FUZZ_CHECK((compare(d + one, d) > 0));
    } catch (const std::invalid_argument&) {}
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t which = static_cast<std::uint8_t>(data[0] - 'a') % (decoders.size() + value_decoders);
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (which == decoders.size()) {
        decode_timestamp(rest);
        return 0;
    }
    if (which == decoders.size() + 1) {
        decode_decimal(rest);
        return 0;
    }
    boost::system::error_code ec;
    const boost::json::value answer = boost::json::parse(rest, ec);
    if (ec || !answer.is_object()) return 0; // graphql::call refuses these before any decoder
    try {
        decoders[which](answer.get_object());
    } catch (const std::invalid_argument&) {}
    return 0;
}
