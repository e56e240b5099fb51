// Every completion style a service may use, on a query, a download and an upload, against
// the sandbox: use_awaitable (the default: numerapi::error with diagnostics),
// as_tuple(use_awaitable), redirect_error, use_future, deferred (nothing is sent until it is
// started), plain callbacks (on their bound executor), and a callback's cancellation slot.
// with_diagnostics hands each call its own diagnostics on the error-code path.
#include "support/file_bytes.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using namespace numerapi;
namespace asio = boost::asio;
using boost::system::error_code;

namespace {

struct tokens_fixture {
    tokens_fixture() : api(ioc.get_executor(), box.options()) {}

    /// How many requests the sandbox has answered.
    std::uint64_t requests() { return box.log().logged(); }
    std::string first_dataset_url() {
        return test::run(ioc, [](client& c) -> asio::awaitable<std::string> {
            auto names = co_await c.list_datasets();
            co_return co_await c.dataset_url(names.front());
        }(api));
    }
    std::string upload_url() {
        auto data =
            test::run(ioc,
                      api.raw_query("query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { url } }",
                                    nullptr, true));
        return std::string(data.at("submission_upload_auth").at("url").as_string());
    }
    std::filesystem::path upload_file() {
        const auto path = dir.path() / "p.csv";
        std::ofstream(path) << "id,prediction\nn1,0.5\n";
        return path;
    }

