// One client used from four threads at once, built with ThreadSanitizer by
// test/programs/thread_sanitizer_test.sh:
//   thread_safety API_URL CA_FILE PUBLIC_ID SECRET_KEY UPLOAD_FILE WORK_DIR
// An io_context run by 4 threads; 500 calls (queries, downloads, segmented downloads,
// uploads) started from coroutines on 25 different strands, the client itself made on the
// plain io_context executor; every 7th call races a deadline of a few milliseconds that cuts
// some of them. Only the public API is used, as a service would use it. Exit 0 when every
// call that was not cut returned what the sandbox holds (the round, the file's bytes on
// disk, the upload's size) and every cut download left nothing at its final path; a race
// report of ThreadSanitizer stops the run before that (halt_on_error).
// Then the cancellation race: 16 coroutines on their own strands, the io_context run by 8
// threads, each racing get_current_round against a timer set near the call's latency, up
// to 4,000 times in all (at most 20 s): a cancel from the timer's thread as the call
// completes on the client's strand must touch nothing the caller has freed.
// Last, the predictions check of a 17 MiB file in 4 parts on threads of their own, on disk
// and in memory, with and without an id repeated across parts: the same verdicts as in one.
#include <numerapi/client.hpp>
#include <numerapi/predictions_check.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr int calls = 500;
constexpr int strands = 25;
constexpr int threads = 4;

/// What every call is checked against, learnt before the run.
struct expected {
    int round = 0;
    std::string dataset_url;
    std::uint64_t dataset_size = 0;
    std::filesystem::path upload_file;
    std::uint64_t upload_size = 0;
    std::filesystem::path dir;
};

struct tally {
    std::atomic<int> done[4]{};
    std::atomic<int> cut{0};
    std::mutex lock;
    std::vector<std::string> failures;
    void fail(int i, const std::string& why) {
        std::lock_guard guard(lock);
        failures.push_back("call " + std::to_string(i) + ": " + why);
    }
};

const char* const kind_names[] = {"queries", "downloads", "segmented downloads", "uploads"};

asio::awaitable<std::string> upload_url(numerapi::client& api) {
    auto data = co_await api.raw_query("query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { url } }",
                                       nullptr, true);
    co_return std::string(data.at("submission_upload_auth").at("url").as_string());
}

/// One call of kind i % 4, under a deadline when i % 7 == 0.
asio::awaitable<void> one_call(numerapi::client& api, int i, const expected& want, tally& t) {
    const int kind = i % 4;
    const bool deadline = i % 7 == 0;
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1 + i % 5));
    const auto file = want.dir / ("file_" + std::to_string(i));
    try {
        if (kind == 0) {
            int round = 0;
            if (i % 8 == 4) { // the error-code form, from another thread's strand
                auto [ec, diag, n] = co_await api.get_current_round(
                    std::nullopt, numerapi::with_diagnostics(asio::as_tuple(asio::use_awaitable)));
                if (ec) throw numerapi::error(ec, diag);
                round = n;
            } else if (deadline) {
                auto r = co_await (api.get_current_round() || timer.async_wait(asio::use_awaitable));
                if (r.index() == 1) {
                    ++t.cut;
                    co_return;
                }
                round = std::get<0>(r);
            } else {
                round = co_await api.get_current_round();
            }
            if (round != want.round) t.fail(i, "round " + std::to_string(round));
        } else if (kind == 1 || kind == 2) {
            numerapi::download_options options;
            options.segments = kind == 2 ? 4 : 1;
            options.min_segment_size = 16u << 10; // the sandbox's files are small: segment them anyway
            numerapi::download_result result;
            if (deadline) {
                auto r =
                    co_await (api.download(want.dataset_url, file, options) || timer.async_wait(asio::use_awaitable));
                if (r.index() == 1) {
                    ++t.cut;
                    if (std::filesystem::exists(file)) t.fail(i, "a cut download left a file at its final path");
                    co_return;
                }
                result = std::get<0>(r);
            } else {
                result = co_await api.download(want.dataset_url, file, options);
            }
            const auto size = std::filesystem::file_size(file);
            if (size != want.dataset_size || result.size != want.dataset_size)
                t.fail(i, "downloaded " + std::to_string(size) + " bytes");
            if (result.segments != options.segments) t.fail(i, "in " + std::to_string(result.segments) + " segments");
            std::filesystem::remove(file);
        } else {
            const std::string url = co_await upload_url(api);
            numerapi::upload_result result;
            if (deadline) {
                auto r = co_await (api.upload(url, want.upload_file) || timer.async_wait(asio::use_awaitable));
                if (r.index() == 1) {
                    ++t.cut;
                    co_return;
                }
                result = std::get<0>(r);
            } else {
                result = co_await api.upload(url, want.upload_file);
            }
            if (result.size != want.upload_size) t.fail(i, "uploaded " + std::to_string(result.size) + " bytes");
        }
        ++t.done[kind];
    } catch (const std::exception& e) {
        t.fail(i, std::string(kind_names[kind]) + " failed: " + e.what());
    }
}

