// Every public call of numerapi::client, made as the README shows it: from the user's own
// coroutine, `co_await api.call(...)` with every defaulted argument left out. Under the
// sanitizer pass this is what catches GCC 12's mishandling of temporaries in co_await
// expressions (a default argument written `= {}` of an aggregate crashed here). Each result
// is checked against the sandbox.
#include "support/file_bytes.hpp"
#include "support/predictions_files.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>
#include <numerapi/round_watcher.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

#include <functional>

using namespace numerapi;
namespace fs = std::filesystem;
namespace asio = boost::asio;

namespace {

/// A presigned upload: the server's key for it and its URL (a PUT, or a POST form with the
/// sandbox's upload_form).
asio::awaitable<std::pair<std::string, std::string>> upload_auth(client& api, std::string filename) {
    // (The variables are built apart: GCC 12 cannot compile a braced list holding a string
    // literal inside a co_await expression, "array used as initializer".)
    boost::json::object variables;
    variables["f"] = filename;
    const auto data = co_await api.raw_query(
        "query($f: String!) { submissionUploadAuth(filename: $f, tournament: 8) { filename url } }", variables, true);
    const auto& auth = data.at("submissionUploadAuth");
    co_return std::pair{std::string(auth.at("filename").as_string()), std::string(auth.at("url").as_string())};
}

asio::awaitable<void> every_call(client& api, fs::path dir) {
    const int round = co_await api.get_current_round();
    BOOST_TEST(round > 0);
    BOOST_TEST(!(co_await api.list_rounds()).empty());
    BOOST_TEST((co_await api.get_round(round_number(0))).value().number == round);
    BOOST_TEST(co_await api.check_round_open());
    co_await api.check_new_round();

    const auto names = co_await api.list_datasets();
    BOOST_TEST(std::count(names.begin(), names.end(), "v5.2/train.parquet") == 1);
    const std::string url = co_await api.dataset_url("v5.2/train.parquet");
    BOOST_TEST(url.starts_with("https://"));
    const auto one = co_await api.download_dataset("v5.2/train.parquet", dir / "one.parquet");
    BOOST_TEST(fs::file_size(dir / "one.parquet") == one.size);
    const auto plain = co_await api.download(url, dir / "plain.parquet");
    BOOST_TEST((test::read_file(dir / "plain.parquet") == test::read_file(dir / "one.parquet")));
    BOOST_TEST(plain.size == one.size);
    const auto all = co_await api.download_current_dataset(dir / "all");
    BOOST_TEST(all.files.size() == names.size());

    const auto file = test::write_predictions(dir, 8);
    const auto [key, put_url] = co_await upload_auth(api, "raw.csv");
    const auto put = co_await api.upload(put_url, file);
    BOOST_TEST(put.size == fs::file_size(file));
    BOOST_TEST(put.http_status == 200u);

    const auto account = co_await api.get_account();
    BOOST_TEST(!account.models.empty());
    const auto models = co_await api.get_models();
    BOOST_TEST(!models.empty());
    const std::string model = models.front().name;
    const std::string id = co_await api.upload_predictions(file, model);
    BOOST_TEST(!id.empty());
    const std::string diagnostics_id = co_await api.upload_diagnostics(file, model);
    BOOST_TEST(!diagnostics_id.empty());
    // The same from memory, as the README writes it: predictions_data made in the call (by
    // its constructor, with parentheses or braces), and one the caller writes through a stream.
    std::string csv = test::read_file(file);
    const auto from_memory = co_await api.upload_predictions(numerapi::predictions_data("p.csv", csv), model);
    BOOST_TEST(!from_memory.empty());
    BOOST_TEST(!(co_await api.upload_diagnostics(numerapi::predictions_data{"p.csv", std::move(csv)}, model)).empty());
    const auto written = co_await api.upload_predictions(
        numerapi::predictions_data::written("w.csv", [&](std::ostream& out) { out << test::read_file(file); }), model);
    BOOST_TEST(!written.empty());
    BOOST_TEST(!(co_await api.model_diagnostics(model)).empty());
    const auto back = co_await api.download_submission(id, dir / "back.csv");
    BOOST_TEST((test::read_file(back.path) == test::read_file(file)));
    co_await api.submission_filenames(model);
    BOOST_TEST(!(co_await api.list_submissions(model)).empty());
    BOOST_TEST((co_await api.get_submission_for_round(model, round_number(round))).has_value());

    const auto profile = co_await api.get_profile(model);
    BOOST_TEST(profile.username == model);
    co_await api.submission_scores(model);
    co_await api.payouts_per_round(model);
    BOOST_TEST(co_await api.with({.retry = {.max_attempts = 2}}).get_current_round() == round);

    BOOST_TEST((co_await api.pipeline_status()).tournament == "classic");
    BOOST_TEST((co_await api.wallet_transactions()).size() == 6u);
    BOOST_TEST((co_await api.models_of_account("sandbox_user")).size() == 2u);
    BOOST_TEST(co_await api.model_name(models.front().id) == models.front().name);
    BOOST_TEST(co_await api.set_bio(model, "bio"));
    BOOST_TEST(co_await api.set_link(model, "https://example.org"));
    BOOST_TEST(co_await api.set_submission_webhook(model));
    co_await api.intra_round_scores(model);
    co_await api.pending_model_payouts();

    const auto leaders = co_await api.leaderboard();
    BOOST_TEST(leaders.size() == 50u);
    BOOST_TEST((co_await api.leaderboard_all()).size() == 300u);
    BOOST_TEST((co_await api.account_leaderboard()).size() == 50u);
    BOOST_TEST((co_await api.account_leaderboard_all()).size() == 300u);
    BOOST_TEST((co_await api.daily_model_performances(leaders.front().username)).size() == 30u);
    BOOST_TEST((co_await api.latest_nmr_price()).str() == "9.87"); // the sandbox's price
    const decimal stake = co_await api.stake_get(model);
    BOOST_TEST((compare((co_await api.stake_increase(decimal("1"), model)).stake, stake + decimal("1")) == 0));
    BOOST_TEST((compare((co_await api.stake_decrease(decimal("1"), model)).stake, stake) == 0));
    BOOST_TEST(!(co_await api.stake_set(stake, model)).request.has_value());
    BOOST_TEST((compare((co_await api.stake_drain(model)).stake, decimal("0")) == 0));

    const auto latest = co_await api.download_latest_submission(model, dir / "latest.csv");
    BOOST_TEST((test::read_file(latest.path) == test::read_file(file)));
    BOOST_TEST((co_await api.ticker_universe(dir / "universe.parquet")).size > 0u);
    BOOST_TEST((co_await api.model_upload_data_versions()).size() == 3u);
    BOOST_TEST((co_await api.model_upload_docker_images()).size() == 3u);
    BOOST_TEST(!(co_await api.model_upload(file, model)).empty());

    BOOST_TEST(!(co_await api.v3_stake_config()).address.empty());
    BOOST_TEST((co_await api.v3_stake_auth(id, "0xstaker", decimal("1"))).submission_id == id);
    BOOST_TEST((co_await api.v3_stake_round(round_number(round))).round_id == std::to_string(round));
    const auto sub = (co_await api.list_submissions(model)).front();
    BOOST_TEST((co_await api.v3_stake_claim(round_number(sub.round_number.value()), models.front().id, "0xstaker"))
                   .submission_id == sub.id);

    // The open round closes within a day: the watcher's first look tells so.
    round_watcher watcher{api, {.closing_within = std::chrono::hours{24}}};
    BOOST_TEST((co_await watcher.next()).round_number == round);
    // Following a diagnostics run: the first look tells its status.
    round_watcher runs{api, {.model = model, .submissions = true, .diagnostics = {diagnostics_id}}};
    BOOST_TEST((co_await runs.next()).status == "succeeded");
}

asio::awaitable<void> form_call(client& api, fs::path dir) {
    const auto file = test::write_predictions(dir, 8, 150, "form.csv");
    const auto [key, url] = co_await upload_auth(api, "form.csv");
    std::vector<form_field> fields{{"key", key}};
    form_file part;
    part.path = file;
    const auto posted = co_await api.upload_form(url, fields, part);
    BOOST_TEST(posted.size == fs::file_size(file));
    BOOST_TEST(posted.http_status / 100 == 2u);
}

/// Every public call once, each expected to fail: the number that failed with
/// numerapi::error. Any other exception type escapes and fails the test.
asio::awaitable<int> every_call_failing(client& api, fs::path dir, std::string upload_url) {
    const auto file = test::write_predictions(dir, 8, 150, "p.csv");
    const std::string model = "sandbox_model";
    std::vector<std::function<asio::awaitable<void>()>> calls{
        [&]() -> asio::awaitable<void> { co_await api.get_current_round(); },
        [&]() -> asio::awaitable<void> { co_await api.list_rounds(); },
        [&]() -> asio::awaitable<void> { co_await api.get_round(round_number(0)); },
        [&]() -> asio::awaitable<void> { co_await api.check_round_open(); },
        [&]() -> asio::awaitable<void> { co_await api.check_new_round(); },
        [&]() -> asio::awaitable<void> { co_await api.list_datasets(); },
        [&]() -> asio::awaitable<void> { co_await api.dataset_url("v5.2/train.parquet"); },
        [&]() -> asio::awaitable<void> { co_await api.download_dataset("v5.2/train.parquet", dir / "d.parquet"); },
        [&]() -> asio::awaitable<void> { co_await api.download_current_dataset(dir / "all"); },
        [&]() -> asio::awaitable<void> { co_await api.download(upload_url, dir / "x.bin"); },
        [&]() -> asio::awaitable<void> { co_await api.upload(upload_url, file); },
        [&]() -> asio::awaitable<void> {
            std::vector<form_field> fields{{"key", "k"}};
            form_file part;
            part.path = file;
            co_await api.upload_form(upload_url, fields, part);
        },
        [&]() -> asio::awaitable<void> { co_await api.upload_predictions(file, model); },
        [&]() -> asio::awaitable<void> { co_await api.upload_diagnostics(file, model); },
        [&]() -> asio::awaitable<void> {
            co_await api.upload_predictions(numerapi::predictions_data("p.csv", test::read_file(file)), model);
        },
        [&]() -> asio::awaitable<void> {
            co_await api.upload_diagnostics(numerapi::predictions_data("p.csv", test::read_file(file)), model);
        },
        [&]() -> asio::awaitable<void> { co_await api.model_diagnostics(model); },
        [&]() -> asio::awaitable<void> {
            co_await api.download_submission("00000000-0000-0000-0000-000000000000", dir / "s.csv");
        },
        [&]() -> asio::awaitable<void> { co_await api.submission_filenames(model); },
        [&]() -> asio::awaitable<void> { co_await api.get_account(); },
        [&]() -> asio::awaitable<void> { co_await api.get_models(); },
        [&]() -> asio::awaitable<void> { co_await api.get_profile(model); },
        [&]() -> asio::awaitable<void> { co_await api.submission_scores(model); },
        [&]() -> asio::awaitable<void> { co_await api.payouts_per_round(model); },
        [&]() -> asio::awaitable<void> { co_await api.list_submissions(model); },
        [&]() -> asio::awaitable<void> { co_await api.get_submission_for_round(model, round_number(1)); },
        [&]() -> asio::awaitable<void> { co_await api.raw_query("{ rounds(tournament: 8) { number } }"); },
        [&]() -> asio::awaitable<void> { co_await api.pipeline_status(); },
        [&]() -> asio::awaitable<void> { co_await api.wallet_transactions(); },
        [&]() -> asio::awaitable<void> { co_await api.models_of_account("sandbox_user"); },
        [&]() -> asio::awaitable<void> { co_await api.model_name(model); },
        [&]() -> asio::awaitable<void> { co_await api.set_bio(model, "bio"); },
        [&]() -> asio::awaitable<void> { co_await api.set_link(model, "https://example.org"); },
        [&]() -> asio::awaitable<void> { co_await api.set_submission_webhook(model); },
        [&]() -> asio::awaitable<void> { co_await api.intra_round_scores(model); },
        [&]() -> asio::awaitable<void> { co_await api.pending_model_payouts(); },
        [&]() -> asio::awaitable<void> { co_await api.leaderboard(); },
        [&]() -> asio::awaitable<void> { co_await api.leaderboard_all(); },
        [&]() -> asio::awaitable<void> { co_await api.account_leaderboard(); },
        [&]() -> asio::awaitable<void> { co_await api.account_leaderboard_all(); },
        [&]() -> asio::awaitable<void> { co_await api.daily_model_performances(model); },
        [&]() -> asio::awaitable<void> { co_await api.latest_nmr_price(); },
        [&]() -> asio::awaitable<void> { co_await api.stake_get(model); },
        [&]() -> asio::awaitable<void> { co_await api.stake_increase(decimal("1"), model); },
        [&]() -> asio::awaitable<void> { co_await api.stake_decrease(decimal("1"), model); },
        [&]() -> asio::awaitable<void> { co_await api.stake_set(decimal("1"), model); },
        [&]() -> asio::awaitable<void> { co_await api.stake_drain(model); },
        [&]() -> asio::awaitable<void> { co_await api.download_latest_submission(model, dir / "l.csv"); },
        [&]() -> asio::awaitable<void> { co_await api.ticker_universe(dir / "u.parquet"); },
        [&]() -> asio::awaitable<void> { co_await api.model_upload_data_versions(); },
        [&]() -> asio::awaitable<void> { co_await api.model_upload_docker_images(); },
        [&]() -> asio::awaitable<void> { co_await api.model_upload(file, model); },
        [&]() -> asio::awaitable<void> { co_await api.v3_stake_auth("s", "0xstaker", decimal("1")); },
        [&]() -> asio::awaitable<void> { co_await api.v3_stake_config(); },
        [&]() -> asio::awaitable<void> { co_await api.v3_stake_round(round_number(1)); },
        [&]() -> asio::awaitable<void> { co_await api.v3_stake_claim(round_number(1), model, "0xstaker"); },
    };
    int failed_cleanly = 0;
    for (auto& call : calls) {
        try {
            co_await call();
        } catch (const numerapi::error&) {
            ++failed_cleanly;
        }
    }
    co_return failed_cleanly;
}

constexpr int public_call_count = 56;

} // namespace