    test::running_sandbox box;
    test::temp_dir dir;
    asio::io_context ioc;
    client api;
};

/// Starts `op(token)` with each completion style in turn and checks each result: 6 styles.
template <class T, class Op, class Check>
int with_every_style(asio::io_context& ioc, Op op, Check check) {
    auto run_all = [&] {
        ioc.restart();
        ioc.run();
    };
    check(test::run(ioc, op(asio::use_awaitable)));
    auto [code, value] = test::run(ioc, op(asio::as_tuple(asio::use_awaitable)));
    BOOST_TEST(!code);
    check(value);
    error_code redirected = asio::error::eof; // overwritten by the call's (empty) code
    check(test::run(ioc, op(asio::redirect_error(asio::use_awaitable, redirected))));
    BOOST_TEST(!redirected);
    auto future = op(asio::use_future);
    run_all();
    check(future.get());
    int completions = 0;
    auto later = op(asio::deferred);
    std::move(later)([&](error_code ec, T v) {
        BOOST_TEST(!ec);
        check(v);
        ++completions;
    });
    op([&](error_code ec, T v) {
        BOOST_TEST(!ec);
        check(v);
        ++completions;
    });
    run_all();
    BOOST_TEST(completions == 2);
    return 6;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(completion_tokens, tokens_fixture)

BOOST_AUTO_TEST_CASE(every_style_on_a_query_a_download_and_an_upload) {
    const std::string url = first_dataset_url();
    const std::string put_url = upload_url();
    const auto file = upload_file();
    const auto before = requests();
    int styles = with_every_style<int>(
        ioc, [&](auto token) { return api.get_current_round(std::nullopt, std::move(token)); },
        [](int round) { BOOST_TEST(round == 1150); });

    int n = 0;
    styles += with_every_style<download_result>(
        ioc,
        [&](auto token) {
            return api.download(url, dir.path() / ("file_" + std::to_string(n++)), download_options(),
                                std::move(token));
        },
        [](const download_result& r) {
            BOOST_TEST(r.size > 0u);
            BOOST_TEST(std::filesystem::file_size(r.path) == r.size); // the bytes are on disk
        });
    styles += with_every_style<upload_result>(
        ioc, [&](auto token) { return api.upload(put_url, file, upload_options(), std::move(token)); },
        [&](const upload_result& r) {
            BOOST_TEST(r.size == std::filesystem::file_size(file));
            BOOST_TEST(r.http_status == 200u);
        });
    BOOST_TEST(styles == 18);
    BOOST_TEST(n == 6);
    BOOST_TEST(requests() == before + 18); // each style sent its call once
}

BOOST_AUTO_TEST_CASE(the_default_token_throws_numerapi_error_with_its_diagnostics) {
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    try {
        test::run(ioc, api.get_profile("no_such_model"));
        BOOST_FAIL("no error");
    } catch (const error& e) {
        BOOST_TEST((e.code() == errc::graphql_error));
        BOOST_TEST(e.diag().operation == "get_profile");
        BOOST_TEST(!e.diag().server_messages.empty());
    }
}

BOOST_AUTO_TEST_CASE(as_tuple_gives_the_code) {
    auto [ok_code, round] = test::run(ioc, api.get_current_round(std::nullopt, asio::as_tuple(asio::use_awaitable)));
    BOOST_TEST(!ok_code);
    BOOST_TEST(round == 1150);

    auto [code, profile] =
        test::run(ioc, api.get_profile("no_such_model", std::nullopt, asio::as_tuple(asio::use_awaitable)));
    BOOST_TEST((code == errc::graphql_error));
    BOOST_TEST(profile.username.empty());
}

// with_diagnostics: each call's own diagnostics reach its completion, next to the code;
// two calls at once, through one client, each get theirs.
BOOST_AUTO_TEST_CASE(with_diagnostics_hands_each_call_its_own_diagnostics) {
    auto [ok_code, ok_diag, round] =
        test::run(ioc, api.get_current_round(std::nullopt, with_diagnostics(asio::as_tuple(asio::use_awaitable))));
    BOOST_TEST(!ok_code);
    BOOST_TEST(ok_diag.operation.empty());
    BOOST_TEST(round == 1150);

    struct outcome {
        error_code code;
        diagnostics diag;
        bool called = false;
    };
    outcome profile, bio;
    api.get_profile("no_such_model", std::nullopt,
                    with_diagnostics([&](error_code ec, diagnostics d, const numerapi::profile&) {
                        profile = {ec, std::move(d), true};
                    }));
    const auto on_bio = with_diagnostics([&](error_code ec, diagnostics d, bool) { bio = {ec, std::move(d), true}; });
    api.set_bio("no_such_model", "x", on_bio); // an lvalue adapter works too
    ioc.restart();
    ioc.run();
    BOOST_TEST(profile.called);
    BOOST_TEST(bio.called);
    BOOST_TEST((profile.code == errc::graphql_error));
    BOOST_TEST(profile.diag.operation == "get_profile");
    BOOST_TEST(!profile.diag.server_messages.empty());
    BOOST_TEST(profile.diag.server_messages.front() == "Model not found: no_such_model");
    BOOST_TEST((bio.code == errc::invalid_argument)); // resolved locally, through get_models
    BOOST_TEST(bio.diag.operation == "resolve_model");
    BOOST_TEST(bio.diag.client_message == "this account has no model named \"no_such_model\"");
}

BOOST_AUTO_TEST_CASE(redirect_error_sets_nothing_on_success) {
    auto [ec, names] =
        test::run(ioc, [](client& c) -> asio::awaitable<std::tuple<error_code, std::vector<std::string>>> {
            error_code error = asio::error::eof; // overwritten
            auto files =
                co_await c.list_datasets(std::nullopt, std::nullopt, asio::redirect_error(asio::use_awaitable, error));
            co_return std::tuple{error, files};
        }(api));
    BOOST_TEST(!ec);
    BOOST_TEST(names == test::run(ioc, api.list_datasets()));
    BOOST_TEST(!names.empty());
}

BOOST_AUTO_TEST_CASE(redirect_error_on_a_download_that_fails_leaves_nothing) {
    const std::string url = first_dataset_url();
    const std::string missing = url.substr(0, url.find('?')) + "-missing" + url.substr(url.find('?'));
    const auto path = dir.path() / "missing.parquet";
    auto view = api.with({.retry = {.max_attempts = 1}});
    auto [ec, diag] = test::run(
        ioc,
        [](client& c, std::string u, std::filesystem::path p) -> asio::awaitable<std::pair<error_code, diagnostics>> {
            error_code e;
            auto [d, result] = co_await c.download(u, p, download_options(),
                                                   with_diagnostics(asio::redirect_error(asio::use_awaitable, e)));
            co_return std::pair{e, std::move(d)};
        }(view, missing, path));
    BOOST_TEST(ec.failed());
    BOOST_TEST(diag.operation == "download");
    BOOST_TEST(diag.http_status >= 400u);
    BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(use_future_downloads_and_uploads_outside_any_coroutine) {
    const std::string url = first_dataset_url();
    const std::string put_url = upload_url();
    const auto file = upload_file();
    const auto path = dir.path() / "by_future.parquet";
    auto downloaded = api.download(url, path, download_options(), asio::use_future);
    auto uploaded = api.upload(put_url, file, upload_options(), asio::use_future);
    ioc.restart();
    ioc.run();
    const auto d = downloaded.get();
    BOOST_TEST(d.size == std::filesystem::file_size(path));
    BOOST_TEST(d.size > 0u);
    const auto u = uploaded.get();
    BOOST_TEST(u.size == std::filesystem::file_size(file));
    BOOST_TEST(u.http_status == 200u);
    // A failure through use_future: the code, as a boost::system::system_error.
    auto failing = api.get_profile("no_such_model", std::nullopt, asio::use_future);
    ioc.restart();
    ioc.run();
    try {
        failing.get();
        BOOST_FAIL("no error");
    } catch (const boost::system::system_error& e) {
        BOOST_TEST((e.code() == errc::graphql_error));
    }
}

BOOST_AUTO_TEST_CASE(deferred_sends_nothing_until_it_is_started) {
    const auto before = requests();
    auto later = api.get_account(asio::deferred); // as the README shows it
    ioc.restart();
    ioc.poll();
    BOOST_TEST(requests() == before); // not started: nothing sent
    std::string username;
    std::move(later)([&](error_code ec, account a) {
        BOOST_TEST(!ec);
        username = a.username;
    });
    ioc.restart();
    ioc.run();
    BOOST_TEST(!username.empty());
    BOOST_TEST(requests() == before + 1);
}

BOOST_AUTO_TEST_CASE(a_callback_runs_on_its_bound_executor_and_gets_every_result) {
    auto strand = asio::make_strand(ioc);
    const std::string url = first_dataset_url();
    const std::string put_url = upload_url();
    const auto file = upload_file();
    int round = 0;
    bool on_strand = false;
    api.get_current_round(std::nullopt, asio::bind_executor(strand, [&](error_code ec, int n) {
                              BOOST_TEST(!ec);
                              round = n;
                              on_strand = strand.running_in_this_thread();
                          }));
    download_result downloaded;
    api.download(url, dir.path() / "by_callback.parquet", download_options(), [&](error_code ec, download_result r) {
        BOOST_TEST(!ec);
        downloaded = std::move(r);
    });
    upload_result uploaded;
    api.upload(put_url, file, upload_options(), [&](error_code ec, upload_result r) {
        BOOST_TEST(!ec);
        uploaded = std::move(r);
    });
    ioc.restart();
    ioc.run();
    BOOST_TEST(round == 1150);
    BOOST_TEST(on_strand);
    BOOST_TEST(downloaded.size == std::filesystem::file_size(dir.path() / "by_callback.parquet"));
    BOOST_TEST(uploaded.size == std::filesystem::file_size(file));
}

BOOST_AUTO_TEST_CASE(a_callbacks_cancellation_slot_cancels_the_call) {
    const std::string url = first_dataset_url();
    const auto path = dir.path() / "cancelled.parquet";
    asio::cancellation_signal cancel;
    error_code result;
    bool called = false;
    api.download(url, path, download_options(),
                 asio::bind_cancellation_slot(cancel.slot(), [&](error_code ec, download_result) {
                     called = true;
                     result = ec;
                 }));
    asio::post(ioc, [&] { cancel.emit(asio::cancellation_type::terminal); });
    ioc.restart();
    ioc.run();
    BOOST_TEST(called);
    BOOST_TEST((result == asio::error::operation_aborted));
    BOOST_TEST((result == numerapi::condition::cancelled));
    BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(a_call_owns_its_arguments_and_its_view) {
    const std::string url = first_dataset_url();
    const auto path = dir.path() / "owned.parquet";
    // Started in one statement from temporaries (a view, a string, options), awaited later.
    auto call = api.with({.retry = {.max_attempts = 2}})
                    .download(std::string(url), path, download_options{.segments = 2, .min_segment_size = 1024});
    const auto r = test::run(ioc, std::move(call));
    BOOST_TEST(r.segments == 2u);
    BOOST_TEST(r.size == std::filesystem::file_size(path));
}

BOOST_AUTO_TEST_SUITE_END()
