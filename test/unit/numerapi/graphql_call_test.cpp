// The one GraphQL call path, against a scripted transport: what goes on the wire and how
// every kind of answer becomes data or a numerapi::error.
#include "numerapi/access.hpp"
#include "support/expect_error.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/scripted_transport.hpp"

#include <numerapi/client.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;
using numerapi::test::expect_error;
using numerapi::test::reply;

namespace {

struct single_attempt_client {
    boost::asio::io_context ioc;
    std::shared_ptr<test::scripted_transport::script> script = std::make_shared<test::scripted_transport::script>();
    client api;

    explicit single_attempt_client(std::optional<credentials> keys = credentials{"PUBLICID", "VERYSECRETKEY"})
        : api(detail::access::make_client(ioc.get_executor(), options(std::move(keys)),
                                          std::make_unique<test::scripted_transport>(script))) {}

    static client_options options(std::optional<credentials> keys) {
        client_options o;
        o.api_url = "https://api.example.test/graphql";
        o.retry.max_attempts = 1; // these tests are about one answer each; retry_test.cpp covers retries
        o.keys = std::move(keys);
        return o;
    }

    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(graphql_call)

BOOST_AUTO_TEST_CASE(a_leaderboard_that_pages_on_for_ever_ends_with_an_error) {
    // A hostile API answers every offset with a new full page. leaderboard_all used to
    // collect them until the memory ran out; it stops past 100,000 entries.
    single_attempt_client c;
    const int page = 25'000;
    for (int p = 0; p < 10; ++p)
        c.script->answers.push_back([](const test::wire_request& req) {
            const auto offset = boost::json::parse(req.body()).at("variables").at("offset").as_int64();
            std::string body = R"({"data":{"v2Leaderboard":[)";
            for (int i = 0; i < page; ++i)
                body +=
                    (i ? "," : "") + std::string(R"({"username":"m)") + std::to_string(offset + i) + R"(","rank":1})";
            return test::make_response(200, body + "]}}");
        });
    const auto e = expect_error([&] { c.run(c.api.leaderboard_all(tournament::classic, page)); });
    BOOST_TEST((e.code() == errc::invalid_response));
    BOOST_TEST(e.diag().operation == "leaderboard_all");
    BOOST_TEST(e.diag().client_message == "the server kept paging past 100000 entries; no leaderboard is that long");
    BOOST_TEST(c.script->seen.size() == 5u); // offsets 0 to 100,000: the fifth page is one too many
}

BOOST_AUTO_TEST_CASE(public_call_sends_json_envelope_without_authorization) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"rounds":[{"number":1150}]}})"));
    BOOST_TEST(c.run(c.api.get_current_round(tournament::signals)) == 1150);

    BOOST_REQUIRE_EQUAL(c.script->seen.size(), 1u);
    const auto& req = c.script->seen[0].request;
    BOOST_TEST(req.method() == boost::beast::http::verb::post);
    BOOST_TEST(std::string(req.target()) == "/graphql");
    BOOST_TEST(std::string(req[boost::beast::http::field::host]) == "api.example.test");
    BOOST_TEST(std::string(req[boost::beast::http::field::content_type]) == "application/json");
    BOOST_TEST(std::string(req[boost::beast::http::field::accept]) == "application/json");
    BOOST_TEST(std::string(req[boost::beast::http::field::user_agent]).starts_with("numerapi-cpp/"));
    BOOST_TEST(req[boost::beast::http::field::authorization].empty());
    const auto body = boost::json::parse(req.body()).as_object();
    BOOST_TEST(body.size() == 2u);
    BOOST_TEST(body.at("query").as_string().find("rounds(tournament: $tournament") != boost::json::string::npos);
    BOOST_TEST(body.at("variables") == boost::json::parse(R"({"tournament":11})"));
    BOOST_TEST(c.script->seen[0].idempotent);
}

BOOST_AUTO_TEST_CASE(private_call_sends_token_header) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"account":{"models":[]}}})"));
    c.run(c.api.get_models());
    BOOST_TEST(std::string(c.script->seen.at(0).request[boost::beast::http::field::authorization]) ==
               "Token PUBLICID$VERYSECRETKEY");
}

BOOST_AUTO_TEST_CASE(private_call_without_keys_fails_before_sending) {
    single_attempt_client c{std::nullopt};
    const auto e = expect_error([&] { c.run(c.api.get_account()); });
    BOOST_TEST(e.code() == errc::credentials_missing);
    BOOST_TEST(e.diag().attempts == 0u);
    BOOST_TEST(c.script->seen.empty());
}

