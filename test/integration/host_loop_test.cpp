// The client is a guest in its caller's loop: a ticker that wakes every 2 ms on the same
// one-thread io_context keeps its beat while the client checks and submits millions of rows
// of predictions, compares a file already at a download's path by MD5, downloads in
// durable mode (an MD5 check and a flush), and extracts a dataset archive: that work runs
// on the blocking executor (async/offload.hpp). Each phase's worst lateness of the ticker
// is at most 10 ms. The sandbox runs in a process of its own here: its own work
// (validating a 45 MiB upload) must not share this process's locks (the address space's,
// the sanitizer allocator's) with the loop that is measured.
#include "support/predictions_files.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <exception>

#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace numerapi;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

/// numerapi-sandbox, the program, started with a state directory of its own.
class sandbox_process {
public:
    /// `dataset_size`: of the largest dataset (the legacy archive is a quarter of it).
    explicit sandbox_process(const char* dataset_size = "8M") {
        int out[2];
        BOOST_REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        BOOST_REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::prctl(PR_SET_PDEATHSIG, SIGTERM); // a test that dies takes its sandbox with it
            ::execl(NUMERAPI_SANDBOX_PROGRAM, "numerapi-sandbox", "--state-dir", dir_.path().c_str(), "--port", "0",
                    "--dataset-size", dataset_size, static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        std::string line;
        char c;
        while (::read(out[0], &c, 1) == 1 && c != '\n') line += c; // the ready line
        ::close(out[0]);
        const auto ready = boost::json::parse(line).as_object();
        options_.api_url = std::string(ready.at("api_url").as_string());
        options_.ca_file = std::string(ready.at("ca_file").as_string());
        options_.keys = credentials{std::string(ready.at("public_id").as_string()),
                                    std::string(ready.at("secret_key").as_string())};
    }
    ~sandbox_process() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    const client_options& options() const { return options_; }

private:
    test::temp_dir dir_;
    pid_t pid_ = -1;
    client_options options_;
};

/// Wakes every `period` on its executor and keeps the worst lateness, until stopped.
struct ticker {
    explicit ticker(asio::io_context& ioc) : timer(ioc) {}

    asio::awaitable<void> run() {
        auto due = std::chrono::steady_clock::now();
        while (!stopped) {
            due += period;
            timer.expires_at(due);
            bool stopping = false;
            try {
                co_await timer.async_wait(asio::use_awaitable);
            } catch (const boost::system::system_error&) {
                stopping = true; // stopped; a tick that was already due still counts
            }
            const auto now = std::chrono::steady_clock::now();
            if (now > due) worst = std::max(worst, std::chrono::duration_cast<std::chrono::milliseconds>(now - due));
            if (stopping) co_return;
            ++ticks;
            due = std::max(due, now - period); // one late tick is counted once, not again
        }
    }
    void stop() {
        stopped = true;
        timer.cancel();
    }

    asio::steady_timer timer;
    std::chrono::milliseconds period{2};
    std::chrono::milliseconds worst{0};
    std::size_t ticks = 0;
    bool stopped = false;
};

/// Runs `call` and the ticker on `ioc`'s one thread until the call ends; returns the worst
/// lateness and rethrows the call's failure.
template <class Call>
std::chrono::milliseconds worst_lateness_while(asio::io_context& ioc, Call call) {
    ticker beat{ioc};
    std::exception_ptr failure;
    asio::co_spawn(ioc, beat.run(), asio::detached);
    asio::co_spawn(ioc, call(), [&](std::exception_ptr e) {
        failure = e;
        beat.stop();
    });
    ioc.restart();
    ioc.run();
    if (failure) std::rethrow_exception(failure);
    BOOST_TEST(beat.ticks > 10u);
    return beat.worst;
}

} // namespace

BOOST_AUTO_TEST_SUITE(host_loop)

BOOST_AUTO_TEST_CASE(a_multi_million_row_check_and_submission_does_not_stall_the_callers_loop) {
    sandbox_process box;
    asio::io_context ioc{1};
    client api{ioc.get_executor(), box.options()};
    predictions_data rows("predictions.csv", test::predictions_csv(8, 2'000'000));
    BOOST_TEST_MESSAGE("predictions: " << rows.bytes.size() / (1u << 20) << " MiB");
    std::string id;
    const auto worst = worst_lateness_while(ioc, [&]() -> asio::awaitable<void> {
        id = co_await api.upload_predictions(std::move(rows), "sandbox_model");
    });
    BOOST_TEST(id.size() == 36u);
    BOOST_TEST_MESSAGE("worst lateness " << worst.count() << " ms");
    BOOST_TEST(worst <= 10ms, "worst lateness " << worst.count() << " ms");
}

BOOST_AUTO_TEST_CASE(comparing_a_file_by_md5_and_a_durable_download_do_not_stall_the_callers_loop) {
    // A submission's file (its ETag is its MD5) already at the path, with no record: the
    // client reads it whole to compare, off the loop.
    sandbox_process box;
    test::temp_dir dir;
    asio::io_context ioc{1};
    client api{ioc.get_executor(), box.options()};
    const auto file = dir.path() / "big.csv";
    test::write_file(file, test::predictions_csv(8, 1'000'000)); // 22 MiB
    std::string id;
    worst_lateness_while(
        ioc, [&]() -> asio::awaitable<void> { id = co_await api.upload_predictions(file, "sandbox_model"); });
    download_result back;
    auto worst = worst_lateness_while(
        ioc, [&]() -> asio::awaitable<void> { back = co_await api.download_submission(id, file); });
    BOOST_TEST(back.unchanged);
    BOOST_TEST_MESSAGE("comparing: worst lateness " << worst.count() << " ms");
    BOOST_TEST(worst <= 10ms, "comparing: worst lateness " << worst.count() << " ms");

    // The same 22 MiB fetched again, its MD5 checked by reading it whole, and flushed to the
    // disk before the rename: both off the loop.
    download_options o;
    o.durable = true;
    o.skip_unchanged = false;
    const auto copy = dir.path() / "copy.csv";
    worst = worst_lateness_while(
        ioc, [&]() -> asio::awaitable<void> { back = co_await api.download_submission(id, copy, o); });
    BOOST_TEST(!back.unchanged);
    BOOST_TEST(back.size == std::filesystem::file_size(file));
    BOOST_TEST(test::read_file(copy) == test::read_file(file));
    BOOST_TEST_MESSAGE("durable download: worst lateness " << worst.count() << " ms");
    BOOST_TEST(worst <= 10ms, "durable download: worst lateness " << worst.count() << " ms");
}

BOOST_AUTO_TEST_CASE(extracting_a_dataset_archive_does_not_stall_the_callers_loop) {
    sandbox_process box{"128M"}; // an archive of some 26 MiB of CSV
    test::temp_dir dir;
    asio::io_context ioc{1};
    client api{ioc.get_executor(), box.options()};
    dataset_download_options o;
    o.legacy_zip = true;
    o.unzip = true;
    dataset_download_result got;
    const auto worst = worst_lateness_while(
        ioc, [&]() -> asio::awaitable<void> { got = co_await api.download_current_dataset(dir.path(), o); });
    BOOST_TEST_REQUIRE(got.extracted.size() == 3u);
    BOOST_TEST(std::filesystem::file_size(got.extracted.front()) > (16u << 20));
    BOOST_TEST_MESSAGE("worst lateness " << worst.count() << " ms");
    BOOST_TEST(worst <= 10ms, "worst lateness " << worst.count() << " ms");
}

BOOST_AUTO_TEST_SUITE_END()
