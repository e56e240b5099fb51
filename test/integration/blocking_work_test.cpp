// Work that grows with its input runs on client_options::blocking_executor, and the call
// waits for it off the caller's loop (async/offload.hpp). Here that executor is a pool the
// test holds busy, so that the work is still waiting there when the call is cancelled or its
// loop destroyed: the call ends once, at once, or never, and nothing it owned is touched
// afterwards (the suites run under AddressSanitizer).
#include "support/predictions_files.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <memory>

using namespace numerapi;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

/// A pool of one thread, held busy until release(): work handed to it waits.
class busy_pool {
public:
    busy_pool() {
        asio::post(pool, [gate = open_.get_future().share()] { gate.wait(); });
    }
    ~busy_pool() { release(); }
    void release() {
        if (!released_) open_.set_value();
        released_ = true;
    }
    asio::thread_pool pool{1};

private:
    std::promise<void> open_;
    bool released_ = false;
};

/// How a call ended, counted: a call must complete exactly once. The diagnostics are the
/// call's own (with_diagnostics).
struct call_outcome {
    int completions = 0;
    boost::system::error_code code;
    diagnostics diag;
    std::string value;
};

auto record(call_outcome& out) {
    return with_diagnostics([&out](boost::system::error_code ec, diagnostics diag, std::string id) {
        ++out.completions;
        out.code = ec;
        out.diag = std::move(diag);
        out.value = std::move(id);
    });
}

/// Runs the loop long enough for the call to hand its predictions check to the pool (it is
/// the call's first step: nothing is sent before it).
void until_the_work_is_on_the_pool(asio::io_context& ioc) { ioc.run_for(300ms); }

} // namespace

BOOST_AUTO_TEST_SUITE(blocking_work)

BOOST_AUTO_TEST_CASE(a_cancel_while_the_check_waits_on_the_pool_ends_the_call_at_once) {
    test::running_sandbox box;
    busy_pool blocking;
    asio::io_context ioc;
    client_options o = box.options();
    o.blocking_executor = blocking.pool.get_executor();
    client api{ioc.get_executor(), o};
    asio::cancellation_signal cancel;
    call_outcome out;
    api.upload_predictions(predictions_data("p.csv", test::predictions_csv(8, 1000)), "sandbox_model", submit_options(),
                           std::nullopt,
                           with_diagnostics(asio::bind_cancellation_slot(cancel.slot(), record(out).token())));
    until_the_work_is_on_the_pool(ioc);
    BOOST_TEST(out.completions == 0);
    const auto cancelled_at = std::chrono::steady_clock::now();
    cancel.emit(asio::cancellation_type::terminal);
    ioc.restart();
    ioc.run(); // the pool is still busy: the call ends without its work
    BOOST_TEST((std::chrono::steady_clock::now() - cancelled_at < 1s));
    BOOST_TEST_REQUIRE(out.completions == 1);
    BOOST_TEST((out.code == asio::error::operation_aborted));
    BOOST_TEST(out.diag.operation == "upload_predictions");
    BOOST_TEST(out.diag.client_message == "cancelled while checking p.csv (in memory)");
    BOOST_TEST(!out.diag.request_sent);
    // The work runs (or is skipped) once the pool is free; nothing reaches the call again.
    blocking.release();
    blocking.pool.join();
    ioc.restart();
    ioc.run();
    BOOST_TEST(out.completions == 1);
    BOOST_TEST(box.log().requests().empty(), "nothing is sent after a cancelled check");
}

BOOST_AUTO_TEST_CASE(a_loop_destroyed_while_its_work_is_on_the_pool_is_never_resumed) {
    test::running_sandbox box;
    busy_pool blocking;
    call_outcome out;
    {
        auto ioc = std::make_unique<asio::io_context>();
        client_options o = box.options();
        o.blocking_executor = blocking.pool.get_executor();
        client api{ioc->get_executor(), o};
        api.upload_predictions(predictions_data("p.csv", test::predictions_csv(8, 1000)), "sandbox_model",
                               submit_options(), std::nullopt, record(out));
        until_the_work_is_on_the_pool(*ioc);
        ioc->stop();
        // The client, then its loop, go while the check waits on the pool: the loop's
        // shutdown lets go of the call.
    }
    blocking.release(); // the work ends now, with no loop to resume: it must post nothing
    blocking.pool.join();
    BOOST_TEST(out.completions == 0);
    BOOST_TEST(box.log().requests().empty());
}

BOOST_AUTO_TEST_CASE(the_clients_own_pool_checks_and_the_call_goes_on) {
    // The default: no executor given, the client's own pool does the work.
    test::running_sandbox box;
    asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    call_outcome out;
    api.upload_predictions(predictions_data("p.csv", test::predictions_csv(8, 1000)), "sandbox_model", submit_options(),
                           std::nullopt, record(out));
    ioc.run();
    BOOST_TEST_REQUIRE(out.completions == 1);
    BOOST_TEST(!out.code, out.code.message());
    BOOST_TEST(out.value.size() == 36u);
}

BOOST_AUTO_TEST_SUITE_END()
