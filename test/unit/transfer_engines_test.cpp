// The transfer engines' planning, against the scripted exchange (no sockets): what a
// resumed download asks for, how an expired presigned URL is replaced, and what an upload
// sends and reports. The same seam carries every request of the client.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/scripted_client.hpp"
#include "support/scripted_transport.hpp"

#include "numerapi/transfer/checksums.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

using namespace numerapi;
using numerapi::test::expect_error;
using numerapi::test::make_response;
using numerapi::test::reply;
using numerapi::test::scripted_client;
using numerapi::test::wire_request;
using numerapi::test::wire_response;
namespace http = boost::beast::http;

namespace {

std::string md5_hex(const std::string& bytes) {
    detail::md5_digest d;
    d.update(bytes);
    return d.hex();
}

const std::string file_bytes = [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += static_cast<char>('a' + i % 26);
    return s;
}();

} // namespace

BOOST_AUTO_TEST_SUITE(transfer_engines)

BOOST_AUTO_TEST_CASE(a_cut_download_resumes_with_range_and_if_range) {
    scripted_client c;
    const std::string etag = "\"" + md5_hex(file_bytes) + "\"";
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req[http::field::range].empty());
        auto r = make_response(200, file_bytes, "application/octet-stream");
        r.set(http::field::etag, etag);
        r.set("X-Scripted-Cut-After", "1234");
        return r;
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(std::string(req[http::field::range]) == "bytes=1234-");
        BOOST_TEST(std::string(req[http::field::if_range]) == etag);
        auto r = make_response(206, file_bytes.substr(1234), "application/octet-stream");
        r.set(http::field::etag, etag);
        r.set(http::field::content_range, "bytes 1234-4999/5000");
        return r;
    });
    const auto path = c.dir.path() / "f.bin";
    const auto result = c.run(c.api.download("https://files.example.test/f.bin?sig=1", path));
    BOOST_TEST(result.attempts == 2u);
    BOOST_TEST(result.size == 5000u);
    BOOST_TEST((test::read_file(path) == file_bytes));
    BOOST_REQUIRE_EQUAL(c.script->seen.size(), 2u);
    BOOST_TEST(c.script->seen[0].url.host == "files.example.test");
    BOOST_TEST(std::string(c.script->seen[0].request[http::field::accept_encoding]) == "identity");
}

BOOST_AUTO_TEST_CASE(a_416_from_another_version_of_the_file_is_no_proof_that_the_part_is_complete) {
    // The part holds all of version 1; the server now has version 2, of the same size, and
    // answers the resume with 416 and its new ETag (a server that evaluates Range before
    // If-Range). That used to be taken for "already complete", and version 1 was kept.
    scripted_client c;
    const auto path = c.dir.path() / "f.bin";
    std::string old_bytes = file_bytes;
    old_bytes[0] = 'Z';
    test::write_file(path.string() + ".part", old_bytes);
    test::write_file(path.string() + ".part.etag", "\"v1\"\n");
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(std::string(req[http::field::if_range]) == "\"v1\"");
        auto r = make_response(416, "", "text/plain");
        r.set(http::field::content_range, "bytes */5000");
        r.set(http::field::etag, "\"v2\"");
        return r;
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req[http::field::range].empty()); // started over
        auto r = make_response(200, file_bytes, "application/octet-stream");
        r.set(http::field::etag, "\"v2\"");
        return r;
    });
    const auto result = c.run(c.api.download("https://files.example.test/f.bin?sig=1", path));
    BOOST_TEST((test::read_file(path) == file_bytes)); // version 2, whole
    BOOST_TEST(result.etag == "\"v2\"");
    BOOST_TEST(c.script->seen.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_expired_presigned_url_is_replaced_through_the_api) {
    scripted_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"dataset":"https://files.example.test/a?sig=old"}})"));
    c.script->answers.push_back(reply(
        403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml"));
    c.script->answers.push_back(reply(200, R"({"data":{"dataset":"https://files.example.test/a?sig=new"}})"));
    c.script->answers.push_back(reply(200, file_bytes, "application/octet-stream"));
    const auto path = c.dir.path() / "a.parquet";
    const auto result = c.run(c.api.download_dataset("v5.2/a.parquet", path));
    BOOST_TEST((test::read_file(path) == file_bytes));
    BOOST_TEST(result.attempts == 2u);
    BOOST_REQUIRE_EQUAL(c.script->seen.size(), 4u);
    BOOST_TEST(c.script->seen[1].url.target == "/a?sig=old");
    BOOST_TEST(c.script->seen[3].url.target == "/a?sig=new");
}

BOOST_AUTO_TEST_CASE(a_403_that_is_not_an_expiry_is_a_permanent_refusal) {
    scripted_client c;
    c.script->answers.push_back(reply(200, R"({"data":{"dataset":"https://files.example.test/a?sig=x"}})"));
    c.script->answers.push_back(
        reply(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", "application/xml"));
    const auto e = expect_error([&] { c.run(c.api.download_dataset("v5.2/a.parquet", c.dir.path() / "a.parquet")); });
    BOOST_TEST((e.code() == errc::http_status));
    BOOST_TEST(e.diag().http_status == 403u);
    BOOST_TEST(e.server_message() == "Access Denied");
    BOOST_TEST(c.script->seen.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_upload_sends_the_files_bytes_and_reports_a_refusal_with_its_message) {
    scripted_client c;
    const auto path = c.dir.path() / "p.csv";
    test::write_file(path, file_bytes);
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req.method() == http::verb::put);
        BOOST_TEST((req.body() == file_bytes));
        BOOST_TEST(std::string(req[http::field::content_length]) == "5000");
        auto r = make_response(200, "", "text/plain");
        r.set(http::field::etag, "\"" + md5_hex(file_bytes) + "\"");
        return r;
    });
    const auto ok = c.run(c.api.upload("https://files.example.test/up?sig=1", path));
    BOOST_TEST(ok.md5_hex == md5_hex(file_bytes));
    BOOST_TEST(ok.attempts == 1u);

    c.script->answers.push_back(
        reply(400, "<Error><Message>Bad Request: malformed</Message></Error>", "application/xml"));
    const auto e = expect_error([&] { c.run(c.api.upload("https://files.example.test/up?sig=2", path)); });
    BOOST_TEST(e.diag().http_status == 400u);
    BOOST_TEST(e.server_message() == "Bad Request: malformed");
    BOOST_TEST(e.diag().attempts == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
