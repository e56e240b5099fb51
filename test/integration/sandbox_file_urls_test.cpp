// Presigned file URLs of the sandbox over TLS: whole and ranged GETs, HEAD, If-Range, 416,
// several ranges, expiry and tampering.
#include "support/raw_https.hpp"

#include "sandbox/files/generated_content.hpp"

#include <boost/test/unit_test.hpp>

using namespace numerapi;
namespace http = boost::beast::http;

namespace {

struct file_suite {
    static test::running_sandbox& box() {
        static test::running_sandbox instance;
        return instance;
    }
    test::raw_https https{box()};

    /// The log entry of the most recent file request, once the server has logged it.
    sandbox::http::logged_request last_logged(std::size_t count_before) {
        const auto log = box().log().wait_for(count_before + 1);
        BOOST_REQUIRE(log.size() > count_before);
        return log.back();
    }

    std::string dataset_url(const std::string& name) {
        const auto res = https.graphql(boost::json::object{
            {"query", "query($f: String!) { dataset(filename: $f, tournament: 8) }"}, {"variables", {{"f", name}}}});
        return std::string(boost::json::parse(res.body()).at("data").at("dataset").as_string());
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sandbox_file_urls, file_suite)

BOOST_AUTO_TEST_CASE(whole_file_has_length_etag_and_accepts_ranges) {
    const auto url = dataset_url("v5.2/train.parquet");
    const auto before = box().log().requests().size();
    const auto res = https.get(url);
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body().size() == 64u * 1024);
    BOOST_TEST(std::string(res[http::field::content_length]) == "65536");
    BOOST_TEST(std::string(res[http::field::accept_ranges]) == "bytes");
    BOOST_TEST(!res[http::field::etag].empty());
    BOOST_TEST(res.body().substr(0, 4) == "PAR1");
    BOOST_TEST(last_logged(before).body_bytes_sent == 65536u);
}

BOOST_AUTO_TEST_CASE(ranged_get_returns_exactly_those_bytes) {
    const auto url = dataset_url("v5.2/train.parquet");
    const auto before = box().log().requests().size();
    const std::string whole = https.get(url).body();
    box().log().wait_for(before + 1);
    const auto res = https.get(url, {{http::field::range, "bytes=1000-1999"}});
    BOOST_TEST(res.result_int() == 206u);
    BOOST_TEST(std::string(res[http::field::content_range]) == "bytes 1000-1999/65536");
    BOOST_TEST(res.body() == whole.substr(1000, 1000));
    const auto last = last_logged(before + 1);
    BOOST_TEST(last.range == "bytes=1000-1999");
    BOOST_TEST(last.status == 206u);
}

BOOST_AUTO_TEST_CASE(suffix_and_open_ranges) {
    const auto url = dataset_url("v5.2/validation.parquet");
    const std::string whole = https.get(url).body();
    auto res = https.get(url, {{http::field::range, "bytes=-100"}});
    BOOST_TEST(res.result_int() == 206u);
    BOOST_TEST(res.body() == whole.substr(whole.size() - 100));
    res = https.get(url, {{http::field::range, "bytes=32000-"}});
    BOOST_TEST(res.body() == whole.substr(32000));
    BOOST_TEST(std::string(res[http::field::content_range]) ==
               "bytes 32000-" + std::to_string(whole.size() - 1) + "/" + std::to_string(whole.size()));
}

BOOST_AUTO_TEST_CASE(range_past_the_end_is_416) {
    const auto res = https.get(dataset_url("v5.2/train.parquet"), {{http::field::range, "bytes=70000-"}});
    BOOST_TEST(res.result_int() == 416u);
    BOOST_TEST(std::string(res[http::field::content_range]) == "bytes */65536");
}

BOOST_AUTO_TEST_CASE(several_ranges_get_the_whole_file_as_s3_does) {
    const auto res = https.get(dataset_url("v5.2/train.parquet"), {{http::field::range, "bytes=0-9,20-29"}});
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body().size() == 65536u);
}

BOOST_AUTO_TEST_CASE(if_range_with_another_etag_gets_the_whole_file) {
    const auto url = dataset_url("v5.2/train.parquet");
    const std::string etag = https.get(url)[http::field::etag];
    auto res = https.get(url, {{http::field::range, "bytes=10-19"}, {http::field::if_range, etag}});
    BOOST_TEST(res.result_int() == 206u);
    res = https.get(url, {{http::field::range, "bytes=10-19"}, {http::field::if_range, "\"another-version\""}});
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body().size() == 65536u);
}

BOOST_AUTO_TEST_CASE(head_has_the_headers_and_no_body) {
    const auto url = dataset_url("v5.2/train.parquet");
    const auto before = box().log().requests().size();
    const auto res = https.send(http::verb::head, url);
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(std::string(res[http::field::content_length]) == "65536");
    BOOST_TEST(res.body().empty());
    const auto last = last_logged(before);
    BOOST_TEST(last.method == "HEAD");
    BOOST_TEST(last.body_bytes_sent == 0u);
}

BOOST_AUTO_TEST_CASE(tampered_url_is_403) {
    std::string url = dataset_url("v5.2/train.parquet");
    url.replace(url.find("train"), 5, "valid");
    auto res = https.get(url);
    BOOST_TEST(res.result_int() == 403u);
    BOOST_TEST(res.body().find("<Code>SignatureDoesNotMatch</Code>") != std::string::npos);
    res = https.get(url.substr(0, url.find('?')));
    BOOST_TEST(res.result_int() == 403u);
}

BOOST_AUTO_TEST_CASE(expired_url_is_403) {
    auto config = test::running_sandbox::small_config();
    config.url_ttl = std::chrono::seconds{0}; // every URL is born expired
    test::running_sandbox expiring{config};
    test::raw_https h{expiring};
    const auto answer =
        h.graphql(boost::json::object{{"query", R"(query { dataset(filename: "v5.2/live.parquet") })"}});
    const std::string url(boost::json::parse(answer.body()).at("data").at("dataset").as_string());
    const auto res = h.get(url);
    BOOST_TEST(res.result_int() == 403u);
    BOOST_TEST(res.body().find("Request has expired") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(connection_is_kept_alive_across_file_requests) {
    const auto before = box().log().handshakes();
    const auto url = dataset_url("v5.2/live.parquet");
    for (int i = 0; i < 5; ++i) BOOST_TEST(https.get(url).result_int() == 200u);
    BOOST_TEST(box().log().handshakes() - before <= 1u);
}

BOOST_AUTO_TEST_SUITE_END()
