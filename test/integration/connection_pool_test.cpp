// The connection pool on its own, against the sandbox: a wake-up is never lost when the
// waiter it went to was cancelled in the same tick, and a fresh connection (the exchange's
// resend after a stale one) leaves the other idle connections pooled.
#include "support/sandbox_fixture.hpp"

#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/tls_context.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <thread>

using namespace numerapi;
namespace asio = boost::asio;

BOOST_AUTO_TEST_SUITE(pool_wake_ups)

BOOST_AUTO_TEST_CASE(a_wake_up_meant_for_a_cancelled_waiter_goes_to_the_next_one) {
    test::running_sandbox box;
    asio::io_context ioc;
    auto tls = detail::make_tls_context(box.ready().ca_file.string());
    detail::pool_options options;
    options.max_per_host = 1;
    detail::connection_pool pool{tls, options};
    const auto url = detail::parse_https_url(box.ready().api_url).value();

    std::optional<detail::lease> held = test::run(ioc, pool.acquire(url)).value();
    asio::cancellation_signal cancel_first;
    bool first_done = false, second_done = false;
    std::exception_ptr first_error;
    boost::system::error_code first_code;
    asio::co_spawn(
        ioc, pool.acquire(url),
        asio::bind_cancellation_slot(cancel_first.slot(), [&](std::exception_ptr e, detail::outcome<detail::lease> l) {
            first_error = e;
            if (!l) first_code = l.error().code;
            first_done = true;
        }));
    asio::co_spawn(ioc, pool.acquire(url), [&](std::exception_ptr e, detail::outcome<detail::lease> l) {
        BOOST_TEST(!e);
        BOOST_REQUIRE(l.has_value());
        l->mark_reusable();
        second_done = true;
    });
    ioc.restart();
    ioc.poll(); // both wait for the one connection
    BOOST_REQUIRE(!first_done);
    BOOST_REQUIRE(!second_done);
    // In one handler: the lease comes back (waking the first waiter) and the first waiter is
    // cancelled. The wake-up must reach the second waiter.
    asio::post(ioc, [&] {
        held->mark_reusable();
        held.reset();
        cancel_first.emit(asio::cancellation_type::terminal);
    });
    for (int i = 0; i < 200 && !(first_done && second_done); ++i) {
        ioc.restart();
        ioc.run_for(std::chrono::milliseconds{10});
    }
    BOOST_TEST(first_done);
    BOOST_TEST(!first_error); // cancelled: a failure, not an exception
    BOOST_TEST(first_code == asio::error::operation_aborted);
    BOOST_TEST(second_done);
}

BOOST_AUTO_TEST_CASE(a_fresh_connection_leaves_the_other_idle_ones_pooled) {
    test::running_sandbox box;
    asio::io_context ioc;
    auto tls = detail::make_tls_context(box.ready().ca_file.string());
    detail::pool_options options;
    options.max_per_host = 3;
    detail::connection_pool pool{tls, options};
    const auto url = detail::parse_https_url(box.ready().api_url).value();
    // Takes a connection and serves one request on it, read to the end, so that it may go
    // back to the pool as the exchange gives them back.
    auto take = [&](bool fresh) {
        auto l = test::run(ioc, pool.acquire(url, fresh)).value();
        const std::string request = "GET /_sandbox/faults HTTP/1.1\r\nHost: " + url.host_header() + "\r\n\r\n";
        test::run(ioc, [&]() -> asio::awaitable<void> {
            co_await asio::async_write(l->stream, asio::buffer(request), asio::use_awaitable);
            boost::beast::http::response<boost::beast::http::string_body> res;
            co_await boost::beast::http::async_read(l->stream, l->buffer, res, asio::use_awaitable);
            BOOST_TEST(res.result_int() == 200u);
        }());
        l.mark_reusable();
        return l;
    };
    { auto a = take(false), b = take(false); } // two idle connections
    BOOST_TEST(box.log().handshakes() == 2u);
    take(true); // what the exchange asks for after a stale connection; then idle too
    BOOST_TEST(box.log().handshakes() == 3u);
    {
        auto x = take(false), y = take(false), z = take(false); // all three were kept
        BOOST_TEST(box.log().handshakes() == 3u);
    }
    take(true); // slots full: the oldest idle one makes room for the fresh one
    BOOST_TEST(box.log().handshakes() == 4u);
    auto x = take(false), y = take(false), z = take(false);
    BOOST_TEST(box.log().handshakes() == 4u); // the other two stayed
}

BOOST_AUTO_TEST_SUITE_END()