BOOST_AUTO_TEST_SUITE(public_calls)

BOOST_AUTO_TEST_CASE(every_call_against_every_connection_fault_fails_only_with_numerapi_error) {
    for (const char* fault :
         {R"({"kind": "refuse", "count": 100000})", R"({"kind": "reset_before_headers", "target": "any"})",
          R"({"kind": "corrupt_record", "target": "any", "bytes": 1})",
          R"({"kind": "status", "status": 503, "target": "any"})", R"({"kind": "stall", "target": "any"})"}) {
        BOOST_TEST_CONTEXT(fault) {
            test::running_sandbox box;
            test::temp_dir dir;
            asio::io_context ioc;
            auto options = box.options();
            options.retry.max_attempts = 2;
            options.backoff = {.initial = std::chrono::milliseconds{1}, .maximum = std::chrono::milliseconds{2}};
            options.read_timeout = std::chrono::milliseconds{300};
            client api{ioc.get_executor(), options};
            const std::string url = box.ready().api_url + "/uploads/nothing?X-Amz-Signature=0";
            box.faults().replace(sandbox::faults::fault_plan::parse(fault));
            BOOST_TEST(test::run(ioc, every_call_failing(api, dir.path(), url)) == public_call_count);
            BOOST_TEST(!fs::exists(dir.path() / "d.parquet"));
            BOOST_TEST(!fs::exists(dir.path() / "x.bin"));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_call_with_its_default_arguments_from_a_users_coroutine) {
    test::running_sandbox box;
    test::temp_dir dir;
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    test::run(ioc, every_call(api, dir.path()));
}

BOOST_AUTO_TEST_CASE(upload_form_with_its_default_arguments_from_a_users_coroutine) {
    auto config = test::running_sandbox::small_config();
    config.upload_form = true;
    test::running_sandbox box{config};
    test::temp_dir dir;
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    test::run(ioc, form_call(api, dir.path()));
}

BOOST_AUTO_TEST_SUITE_END()
