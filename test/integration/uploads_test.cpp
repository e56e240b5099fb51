// Predictions uploads end to end against the sandbox: the three-step flow for each
// tournament, a PUT that fails, an expired upload URL, a refused PUT, a bad file, an
// ambiguous create_submission, multipart forms with hostile file names, and the
// submission download, list and diagnostics calls.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/predictions_files.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>

#include <ostream>

#include <cstdlib>
#include <thread>

using namespace numerapi;
using numerapi::test::expect_error;
namespace fs = std::filesystem;
namespace faults = numerapi::sandbox::faults;

namespace {

faults::fault_rule rule(const char* json) { return faults::fault_plan::parse(json).front(); }

struct upload_fixture {
    explicit upload_fixture(sandbox::sandbox_config config = test::running_sandbox::small_config())
        : box(std::move(config)), api(ioc.get_executor(), fast_options()) {}

    client_options fast_options() const {
        auto o = box.options();
        o.backoff = {.initial = std::chrono::milliseconds{1}, .maximum = std::chrono::milliseconds{5}};
        return o;
    }

    /// The uploaded submissions the sandbox recorded (GET /_sandbox/submissions).
    boost::json::array submissions() {
        test::raw_https raw{box};
        return boost::json::parse(raw.get("/_sandbox/submissions").body()).as_array();
    }

    /// "POST submission_upload_auth", "PUT /uploads/...", ... for each logged request.
    std::vector<std::string> requests() {
        std::vector<std::string> out;
        for (const auto& r : box.log().requests()) {
            if (r.path.starts_with("/_sandbox/")) continue;
            std::string s =
                r.method + " " + (r.graphql_fields.empty() ? r.path.substr(0, 8) : r.graphql_fields.front());
            out.push_back(s + " " + std::to_string(r.status));
        }
        return out;
    }
    std::size_t count(const std::string& field) {
        std::size_t n = 0;
        for (const auto& r : box.log().requests())
            for (const auto& f : r.graphql_fields) n += f == field;
        return n;
    }

    test::running_sandbox box;
    test::temp_dir dir;
    boost::asio::io_context ioc;
    client api;
};

/// Writes raw request bytes on a library connection and reads one response.
boost::asio::awaitable<boost::beast::http::response<boost::beast::http::string_body>> exchange(detail::connection& conn,
                                                                                               std::string request) {
    co_await boost::asio::async_write(conn.stream, boost::asio::buffer(request), boost::asio::use_awaitable);
    boost::beast::http::response<boost::beast::http::string_body> res;
    co_await boost::beast::http::async_read(conn.stream, conn.buffer, res, boost::asio::use_awaitable);
    co_return res;
}

} // namespace

BOOST_AUTO_TEST_SUITE(predictions_uploads)

BOOST_FIXTURE_TEST_CASE(predictions_in_memory_are_checked_and_uploaded_without_a_file, upload_fixture) {
    predictions_data predictions{"from_memory.csv", test::predictions_csv(8, 150)};
    const std::string bytes = predictions.bytes;
    const std::string id = test::run(ioc, api.upload_predictions(std::move(predictions), "sandbox_model"));
    const auto recorded = submissions();
    BOOST_REQUIRE_EQUAL(recorded.size(), 1u);
    const auto& s = recorded[0].as_object();
    BOOST_TEST(s.at("id").as_string() == id);
    BOOST_TEST(s.at("md5").as_string() == test::md5(bytes));
    BOOST_TEST(s.at("size").as_int64() == static_cast<std::int64_t>(bytes.size()));
    BOOST_TEST(std::string(s.at("filename").as_string()).ends_with("from_memory.csv"));
    BOOST_TEST(std::filesystem::is_empty(dir.path())); // no temporary file
    // Written by the caller through a stream: the same bytes, uploaded as they were written.
    const std::string written_id = test::run(
        ioc,
        api.upload_predictions(predictions_data::written("written.csv", [&](std::ostream& out) { out << bytes; }),
                               "sandbox_model"));
    const auto after_written = submissions();
    BOOST_REQUIRE_EQUAL(after_written.size(), 2u);
    BOOST_TEST(after_written[1].as_object().at("id").as_string() == written_id);
    BOOST_TEST(after_written[1].as_object().at("md5").as_string() == test::md5(bytes));
    const auto refused = test::expect_error(
        [] { predictions_data::written("broken.csv", [](std::ostream& out) { out.setstate(std::ios::badbit); }); });
    BOOST_TEST((refused.code() == errc::invalid_predictions));
    BOOST_TEST(std::string(refused.what()).find("broken.csv") != std::string::npos);
    // Diagnostics take bytes too.
    const std::string diagnostics_id =
        test::run(ioc, api.upload_diagnostics(predictions_data{"diag.csv", bytes}, "sandbox_model"));
    BOOST_TEST(!diagnostics_id.empty());

    // The same local check: a bad value is refused before anything is sent.
    const auto before = requests().size();
    const auto e = test::expect_error([&] {
        test::run(
            ioc,
            api.upload_predictions(predictions_data{"bad.csv", "id,prediction\nn1,0.5\nn2,1.5\n"}, "sandbox_model"));
    });
    BOOST_TEST((e.code() == errc::invalid_predictions));
    BOOST_TEST(std::string(e.what()).find("bad.csv (in memory)") != std::string::npos);
    BOOST_TEST(requests().size() == before);
}

