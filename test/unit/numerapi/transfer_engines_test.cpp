// The transfer engines' planning, against the scripted exchange (no sockets): what a
// resumed download asks for, how an expired presigned URL is replaced, and what an upload
// sends and reports. The same seam carries every request of the client.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/scripted_client.hpp"
#include "support/scripted_transport.hpp"
#include "support/virtual_clock.hpp"

#include "numerapi/retry/rate_gate.hpp"
#include "numerapi/transfer/checksums.hpp"
#include "numerapi/transfer/download.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <regex>

using namespace numerapi;
using numerapi::test::expect_error;
using numerapi::test::file_bytes;
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

/// The segmented engine alone, over a scripted network and a virtual clock: no sockets and
/// no waiting, so what happens between the ranges is the same on every run.
struct segmented_engine {
    boost::asio::io_context ioc;
    test::virtual_clock clock;
    detail::rate_gate gate{clock, rate_limit_policy{.learn_from_429 = false}};
    std::mt19937_64 random{7};
    std::shared_ptr<test::scripted_transport::script> script = std::make_shared<test::scripted_transport::script>();
    test::scripted_transport network{script};
    test::temp_dir dir;
    detail::transfer_context ctx{network, detail::retry_settings(), {clock, gate, random}};

    /// Answers every request with `answer`, however many come.
    void answer_all(const test::scripted_transport::answer& answer) {
        for (int i = 0; i < 200; ++i) script->answers.push_back(answer);
    }
    /// Four ranges of file_bytes (1250 bytes each).
    static download_options four_ranges() {
        download_options o;
        o.segments = 4;
        o.min_segment_size = 1000;
        o.progress_interval = std::chrono::milliseconds{0};
        return o;
    }
    std::size_t requests_for(std::string_view sig) const {
        std::size_t n = 0;
        for (const auto& r : script->seen) n += r.url.target.find(sig) != std::string::npos;
        return n;
    }
};

/// The bytes a request's `Range: bytes=A-B` asks for, as a 206 with `etag`.
wire_response range_answer(const wire_request& req, const std::string& etag) {
    std::smatch m;
    const std::string range{req[http::field::range]};
    BOOST_REQUIRE(std::regex_match(range, m, std::regex{R"(bytes=(\d+)-(\d+))"}));
    const auto first = std::stoul(m[1]), last = std::stoul(m[2]);
    auto r = make_response(206, file_bytes.substr(first, last - first + 1), "application/octet-stream");
    r.set(http::field::content_range,
          "bytes " + m[1].str() + "-" + m[2].str() + "/" + std::to_string(file_bytes.size()));
    r.set(http::field::etag, etag);
    return r;
}

const std::string expired_body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";

} // namespace

BOOST_AUTO_TEST_SUITE(transfer_engines)

BOOST_FIXTURE_TEST_CASE(a_refresh_that_fails_does_not_stop_the_next_expired_range_from_refreshing, segmented_engine) {
    // The probe goes through on the old URL; every range then finds it expired. The first
    // refresh fails (the API answered 503): the range that asked retries, and the next
    // expiry must refresh again. It used to leave a flag set, so every later 403 waited for
    // a refresh that never came, and the download ended in url_expired.
    const std::string etag = "\"" + md5_hex(file_bytes) + "\"";
    answer_all([&](const wire_request& req) {
        if (req.target().find("sig=new") != std::string::npos) return range_answer(req, etag);
        if (req[http::field::range] == "bytes=0-0") return range_answer(req, etag);
        return make_response(403, expired_body, "application/xml");
    });
    int refreshes = 0;
    detail::download_job job{"https://files.example.test/f.bin?sig=old", dir.path() / "f.bin", four_ranges(), {}};
    job.refresh_url = [&refreshes]() -> boost::asio::awaitable<detail::outcome<std::string>> {
        if (++refreshes == 1) {
            diagnostics refused; // named: no braced temporary in a co_return (GCC 12)
            refused.operation = "dataset_url";
            refused.http_status = 503;
            refused.client_message = "the API answered 503";
            co_return detail::failure(make_error_code(errc::http_status), std::move(refused));
        }
        co_return std::string("https://files.example.test/f.bin?sig=new");
    };
    const auto result = test::run(ioc, detail::segmented_download(ctx, std::move(job))).value();
    BOOST_TEST(result.segments == 4u);
    BOOST_TEST((test::read_file(dir.path() / "f.bin") == file_bytes));
    BOOST_TEST(refreshes == 2);
    BOOST_TEST(requests_for("sig=new") == 4u); // each range once, on the fresh URL
}

BOOST_FIXTURE_TEST_CASE(a_download_cancelled_in_its_second_round_stops_there, segmented_engine) {
    // The first round finds the file changed (a range answers with another ETag), so the
    // download starts over. Cancelled during the second round's probe, it must stop at once.
    // run_all used to leave "throw if cancelled" off for the rounds after the first, and the
    // second round fetched every range before the cancel was noticed.
    int probes = 0;
    answer_all([&](const wire_request& req) {
        if (req[http::field::range] == "bytes=0-0") ++probes;
        const bool changed = probes == 1 && req[http::field::range] == "bytes=3750-4999";
        return range_answer(req, changed ? "\"v2\"" : "\"v1\"");
    });
    boost::asio::cancellation_signal cancel;
    auto options = four_ranges();
    options.on_progress = [&](const transfer_progress&) {
        if (probes == 2) cancel.emit(boost::asio::cancellation_type::terminal);
    };
    detail::download_job job{"https://files.example.test/f.bin?sig=1", dir.path() / "f.bin", options, {}};
    // The cancellation ends it as a failure, or thrown at its next co_await, as Asio throws
    // it: the public call's edge takes either.
    boost::system::error_code ended;
    bool done = false;
    boost::asio::co_spawn(ioc, detail::segmented_download(ctx, std::move(job)),
                          boost::asio::bind_cancellation_slot(
                              cancel.slot(), [&](std::exception_ptr e, detail::outcome<download_result> result) {
                                  if (e) {
                                      try {
                                          std::rethrow_exception(e);
                                      } catch (const boost::system::system_error& thrown) {
                                          ended = thrown.code();
                                      }
                                  } else if (!result) {
                                      ended = result.error().code;
                                  }
                                  done = true;
                              }));
    ioc.run();
    BOOST_REQUIRE(done);
    BOOST_TEST((ended == boost::asio::error::operation_aborted), ended.message());
    BOOST_TEST(probes == 2);
    BOOST_TEST(script->seen.size() == 6u); // round 1: the probe and 4 ranges; round 2: the probe alone
    BOOST_TEST(!std::filesystem::exists(dir.path() / "f.bin"));
}

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