asio::awaitable<expected> learn(numerapi::client& api, expected want) {
    want.round = co_await api.get_current_round();
    const auto names = co_await api.list_datasets();
    want.dataset_url = co_await api.dataset_url(names.front());
    const auto first = want.dir / "first";
    auto result = co_await api.download(want.dataset_url, first);
    want.dataset_size = result.size;
    std::filesystem::remove(first);
    co_return want;
}

/// The cancellation race; returns how many calls were answered and how many cut.
std::pair<int, int> cancellation_race(asio::io_context& ioc, numerapi::client& api, int round, tally& t) {
    const auto first = std::chrono::steady_clock::now();
    auto probe = asio::co_spawn(ioc, api.get_current_round(), asio::use_future);
    ioc.restart();
    ioc.run();
    probe.get();
    const auto latency = std::max<std::chrono::microseconds>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - first),
        std::chrono::microseconds{100});
    const auto stop_at = std::chrono::steady_clock::now() + std::chrono::seconds{20};
    std::atomic<int> answered{0}, cut{0};
    for (int lane = 0; lane < 16; ++lane)
        asio::co_spawn(
            asio::make_strand(ioc),
            [&, lane]() -> asio::awaitable<void> {
                const auto executor = co_await asio::this_coro::executor; // not braced: GCC 12
                asio::steady_timer timer(executor);
                auto wait = latency; // follows the latency: longer after a cut, shorter after an answer
                for (int i = 0; i < 250 && std::chrono::steady_clock::now() < stop_at; ++i) {
                    timer.expires_after(wait);
                    auto r = co_await (api.get_current_round() || timer.async_wait(asio::use_awaitable));
                    if (r.index() == 1) ++cut;
                    else if (std::get<0>(r) == round) ++answered;
                    else t.fail(i, "race: round " + std::to_string(std::get<0>(r)));
                    wait = r.index() == 1 ? wait * 5 / 4 + std::chrono::microseconds{20} : wait * 4 / 5;
                }
            },
            [&t, lane](std::exception_ptr e) {
                if (e) t.fail(lane, "race: a coroutine failed");
            });
    ioc.restart();
    std::vector<std::thread> pool;
    for (int n = 0; n < 8; ++n) pool.emplace_back([&ioc] { ioc.run(); });
    for (auto& thread : pool) thread.join();
    return {answered.load(), cut.load()};
}

} // namespace