BOOST_FIXTURE_TEST_CASE(the_latest_submission_of_a_model_comes_back_byte_for_byte, upload_fixture) {
    const auto first = test::write_predictions(dir.path(), 8, 150, "first.csv");
    const auto second = test::write_predictions(dir.path(), 8, 160, "second.csv");
    test::run(ioc, api.upload_predictions(first, "sandbox_model_2"));
    std::this_thread::sleep_for(std::chrono::milliseconds{1100}); // insertedAt has whole seconds
    test::run(ioc, api.upload_predictions(second, "sandbox_model_2"));
    const auto r = test::run(ioc, api.download_latest_submission("sandbox_model_2", dir.path() / "latest.csv"));
    BOOST_TEST(test::read_file(r.path) == test::read_file(second));
    const auto none = test::expect_error([&] {
        test::run(ioc, api.download_latest_submission("00000000-0000-0000-0000-000000000000", dir.path() / "x.csv"));
    });
    BOOST_TEST(!std::filesystem::exists(dir.path() / "x.csv"));
    BOOST_TEST((none.code() == errc::invalid_argument || none.code() == errc::graphql_error));
}

BOOST_AUTO_TEST_CASE(each_tournament_stores_the_bytes_and_returns_the_id) {
    upload_fixture f;
    for (int t : {8, 11, 12}) {
        const auto file = test::write_predictions(f.dir.path(), t, 150, "predictions_" + std::to_string(t) + ".csv");
        submit_options o;
        o.trigger_id = "trigger-" + std::to_string(t);
        o.data_datestamp = 20261127;
        const auto model_id = test::run(f.ioc, f.api.get_models(tournament(t))).front().id;
        f.box.log().clear();
        const std::string id = test::run(f.ioc, f.api.upload_predictions(file, model_id, o, tournament(t)));

        // Three requests: upload auth, the PUT, the create mutation.
        const auto seen = f.requests();
        BOOST_REQUIRE_EQUAL(seen.size(), 3u);
        BOOST_TEST(seen[0] ==
                   (t == 11 ? "POST submission_upload_signals_auth 200" : "POST submission_upload_auth 200"));
        BOOST_TEST(seen[1] == "PUT /uploads 200");
        BOOST_TEST(seen[2] == (t == 11 ? "POST create_signals_submission 200" : "POST create_submission 200"));

        const auto subs = f.submissions();
        BOOST_REQUIRE(!subs.empty());
        const auto& s = subs.back().as_object();
        BOOST_TEST(s.at("id").as_string() == id);
        BOOST_TEST(s.at("tournament").as_int64() == t);
        BOOST_TEST(s.at("model_id").as_string() == model_id);
        BOOST_TEST(s.at("round").as_int64() == 1150);
        BOOST_TEST(s.at("trigger_id").as_string() == "trigger-" + std::to_string(t));
        BOOST_TEST(s.at("source").as_string() == "numerapi");
        BOOST_TEST(s.at("data_datestamp").as_int64() == 20261127);
        const std::string sent = test::read_file(file);
        BOOST_TEST(s.at("md5").as_string() == test::md5(sent)); // stored byte for byte
        BOOST_TEST(s.at("size").as_int64() == static_cast<std::int64_t>(sent.size()));
    }
    BOOST_TEST(f.submissions().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_model_name_is_resolved_and_trigger_id_comes_from_the_environment) {
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    ::setenv("TRIGGER_ID", "from-env", 1);
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model_2"));
    ::unsetenv("TRIGGER_ID");
    const auto s = f.submissions().back().as_object();
    BOOST_TEST(s.at("id").as_string() == id);
    BOOST_TEST(s.at("trigger_id").as_string() == "from-env");
    BOOST_TEST(s.at("data_datestamp").is_null());
}

BOOST_AUTO_TEST_CASE(a_put_that_fails_once_is_sent_again_alone) {
    upload_fixture f;
    f.box.faults().add(rule(R"({"kind": "status", "status": 500, "target": "uploads", "count": 1})"));
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model"));
    const auto seen = f.requests();
    BOOST_TEST(std::count(seen.begin(), seen.end(), "PUT /uploads 500") == 1);
    BOOST_TEST(std::count(seen.begin(), seen.end(), "PUT /uploads 200") == 1);
    BOOST_TEST(f.count("submission_upload_auth") == 1u); // the same URL, still valid
    BOOST_TEST(f.count("create_submission") == 1u);
    BOOST_TEST(f.submissions().size() == 1u);
    BOOST_TEST(f.submissions().back().as_object().at("id").as_string() == id);
}

BOOST_AUTO_TEST_CASE(an_expired_upload_url_is_replaced_and_the_new_key_is_created) {
    upload_fixture f;
    f.box.faults().add(rule(R"({"kind": "expire_url", "target": "uploads", "count": 1})"));
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model"));
    const auto seen = f.requests();
    BOOST_TEST(std::count(seen.begin(), seen.end(), "PUT /uploads 403") == 1);
    BOOST_TEST(std::count(seen.begin(), seen.end(), "PUT /uploads 200") == 1);
    BOOST_TEST(f.count("submission_upload_auth") == 2u); // a fresh authorization
    BOOST_TEST(f.count("create_submission") == 1u);
    const auto subs = f.submissions();
    BOOST_REQUIRE_EQUAL(subs.size(), 1u);
    BOOST_TEST(subs.back().as_object().at("id").as_string() == id);
}

BOOST_AUTO_TEST_CASE(a_refused_put_is_reported_before_create_submission) {
    upload_fixture f;
    f.box.faults().add(rule(R"({"kind": "status", "status": 403, "target": "uploads", "content_type": "application/xml",
        "body": "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"})"));
    const auto file = test::write_predictions(f.dir.path(), 8);
    const auto e = expect_error([&] { test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model")); });
    BOOST_TEST(e.code() == errc::http_status);
    BOOST_TEST(e.diag().http_status == 403u);
    BOOST_TEST(e.server_message() == "Access Denied");
    BOOST_TEST(f.count("create_submission") == 0u);
    BOOST_TEST(f.submissions().empty());
}

BOOST_AUTO_TEST_CASE(a_bad_file_never_reaches_the_network) {
    upload_fixture f;
    struct bad_case {
        std::string content;
        std::string expected;
    };
    const std::vector<bad_case> cases{
        {"", "invalid_submission_headers: the file is empty"},
        {"id,score\nn1,0.5\n", "invalid_submission_headers:"},
        {"id,prediction\nn1,0.5\nn2,1.5\n", "invalid_submission_values: line 3: 1.5 is outside [0, 1]"},
        {"id,prediction\nn1,0.5\nn2,nan\n", "invalid_submission_values: line 3: NaN"},
        {"id,prediction\nn1,0.5\nn2,\n", "invalid_submission_values: line 3: an empty prediction"},
        {"id,prediction\nn1,0.5\nn1,0.2\n", "invalid_submission_ids: line 3: id \"n1\" appears more than once"},
        {"id,prediction\n", "invalid_submission_ids: the file has no predictions"},
        {"id,prediction\nn1,0.5\nn2,0.5\n", "invalid_submission_values: every prediction is the same"},
    };
    const auto file = f.dir.path() / "bad.csv";
    for (const auto& c : cases) {
        test::write_file(file, c.content);
        const auto e = expect_error([&] { test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model")); });
        BOOST_TEST(e.code() == errc::invalid_predictions);
        BOOST_TEST(std::string(e.what()).find(c.expected) != std::string::npos, e.what() << " lacks " << c.expected);
        BOOST_TEST(e.diag().attempts == 0u);
    }
    BOOST_TEST(f.box.log().requests().empty()); // not even the model lookup
}

BOOST_AUTO_TEST_CASE(an_ambiguous_create_submission_is_checked_not_repeated) {
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    const auto models =
        test::run(f.ioc, f.api.get_models(tournament::classic)); // pass an id: no model lookup in the flow
    // The first GraphQL request (upload auth) passes; the second (create_submission) runs on
    // the server, but its answer is cut off halfway.
    f.box.faults().replace(faults::fault_plan::parse(R"([
        {"kind": "delay", "milliseconds": 0, "target": "graphql", "count": 1},
        {"kind": "truncate", "target": "graphql", "count": 1}])"));
    f.box.log().clear();
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, models.front().id));
    BOOST_TEST(f.count("create_submission") == 1u); // never sent twice
    BOOST_TEST(f.count("submissions") == 1u);       // the server was asked instead
    const auto subs = f.submissions();
    BOOST_REQUIRE_EQUAL(subs.size(), 1u);
    BOOST_TEST(subs.front().as_object().at("id").as_string() == id);
}

BOOST_AUTO_TEST_CASE(with_no_create_checks_an_ambiguous_create_fails_unasked) {
    // retry_policy::max_create_checks 0: the same lost answer as above ends the call, which
    // says the create may have run, and the server is not asked.
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    const auto models = test::run(f.ioc, f.api.get_models(tournament::classic));
    f.box.faults().replace(faults::fault_plan::parse(R"([
        {"kind": "delay", "milliseconds": 0, "target": "graphql", "count": 1},
        {"kind": "truncate", "target": "graphql", "count": 1}])"));
    f.box.log().clear();
    call_policies no_checks;
    no_checks.retry.max_create_checks = 0;
    const auto e =
        expect_error([&] { test::run(f.ioc, f.api.with(no_checks).upload_predictions(file, models.front().id)); });
    BOOST_TEST(e.diag().request_sent);
    BOOST_TEST(f.count("create_submission") == 1u);
    BOOST_TEST(f.count("submissions") == 0u); // not asked
    BOOST_TEST(f.submissions().size() == 1u); // it did run on the server
}

BOOST_AUTO_TEST_CASE(a_submitted_file_downloads_back_and_is_listed) {
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model"));
    const auto back = test::run(f.ioc, f.api.download_submission(id, f.dir.path() / "back.csv"));
    BOOST_TEST(test::sha256(test::read_file(back.path)) == test::sha256(test::read_file(file)));

    const auto files =
        test::run(f.ioc, f.api.submission_filenames("sandbox_model", tournament::classic, round_number(1150)));
    BOOST_REQUIRE_EQUAL(files.size(), 1u); // the new one is the round's selected submission
    BOOST_TEST(files.front().filename == f.submissions().back().as_object().at("filename").as_string());
    BOOST_TEST(files.front().round_number.value() == 1150);
}

BOOST_AUTO_TEST_CASE(a_submitted_file_already_on_disk_is_known_by_its_md5) {
    // No record beside it (another tool put it there): the answer's ETag is the MD5 of the
    // stored object, the sizes match and so do the bytes, so the body is not read and the
    // file is kept. The next run asks with the record it left.
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model"));
    const auto copy = f.dir.path() / "back.csv";
    std::filesystem::copy_file(file, copy);
    const auto written = std::filesystem::last_write_time(copy);
    f.box.log().clear();
    const auto back = test::run(f.ioc, f.api.download_submission(id, copy));
    BOOST_TEST(back.unchanged);
    BOOST_TEST(back.etag == "\"" + test::md5(test::read_file(file)) + "\"");
    BOOST_TEST((std::filesystem::last_write_time(copy) == written));
    BOOST_TEST(std::filesystem::exists(f.dir.path() / ".back.csv.etag"));
    const auto again = test::run(f.ioc, f.api.download_submission(id, copy));
    BOOST_TEST(again.unchanged);
    std::vector<sandbox::http::logged_request> gets;
    for (const auto& r : f.box.log().wait_for(4)) // each: the URL's query, then the file
        if (r.path.starts_with("/submissions/")) gets.push_back(r);
    BOOST_REQUIRE_EQUAL(gets.size(), 2u);
    BOOST_TEST(gets[0].if_none_match.empty());
    BOOST_TEST(gets[0].status == 200u);
    BOOST_TEST(gets[1].if_none_match == back.etag);
    BOOST_TEST(gets[1].status == 304u);
    BOOST_TEST(gets[1].body_bytes_sent == 0u);
}

BOOST_AUTO_TEST_CASE(a_segmented_download_compares_an_unrecorded_file_in_its_probe) {
    // As the CLI downloads by default (--segments 16): the probe's 206 carries the MD5 ETag.
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model"));
    download_options split;
    split.segments = 4;
    split.min_segment_size = 16;
    const auto same = f.dir.path() / "same.csv", other = f.dir.path() / "other.csv";
    std::filesystem::copy_file(file, same);
    std::string bytes = test::read_file(file);
    bytes[bytes.size() / 2] ^= 1; // the same size, other bytes
    std::ofstream(other, std::ios::binary) << bytes;
    f.box.log().clear();
    const auto kept = test::run(f.ioc, f.api.download_submission(id, same, split));
    const auto fetched = test::run(f.ioc, f.api.download_submission(id, other, split));
    BOOST_TEST(kept.unchanged);
    BOOST_TEST(!fetched.unchanged);
    BOOST_TEST(fetched.segments == 4u);
    BOOST_TEST(test::read_file(other) == test::read_file(file));
    BOOST_TEST(test::read_file(same) == test::read_file(file));
    std::size_t probes = 0;
    for (const auto& r : f.box.log().wait_for(8))
        if (r.path.starts_with("/submissions/") && r.range == "bytes=0-0") ++probes;
    BOOST_TEST(probes == 2u); // one each: the kept file needed nothing more
}

BOOST_AUTO_TEST_CASE(diagnostics_upload_and_fetch) {
    upload_fixture f;
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::string id = test::run(f.ioc, f.api.upload_diagnostics(file, "sandbox_model"));
    const auto one = test::run(f.ioc, f.api.model_diagnostics("sandbox_model", id));
    BOOST_REQUIRE_EQUAL(one.size(), 1u);
    BOOST_TEST(one.front().status == "succeeded");
    BOOST_TEST(one.front().values.at("perEraDiagnostics").as_array().size() == 3u);
    BOOST_TEST(one.front().values.contains("validationCorrMean"));
    BOOST_TEST(one.front().updated_at.has_value());
    const auto all = test::run(f.ioc, f.api.model_diagnostics("sandbox_model"));
    BOOST_TEST(all.size() == 1u);
    BOOST_TEST(f.count("create_diagnostics") == 1u);
    BOOST_TEST(f.submissions().empty()); // diagnostics are not submissions
}

BOOST_AUTO_TEST_CASE(the_server_refuses_what_the_local_check_would_and_a_missing_upload) {
    // Straight to the API, past the client's own check: the sandbox validates by its own
    // implementation of numerai-tools' rules, with numerai-tools' message.
    upload_fixture f;
    test::raw_https raw{f.box};
    const auto auth = boost::json::parse(
        raw.graphql(
               boost::json::object{
                   {"query", "query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { filename url } }"}},
               test::token(f.box))
            .body());
    const auto& a = auth.at("data").at("submission_upload_auth").as_object();
    const std::string key(a.at("filename").as_string());
    auto create = [&] {
        return boost::json::parse(
            raw.graphql(
                   boost::json::object{
                       {"query", "mutation($f: String!) { create_submission(filename: $f, tournament: 8) { id } }"},
                       {"variables", boost::json::object{{"f", key}}}},
                   test::token(f.box))
                .body());
    };
    BOOST_TEST(create().at("errors").at(0).at("message").as_string() ==
               "submission file not found, was it uploaded correctly?");
    const auto put =
        raw.send(boost::beast::http::verb::put, std::string(a.at("url").as_string()), "id,prediction\nn1,0.5\nn2,7\n");
    BOOST_TEST(put.result_int() == 200u);
    BOOST_TEST(put[boost::beast::http::field::etag] == "\"" + test::md5("id,prediction\nn1,0.5\nn2,7\n") + "\"");
    const std::string message(create().at("errors").at(0).at("message").as_string());
    BOOST_TEST(message == "invalid_submission_values: values must be between 0 and 1 exclusive (line 3: \"7\")");
}

BOOST_AUTO_TEST_CASE(the_etag_is_checked_against_the_file_and_a_file_changed_while_sent_fails) {
    upload_fixture f;
    test::raw_https raw{f.box};
    auto fresh_url = [&] {
        const auto auth = boost::json::parse(
            raw.graphql(
                   boost::json::object{
                       {"query", "query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { url } }"}},
                   test::token(f.box))
                .body());
        return std::string(auth.at("data").at("submission_upload_auth").at("url").as_string());
    };
    const auto file = f.dir.path() / "payload.bin";
    std::string bytes(4u << 20, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + i / 4096);
    test::write_file(file, bytes);

    // Unchanged: the sandbox's ETag (its MD5 of what it stored) matches the file's MD5.
    const auto ok = test::run(f.ioc, f.api.upload(fresh_url(), file, {}));
    BOOST_TEST(ok.etag == "\"" + test::md5(bytes) + "\"");
    BOOST_TEST(ok.md5_hex == test::md5(bytes));

    // Rewritten in place (same size) while the PUT is under way: reported, not passed off.
    upload_options options;
    options.buffer_size = 64u << 10;
    options.progress_interval = std::chrono::milliseconds{0};
    bool rewritten = false;
    options.on_progress = [&](const transfer_progress& p) {
        if (rewritten || p.bytes_done == 0 || p.bytes_done >= bytes.size()) return;
        std::string changed = bytes;
        changed[0] = static_cast<char>(changed[0] + 1);
        test::write_file(file, changed);
        rewritten = true;
    };
    const auto e = test::expect_error([&] { test::run(f.ioc, f.api.upload(fresh_url(), file, options)); });
    BOOST_TEST(rewritten);
    BOOST_TEST(e.code() == errc::io_error);
    BOOST_TEST(std::string(e.what()).find("changed while it was sent") != std::string::npos, e.what());
}

BOOST_AUTO_TEST_CASE(chunked_and_lengthless_uploads_are_refused_like_s3) {
    upload_fixture f;
    test::raw_https raw{f.box};
    const auto auth = boost::json::parse(
        raw.graphql(
               boost::json::object{
                   {"query", "query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { url } }"}},
               test::token(f.box))
            .body());
    const std::string url(auth.at("data").at("submission_upload_auth").at("url").as_string());
    // A chunked PUT through a raw TLS stream (the library never sends one).
    auto parsed = detail::parse_https_url(url).value();
    boost::asio::io_context ioc;
    auto tls = detail::make_tls_context(f.box.ready().ca_file.string());
    auto conn = test::run(ioc, detail::open_connection(tls, parsed, {}, nullptr)).value();
    const std::string request = "PUT " + parsed.target + " HTTP/1.1\r\nHost: " + parsed.host_header() +
        "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    const auto res = test::run(ioc, exchange(*conn, request));
    BOOST_TEST(res.result_int() == 501u);
    BOOST_TEST(res.body().find("NotImplemented") != std::string::npos);
    BOOST_TEST(!res.keep_alive());
    BOOST_TEST(f.submissions().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(multipart_uploads)

BOOST_AUTO_TEST_CASE(predictions_go_through_a_post_form_when_the_sandbox_asks_for_one) {
    auto config = test::running_sandbox::small_config();
    config.upload_form = true;
    upload_fixture f{config};
    const auto file = test::write_predictions(f.dir.path(), 8);
    submit_options o;
    o.use_form = true;
    const std::string id = test::run(f.ioc, f.api.upload_predictions(file, "sandbox_model", o));
    const auto seen = f.requests();
    BOOST_TEST(std::count(seen.begin(), seen.end(), "POST /uploads 204") == 1);
    const auto s = f.submissions().back().as_object();
    BOOST_TEST(s.at("id").as_string() == id);
    BOOST_TEST(s.at("md5").as_string() == test::md5(test::read_file(file))); // the file part, exactly
}

BOOST_AUTO_TEST_CASE(hostile_file_names_cannot_inject_headers_or_parts) {
    auto config = test::running_sandbox::small_config();
    config.upload_form = true;
    upload_fixture f{config};
    const auto file = test::write_predictions(f.dir.path(), 8);
    const std::vector<std::pair<std::string, std::string>> names{
        {"quote\"d.csv", "quote%22d.csv"},
        {"naïve-日本.csv", "naïve-日本.csv"},
        {"evil.csv\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nstolen",
         "evil.csv%0D%0AContent-Disposition: form-data; name=%22key%22%0D%0A%0D%0Astolen"},
    };
    test::raw_https raw{f.box};
    for (const auto& [name, on_the_wire] : names) {
        const auto auth = boost::json::parse(
            raw.graphql(
                   boost::json::object{
                       {"query",
                        "query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { filename url } }"}},
                   test::token(f.box))
                .body());
        const auto& a = auth.at("data").at("submission_upload_auth").as_object();
        f.box.log().clear();
        const auto r = test::run(f.ioc,
                                 f.api.upload_form(std::string(a.at("url").as_string()),
                                                   {{"key", std::string(a.at("filename").as_string())}},
                                                   form_file{"file", file, name}));
        BOOST_TEST(r.http_status == 204u);
        BOOST_TEST(r.md5_hex == test::md5(test::read_file(file)));
        const auto logged = f.box.log().requests();
        BOOST_REQUIRE_EQUAL(logged.size(), 1u);
        BOOST_TEST(logged.front().form_file_name == on_the_wire);
    }
}

BOOST_AUTO_TEST_CASE(the_sandbox_form_parser_is_strict) {
    auto config = test::running_sandbox::small_config();
    config.upload_form = true;
    upload_fixture f{config};
    test::raw_https raw{f.box};
    auto fresh = [&] {
        const auto auth = boost::json::parse(
            raw.graphql(
                   boost::json::object{
                       {"query",
                        "query { submission_upload_auth(filename: \"p.csv\", tournament: 8) { filename url } }"}},
                   test::token(f.box))
                .body());
        const auto& a = auth.at("data").at("submission_upload_auth").as_object();
        return std::pair{std::string(a.at("filename").as_string()), std::string(a.at("url").as_string())};
    };
    auto post = [&](const std::string& url, const std::string& content_type, const std::string& body) {
        return raw.send(boost::beast::http::verb::post, url, body,
                        {{boost::beast::http::field::content_type, content_type}});
    };
    const std::string b = "BOUNDARY123";
    const std::string type = "multipart/form-data; boundary=" + b;
    auto part = [&](const std::string& name, const std::string& value, const char* filename = nullptr) {
        std::string p = "--" + b + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
        if (filename) p += std::string("; filename=\"") + filename + "\"";
        return p + "\r\n\r\n" + value + "\r\n";
    };
    {
        auto [key, url] = fresh();
        const auto ok =
            post(url, type, part("key", key) + part("file", "id,prediction\n", "p.csv") + "--" + b + "--\r\n");
        BOOST_TEST(ok.result_int() == 204u);
    }
    struct bad {
        std::string content_type, body, message;
    };
    auto [key, url] = fresh();
    const std::vector<bad> cases{
        {"multipart/form-data; boundary=OTHER", part("key", key) + part("file", "x", "p.csv") + "--" + b + "--\r\n",
         "does not start with the boundary"},
        {type, part("file", "x", "p.csv") + "--" + b + "--\r\n", "no key field"},
        {type, part("key", key) + "--" + b + "--\r\n", "no file part"},
        {type, part("key", key) + part("file", "x", "p.csv"), "closing boundary is missing"},
        {type, part("key", std::string(70000, 'k')) + part("file", "x", "p.csv") + "--" + b + "--\r\n",
         "larger than 65536 bytes"},
        {type, part("file", "x", "p.csv") + part("key", key) + "--" + b + "--\r\n", "the file must be the last part"},
        {"text/plain", "hello", "not well-formed multipart/form-data"},
    };
    for (const auto& c : cases) {
        const auto res = post(url, c.content_type, c.body);
        BOOST_TEST(res.result_int() == 400u, c.message);
        BOOST_TEST(res.body().find(c.message) != std::string::npos, res.body() << " lacks " << c.message);
    }
    BOOST_TEST(f.submissions().empty());
}

BOOST_AUTO_TEST_SUITE_END()
