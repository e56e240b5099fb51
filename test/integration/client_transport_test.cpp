// The client's transport against a real sandbox: trust and host name checks, bad keys,
// validation errors, and many concurrent calls over a small pool.
#include "support/expect_error.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;
using numerapi::test::expect_error;

namespace {

bool mentions(const error& e, const std::string& secret) {
    if (std::string(e.what()).find(secret) != std::string::npos) return true;
    if (e.diag().client_message.find(secret) != std::string::npos) return true;
    for (const auto& m : e.diag().server_messages)
        if (m.find(secret) != std::string::npos) return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_transport)

BOOST_AUTO_TEST_CASE(bad_key_gets_the_server_message_and_never_shows_the_secret) {
    test::running_sandbox box;
    boost::asio::io_context ioc;
    auto options = box.options();
    options.keys = credentials{box.ready().public_id, "WRONG-SECRET-0123456789"};
    client api{ioc.get_executor(), options};
    const auto e = expect_error([&] { test::run(ioc, api.get_account()); });
    BOOST_TEST(e.code() == errc::authentication_failed);
    BOOST_TEST(e.diag().http_status == 200u);
    BOOST_TEST(e.server_message() == "Your session is invalid or has expired.");
    BOOST_TEST(e.diag().operation == "get_account");
    BOOST_TEST(!mentions(e, "WRONG-SECRET-0123456789"));
    BOOST_TEST(!mentions(e, box.ready().secret_key));
    const auto log = box.log().requests();
    BOOST_TEST((log.back().authorization && !log.back().authenticated));
}

BOOST_AUTO_TEST_CASE(validation_error_is_400_with_the_server_message) {
    test::running_sandbox box;
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
    const auto e =
        expect_error([&] { test::run(ioc, api.raw_query("query { account { stakeTxs } }", nullptr, true)); });
    BOOST_TEST(e.code() == errc::graphql_error);
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(e.server_message() == "Cannot query field \"stakeTxs\" on type \"User\".");
    BOOST_TEST(box.log().requests().back().status == 400u);
}

sandbox::faults::fault_rule html_502(std::uint64_t count) {
    sandbox::faults::fault_rule gateway;
    gateway.status = 502;
    gateway.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    gateway.content_type = "text/html";
    gateway.target = sandbox::faults::target_kind::graphql;
    gateway.count = count;
    return gateway;
}

BOOST_AUTO_TEST_CASE(html_502_from_a_gateway_is_retried) {
    test::running_sandbox box;
    box.faults().add(html_502(1));
    boost::asio::io_context ioc;
    auto options = box.options();
    options.backoff = {.initial = std::chrono::milliseconds{1}, .maximum = std::chrono::milliseconds{5}};
    client api{ioc.get_executor(), options};
    BOOST_TEST(test::run(ioc, api.get_current_round()) == 1150);
    const auto log = box.log().requests();
    BOOST_REQUIRE(log.size() == 2u);
    BOOST_TEST(log[0].fault == "status 502");
    BOOST_TEST(log[0].status == 502u);
    BOOST_TEST(log[1].status == 200u);
    BOOST_TEST(box.log().handshakes() == 1u); // the 502 did not cost the connection
}

BOOST_AUTO_TEST_CASE(html_502_that_persists_exhausts_the_retries) {
    test::running_sandbox box;
    box.faults().add(html_502(10));
    boost::asio::io_context ioc;
    auto options = box.options();
    options.retry.max_attempts = 3;
    options.backoff = {.initial = std::chrono::milliseconds{1}, .maximum = std::chrono::milliseconds{5}};
    client api{ioc.get_executor(), options};
    const auto e = expect_error([&] { test::run(ioc, api.get_current_round()); });
    BOOST_TEST(e.code() == errc::http_status);
    BOOST_TEST(e.diag().http_status == 502u);
    BOOST_TEST(e.diag().attempts == 3u);
    BOOST_TEST(e.diag().retries_exhausted);
    BOOST_TEST(e.diag().server_messages.empty());
    BOOST_TEST(e.diag().client_message == "the body is not JSON (text/html)");
    BOOST_TEST(std::string(e.what()).find("HTTP 502") != std::string::npos);
    BOOST_TEST(box.log().requests().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_new_connection_to_a_known_host_resumes_its_tls_session) {
    // Idle timeout 0: every call opens a connection. The first makes a full handshake and
    // gets the host's TLS 1.3 tickets (after the handshake, unasked); each later one
    // offers a ticket, and the server resumes it.
    test::running_sandbox box;
    boost::asio::io_context ioc;
    auto options = box.options();
    options.idle_timeout = std::chrono::milliseconds{0};
    client api{ioc.get_executor(), options};
    for (int i = 0; i < 4; ++i) BOOST_TEST(test::run(ioc, api.get_current_round()) > 0);
    BOOST_TEST(box.log().handshakes() == 4u);
    BOOST_TEST(box.log().resumed_handshakes() == 3u);

    // Off: every handshake is a full one.
    box.log().clear();
    options.resume_tls_sessions = false;
    client full{ioc.get_executor(), options};
    for (int i = 0; i < 3; ++i) BOOST_TEST(test::run(ioc, full.get_current_round()) > 0);
    BOOST_TEST(box.log().handshakes() == 3u);
    BOOST_TEST(box.log().resumed_handshakes() == 0u);
}

BOOST_AUTO_TEST_CASE(certificate_from_another_ca_is_refused) {
    test::running_sandbox box, other;
    boost::asio::io_context ioc;
    auto options = box.options();
    options.ca_file = other.ready().ca_file.string();
    client api{ioc.get_executor(), options};
    const auto e = expect_error([&] { test::run(ioc, api.get_current_round()); });
    BOOST_TEST((e.code().category() == boost::asio::error::get_ssl_category()));
    BOOST_TEST(e.diag().http_status == 0u);
    BOOST_TEST(box.log().handshakes() == 0u);
    BOOST_TEST(box.log().requests().empty());
}

BOOST_AUTO_TEST_CASE(certificate_for_another_host_name_is_refused) {
    auto config = test::running_sandbox::small_config();
    config.certificate_names = {"api-tournament.numer.ai"};
    test::running_sandbox box{config};
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box.options()}; // connects to 127.0.0.1
    const auto e = expect_error([&] { test::run(ioc, api.get_current_round()); });
    BOOST_TEST((e.code().category() == boost::asio::error::get_ssl_category()));
    BOOST_TEST(box.log().requests().empty());
}

BOOST_AUTO_TEST_CASE(missing_ca_file_is_a_clear_error) {
    boost::asio::io_context ioc;
    client_options options;
    options.ca_file = "/nonexistent/ca.pem";
    const auto e = expect_error([&] { client api{ioc.get_executor(), options}; });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(std::string(e.what()).find("/nonexistent/ca.pem") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refused_connection_is_reported_without_a_status) {
    boost::asio::io_context ioc;
    client_options options;
    options.api_url = "https://127.0.0.1:1";
    client api{ioc.get_executor(), options};
    const auto e = expect_error([&] { test::run(ioc, api.get_current_round()); });
    BOOST_TEST(e.code() == boost::asio::error::connection_refused);
    BOOST_TEST((e.code() == numerapi::condition::network));
    BOOST_TEST(e.diag().operation == "get_current_round");
}

BOOST_AUTO_TEST_CASE(two_hundred_concurrent_calls_share_four_connections) {
    test::running_sandbox box;
    boost::asio::io_context ioc;
    auto options = box.options();
    options.max_connections_per_host = 4;
    client api{ioc.get_executor(), options};
    int succeeded = 0, failed = 0;
    for (int i = 0; i < 200; ++i)
        boost::asio::co_spawn(ioc, api.get_current_round(tournament(8 + (i % 2) * 3)),
                              [&](std::exception_ptr e, int round) {
                                  if (!e && round == 1150) ++succeeded;
                                  else ++failed;
                              });
    ioc.run();
    BOOST_TEST(succeeded == 200);
    BOOST_TEST(failed == 0);
    BOOST_TEST(box.log().handshakes() <= 4u);
    BOOST_TEST(box.log().requests().size() == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