/// The parallel predictions check against the check on one thread: true when they agree,
/// the file passes as written and fails with a repeated id once one is added.
bool parallel_check(const std::filesystem::path& dir) {
    std::string content = "id,prediction\n";
    for (int i = 0; i < 1000000; ++i) content += "n" + std::to_string(i) + "," + std::to_string(i % 997 / 997.0) + "\n";
    bool agreed = true;
    for (const bool repeated : {false, true}) {
        if (repeated) content += "n123,0.5\n";
        const auto file = dir / "parallel_check.csv";
        std::ofstream(file, std::ios::binary) << content;
        const numerapi::predictions_data memory{"p.csv", content};
        numerapi::predictions_check_options one, four;
        one.threads = 1;
        four.threads = 4;
        const auto said = [](const numerapi::predictions_check_result& r) {
            return r ? std::string("(accepted)") : r.problem->message;
        };
        const std::string expected = said(numerapi::check_predictions(memory, numerapi::tournament::classic, one));
        for (const auto& got : {said(numerapi::check_predictions(memory, numerapi::tournament::classic, four)),
                                said(numerapi::check_predictions(file, numerapi::tournament::classic, four))})
            agreed = agreed && got == expected;
        agreed = agreed && (expected == "(accepted)") != repeated;
        std::cout << "thread_safety: predictions check in 4 parts: " << expected << '\n';
        std::filesystem::remove(file);
    }
    return agreed;
}

int main(int argc, char** argv) {
    if (argc != 7) {
        std::cerr << "usage: thread_safety API_URL CA_FILE PUBLIC_ID SECRET_KEY UPLOAD_FILE WORK_DIR\n";
        return 2;
    }
    numerapi::client_options options;
    options.api_url = argv[1];
    options.ca_file = argv[2];
    options.keys = numerapi::credentials{argv[3], argv[4]};
    options.proxy = std::nullopt;
    std::atomic<int> events{0};
    options.events = [&events](const numerapi::event&) { ++events; };

    asio::io_context ioc;
    numerapi::client api{ioc.get_executor(), options};
    expected want;
    want.upload_file = argv[5];
    want.upload_size = std::filesystem::file_size(want.upload_file);
    want.dir = argv[6];
    {
        auto learnt = asio::co_spawn(ioc, learn(api, want), asio::use_future);
        ioc.run();
        want = learnt.get();
        ioc.restart();
    }

    tally t;
    std::vector<asio::strand<asio::io_context::executor_type>> lanes;
    for (int s = 0; s < strands; ++s) lanes.push_back(asio::make_strand(ioc));
    std::atomic<int> finished{0};
    for (int i = 0; i < calls; ++i)
        asio::co_spawn(lanes[i % strands], one_call(api, i, want, t), [&finished](std::exception_ptr e) {
            ++finished;
            if (e) std::rethrow_exception(e);
        });
    std::vector<std::thread> pool;
    for (int n = 0; n < threads; ++n) pool.emplace_back([&ioc] { ioc.run(); });
    for (auto& thread : pool) thread.join();

    std::cout << "thread_safety: " << finished << " of " << calls << " calls ended on " << threads << " threads; ";
    for (int k = 0; k < 4; ++k) std::cout << t.done[k] << ' ' << kind_names[k] << (k < 3 ? ", " : "");
    std::cout << " succeeded; " << t.cut << " cut by their deadline; " << events << " events\n";
    for (const auto& f : t.failures) std::cout << "FAIL " << f << '\n';
    const bool every_kind = t.done[0] > 0 && t.done[1] > 0 && t.done[2] > 0 && t.done[3] > 0;
    const bool all_accounted = t.done[0] + t.done[1] + t.done[2] + t.done[3] + t.cut == calls;

    tally race;
    const auto [answered, cut] = cancellation_race(ioc, api, want.round, race);
    std::cout << "thread_safety: cancellation race on 8 threads: " << answered << " answered, " << cut << " cut\n";
    for (const auto& f : race.failures) std::cout << "FAIL " << f << '\n';
    const bool raced = answered > 0 && cut > 0 && race.failures.empty();
    const bool checked = parallel_check(want.dir);
    if (!checked) std::cout << "FAIL the predictions check in 4 parts disagrees with the check in one\n";
    return finished == calls && t.failures.empty() && every_kind && all_accounted && raced && checked ? 0 : 1;
}