BOOST_AUTO_TEST_CASE(errors_list_becomes_graphql_error_with_server_messages) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"dataset":null},"errors":[
        {"message":"first","locations":[{"line":2,"column":5}],"path":["dataset"]},
        {"message":"Dataset not found: x.parquet","path":["dataset"]}]})"));
    const auto e = expect_error([&] { c.run(c.api.dataset_url("x.parquet")); });
    BOOST_TEST(e.code() == errc::graphql_error);
    BOOST_TEST(e.diag().http_status == 200u);
    BOOST_TEST(e.diag().operation == "download_dataset");
    BOOST_TEST(e.diag().server_messages == (std::vector<std::string>{"first", "Dataset not found: x.parquet"}),
               boost::test_tools::per_element());
    BOOST_TEST(e.server_message() == "Dataset not found: x.parquet");
    BOOST_TEST(std::string(e.what()).find("Dataset not found: x.parquet") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_session_is_authentication_failed_and_hides_secret) {
    single_attempt_client c;
    c.script->answers.push_back(
        reply(200, R"({"data":{"account":null},"errors":[{"message":"Your session is invalid or has expired."}]})"));
    const auto e = expect_error([&] { c.run(c.api.get_account()); });
    BOOST_TEST(e.code() == errc::authentication_failed);
    BOOST_TEST(std::string(e.what()).find("VERYSECRETKEY") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(legacy_detail_object_is_a_server_message) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, R"({"errors":{"detail":"legacy failure"}})"));
    const auto e = expect_error([&] { c.run(c.api.list_datasets()); });
    BOOST_TEST(e.code() == errc::graphql_error);
    BOOST_TEST(e.server_message() == "legacy failure");
}

BOOST_AUTO_TEST_CASE(validation_400_keeps_status_and_message) {
    single_attempt_client c;
    c.script->answers.push_back(
        reply(400, R"({"errors":[{"message":"Cannot query field \"stakeTxs\" on type \"Model\"."}]})"));
    const auto e = expect_error([&] { c.run(c.api.raw_query("query { model { stakeTxs } }")); });
    BOOST_TEST(e.code() == errc::graphql_error);
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(e.server_message() == "Cannot query field \"stakeTxs\" on type \"Model\".");
}

BOOST_AUTO_TEST_CASE(html_502_is_http_status_error) {
    single_attempt_client c;
    c.script->answers.push_back(reply(502, "<html><body>Bad Gateway</body></html>", "text/html"));
    const auto e = expect_error([&] { c.run(c.api.get_current_round()); });
    BOOST_TEST(e.code() == errc::http_status);
    BOOST_TEST(e.diag().http_status == 502u);
    BOOST_TEST(e.diag().server_messages.empty());
    BOOST_TEST(e.diag().client_message.find("not JSON (text/html)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(non_json_200_is_invalid_response) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, "not json", "text/plain"));
    const auto e = expect_error([&] { c.run(c.api.get_current_round()); });
    BOOST_TEST(e.code() == errc::invalid_response);
}

BOOST_AUTO_TEST_CASE(data_of_wrong_shape_is_invalid_response) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"rounds":"nope"}})"));
    const auto e = expect_error([&] { c.run(c.api.get_current_round()); });
    BOOST_TEST(e.code() == errc::invalid_response);
    BOOST_TEST(e.diag().operation == "get_current_round");
}

BOOST_AUTO_TEST_CASE(mutation_in_raw_query_is_not_idempotent) {
    single_attempt_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"setUserBio":true}})"));
    c.run(c.api.raw_query("mutation($value: String!) { setUserBio(value: $value) }",
                          boost::json::object{{"value", "hi"}}, true));
    BOOST_TEST(!c.script->seen.at(0).idempotent);
}

BOOST_AUTO_TEST_CASE(check_round_open_is_false_between_rounds) {
    single_attempt_client c;
    c.script->answers.push_back(
        reply(200, R"({"data":{"rounds":null},"errors":[{"message":"Current round not open for submissions"}]})"));
    BOOST_TEST(!c.run(c.api.check_round_open()));
}

BOOST_AUTO_TEST_CASE(http_url_is_refused) {
    boost::asio::io_context ioc;
    client_options o;
    o.api_url = "http://127.0.0.1:1/";
    const auto e = expect_error([&] { client api{ioc.get_executor(), o}; });
    BOOST_TEST(e.code() == errc::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
