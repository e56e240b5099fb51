// A server, a proxy or an --api-url that lies: names that would leave the destination,
// planted links at the files the client writes, bodies that expand without bound, ranges
// without a validator, encoded ranges; and the caller's own header values that would
// split a request. Against the scripted exchange (no sockets): what was refused, what
// was asked, and what is on disk.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/scripted_client.hpp"
#include "support/scripted_transport.hpp"

#include "numerapi/files/server_names.hpp"
#include "numerapi/http/tls_context.hpp"
#include "numerapi/http/url.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <zlib.h>

using namespace numerapi;
using numerapi::test::expect_error;
using numerapi::test::file_bytes;
using numerapi::test::make_response;
using numerapi::test::reply;
using numerapi::test::scripted_client;
using numerapi::test::wire_request;
namespace fs = std::filesystem;
namespace http = boost::beast::http;

namespace {

/// Every file under the test's directory, as paths relative to it.
std::vector<std::string> files_under(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (!e.is_directory()) out.push_back(fs::relative(e.path(), dir).string());
    return out;
}

std::string gzip(const std::string& plain) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, plain.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

test::wire_response file_answer(unsigned status, std::string body,
                                std::initializer_list<std::pair<http::field, std::string>> headers) {
    auto r = make_response(status, std::move(body), "application/octet-stream");
    for (const auto& [f, v] : headers) r.set(f, v);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_server)

BOOST_AUTO_TEST_CASE(server_names_are_plain_relative_paths) {
    for (const std::string ok : {"v5.2/train.parquet", "numerai_training_data.csv", "dir/", "a/b/c.csv", "v5.2/é.csv"})
        BOOST_TEST(!detail::unsafe_name_reason(ok), ok);
    for (const std::string& bad : std::vector<std::string>{
             "", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/./b", "a\\b", "C:x", std::string("a\0b", 3),
             "v5/\x1b[2Jx", "x\x7f", "..", "a/..", ".bashrc", ".ssh/authorized_keys", "v5.2/.hidden", ".config/"})
        BOOST_TEST(detail::unsafe_name_reason(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(a_refused_url_is_quoted_without_its_credentials) {
    // A presigned URL's query is a credential, and '@' is legal in it: cutting user
    // information at the last '@' once showed the signature that followed one.
    for (const std::string url :
         {"http://bucket.example/k?a=b@c&X-Amz-Signature=SeCrEt", "https://user:SeCrEt@files.example.test/f",
          "https://files.example.test:99999/a@SeCrEt", "http://user:12345/SeCrEt@proxy:9"}) {
        const auto e = expect_error([&] { detail::parse_https_url(url).value(); });
        BOOST_TEST(e.code() == errc::invalid_argument);
        BOOST_TEST(std::string(e.what()).find("SeCrEt") == std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(names_side_by_side_must_not_be_each_others_temporary_files) {
    BOOST_TEST(!detail::clashing_names_reason({"a.parquet", "b.parquet", "a.parquet.partial"}));
    BOOST_TEST(detail::clashing_names_reason({"x", "x.part"}).has_value());
    BOOST_TEST(detail::clashing_names_reason({"v5.2/x.part.etag", "v5.2/x"}).has_value());
    BOOST_TEST(detail::clashing_names_reason({"a.csv", "b.csv", "a.csv"}).has_value());
    BOOST_TEST(detail::clashing_names_reason({"x", "x/y"}).has_value());
    BOOST_TEST(!detail::clashing_names_reason({"x/", "x/y", "xy"}));
}

BOOST_AUTO_TEST_CASE(dataset_names_that_would_leave_the_destination_are_refused_before_any_download) {
    for (const std::string hostile : {"../../escaped.parquet", "/tmp/numerapi-hostile-abs.parquet", "v5.2\\\\x.parquet",
                                      "v5.2/\x1b]0;pwned\x07.parquet", "v5.2//x.parquet"}) {
        scripted_client c;
        c.script->answers.push_back(
            reply(200,
                  boost::json::serialize(boost::json::object{
                      {"data",
                       {{"listDatasets", boost::json::array{"v5.2/train.parquet", boost::json::string(hostile)}}}}})));
        c.script->answers.push_back(reply(200, R"({"data":{"dataset":"https://files.example.test/f?sig=1"}})"));
        c.script->answers.push_back(reply(200, file_bytes, "application/octet-stream"));
        const auto dest = c.dir.path() / "a" / "b" / "dest";
        const auto e = expect_error([&] { c.run(c.api.download_current_dataset(dest)); });
        BOOST_TEST(e.code() == errc::invalid_response, hostile);
        BOOST_TEST(std::string(e.what()).find('\x1b') == std::string::npos);
        BOOST_TEST(files_under(c.dir.path()).empty(), "nothing is written for " << hostile);
        BOOST_TEST(!fs::exists("/tmp/numerapi-hostile-abs.parquet"));
        for (const auto& seen : c.script->seen) BOOST_TEST(seen.url.host != "files.example.test");
    }
}

BOOST_AUTO_TEST_CASE(a_dataset_name_through_a_symlink_in_the_destination_is_refused) {
    scripted_client c;
    const auto dest = c.dir.path() / "dest";
    fs::create_directories(dest);
    fs::create_directories(c.dir.path() / "elsewhere");
    fs::create_directory_symlink(c.dir.path() / "elsewhere", dest / "v5.2");
    c.script->answers.push_back(reply(200, R"({"data":{"listDatasets":["v5.2/train.parquet"]}})"));
    dataset_download_options options;
    options.round = round_number(600);
    const auto e = expect_error([&] { c.run(c.api.download_current_dataset(dest, options)); });
    BOOST_TEST(e.code() == errc::invalid_response);
    BOOST_TEST(e.diag().client_message.find("outside the destination") != std::string::npos);
    BOOST_TEST(fs::is_empty(c.dir.path() / "elsewhere"));
    BOOST_TEST(c.script->seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_submission_file_name_that_is_not_a_plain_name_is_refused) {
    for (const std::string hostile : {"..", "/", "report\x1b[2J.csv", ".bashrc"}) {
        scripted_client c;
        c.script->answers.push_back(
            reply(200,
                  boost::json::serialize(boost::json::object{
                      {"data",
                       {{"submissionDownloadAuth",
                         {{"filename", hostile}, {"url", "https://files.example.test/s?sig=1"}}}}}})));
        const auto e = expect_error([&] { c.run(c.api.download_submission("sub-1")); });
        BOOST_TEST(e.code() == errc::invalid_response, hostile);
        BOOST_TEST(c.script->seen.size() == 1u); // no file request
    }
}

BOOST_AUTO_TEST_CASE(a_planted_symlink_at_the_part_file_is_refused_and_its_target_kept) {
    scripted_client c;
    const auto victim = c.dir.path() / "victim.txt";
    test::write_file(victim, "precious");
    fs::create_symlink(victim, c.dir.path() / "f.bin.part");
    c.script->answers.push_back(reply(200, file_bytes, "application/octet-stream"));
    const auto e =
        expect_error([&] { c.run(c.api.download("https://files.example.test/f.bin?sig=1", c.dir.path() / "f.bin")); });
    BOOST_TEST(e.code() == errc::io_error);
    BOOST_TEST(e.diag().client_message.find("symbolic link") != std::string::npos);
    BOOST_TEST(test::read_file(victim) == "precious");
    BOOST_TEST(!fs::exists(c.dir.path() / "f.bin"));
    BOOST_TEST(c.script->seen.empty());
}

BOOST_AUTO_TEST_CASE(a_planted_symlink_at_the_validator_record_is_replaced_never_followed) {
    // The record is advisory: a link at its name is not read (the part starts over) and is
    // replaced by the new record; what it pointed to is left as it was.
    scripted_client c;
    const auto victim = c.dir.path() / "victim.txt";
    test::write_file(victim, "precious");
    test::write_file(c.dir.path() / "f.bin.part", "abc");
    fs::create_symlink(victim, c.dir.path() / "f.bin.part.etag");
    c.script->answers.push_back([](const test::wire_request&) {
        return file_answer(200, file_bytes, {{http::field::etag, "\"v1\""}});
    });
    const auto r = c.run(c.api.download("https://files.example.test/f.bin?sig=1", c.dir.path() / "f.bin"));
    BOOST_TEST(r.resumed_from == 0u); // "abc" was not taken for the start of the file
    BOOST_TEST(test::read_file(c.dir.path() / "f.bin") == file_bytes);
    BOOST_TEST(test::read_file(victim) == "precious");
    BOOST_TEST(!fs::is_symlink(c.dir.path() / "f.bin.part.etag"));
}

BOOST_AUTO_TEST_CASE(a_fifo_planted_at_the_part_file_or_its_record_is_refused_without_blocking) {
    // Opened without O_NONBLOCK, a FIFO with no writer blocked the thread that runs the
    // client for ever (here: the test would hang until ctest's timeout). At the part file it
    // is refused; at the record (advisory) it is never opened, and replaced.
    for (const char* planted : {"f.bin.part", "f.bin.part.etag"}) {
        scripted_client c;
        const bool record = std::string_view(planted) == "f.bin.part.etag";
        if (record) test::write_file(c.dir.path() / "f.bin.part", "abc");
        BOOST_REQUIRE(::mkfifo((c.dir.path() / planted).c_str(), 0600) == 0);
        c.script->answers.push_back([](const test::wire_request&) {
            return file_answer(200, file_bytes, {{http::field::etag, "\"v1\""}});
        });
        const auto started = std::chrono::steady_clock::now();
        const auto download = [&] {
            return c.run(c.api.download("https://files.example.test/f.bin?sig=1", c.dir.path() / "f.bin"));
        };
        if (record) {
            BOOST_TEST(download().size == file_bytes.size());
            BOOST_TEST(!fs::exists(c.dir.path() / planted)); // the finished download left no record
        } else {
            const auto e = expect_error([&] { download(); });
            BOOST_TEST(e.code() == errc::io_error, planted);
            BOOST_TEST(e.diag().client_message.find("not a regular file") != std::string::npos, e.what());
            BOOST_TEST(!fs::exists(c.dir.path() / "f.bin"));
        }
        BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds{5}));
    }
}

BOOST_AUTO_TEST_CASE(server_names_in_a_model_upload_refusal_are_escaped) {
    // The docker image names come from the server and go into what(), which a terminal
    // prints: an escape sequence in one must arrive as text.
    scripted_client c;
    test::write_file(c.dir.path() / "model.pkl", "pickle");
    c.script->answers.push_back(
        reply(200, R"({"data":{"computePickleDockerImages":[{"name":"Py\u001b[2J","id":"i-1"}]}})"));
    model_upload_options o;
    o.docker_image = "Python \x1b]0;owned\x07";
    const auto e = expect_error(
        [&] { c.run(c.api.model_upload(c.dir.path() / "model.pkl", "00000000-0000-4000-8000-000000000001", o)); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    const std::string what = e.what();
    BOOST_TEST(what.find('\x1b') == std::string::npos, what);
    BOOST_TEST(what.find('\x07') == std::string::npos, what);
    BOOST_TEST(what.find("Py\\x1b[2J") != std::string::npos, what);
    BOOST_TEST(c.script->seen.size() == 1u); // the list; nothing uploaded
}

BOOST_AUTO_TEST_CASE(a_hard_link_at_the_part_file_is_refused_and_its_target_kept) {
    scripted_client c;
    const auto victim = c.dir.path() / "victim.txt";
    test::write_file(victim, "precious");
    fs::create_hard_link(victim, c.dir.path() / "f.bin.part");
    const auto e =
        expect_error([&] { c.run(c.api.download("https://files.example.test/f.bin?sig=1", c.dir.path() / "f.bin")); });
    BOOST_TEST(e.code() == errc::io_error);
    BOOST_TEST(test::read_file(victim) == "precious");
}

BOOST_AUTO_TEST_CASE(a_gzip_bomb_is_refused_as_it_expands_and_nothing_is_kept) {
    scripted_client c;
    const std::string bomb = gzip(std::string(64u << 20, '\0')); // ~64 KiB that decode to 64 MiB
    c.script->answers.push_back([&](const wire_request&) {
        return file_answer(200, bomb, {{http::field::content_encoding, "gzip"}});
    });
    c.script->piece_size = 16u << 10;
    const auto path = c.dir.path() / "f.bin";
    const auto e = expect_error([&] { c.run(c.api.download("https://files.example.test/f.bin?sig=1", path)); });
    BOOST_TEST(e.code() == errc::invalid_response);
    BOOST_TEST(e.diag().client_message.find("decompression bomb") != std::string::npos);
    BOOST_TEST(!fs::exists(path));
    BOOST_TEST((!fs::exists(c.dir.path() / "f.bin.part") || fs::file_size(c.dir.path() / "f.bin.part") == 0));
    BOOST_TEST(c.script->seen.size() == 1u); // not retried

    // The size bound holds whatever the ratio.
    c.script->answers.push_back([&](const wire_request&) {
        return file_answer(200, gzip(file_bytes), {{http::field::content_encoding, "gzip"}});
    });
    download_options small;
    small.decompression.max_size = 4096;
    const auto too_big =
        expect_error([&] { c.run(c.api.download("https://files.example.test/f.bin?sig=1", path, small)); });
    BOOST_TEST(too_big.diag().client_message.find("max_size") != std::string::npos);
    BOOST_TEST(!fs::exists(path));
}

BOOST_AUTO_TEST_CASE(a_206_without_the_validator_it_was_asked_for_starts_the_file_over) {
    scripted_client c;
    const std::string etag = "\"v1\"";
    c.script->answers.push_back([&](const wire_request&) {
        auto r = file_answer(200, file_bytes, {{http::field::etag, etag}});
        r.set("X-Scripted-Cut-After", "1234");
        return r;
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(std::string(req[http::field::if_range]) == etag);
        // Another version's bytes, and no ETag to tell.
        return file_answer(206, std::string(5000 - 1234, 'Z'), {{http::field::content_range, "bytes 1234-4999/5000"}});
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req[http::field::range].empty()); // from the start
        return file_answer(200, file_bytes, {{http::field::etag, etag}});
    });
    const auto path = c.dir.path() / "f.bin";
    const auto result = c.run(c.api.download("https://files.example.test/f.bin?sig=1", path));
    BOOST_TEST((test::read_file(path) == file_bytes));
    BOOST_TEST(result.attempts == 3u);
    BOOST_TEST(c.script->answers.empty());
}

BOOST_AUTO_TEST_CASE(last_modified_is_the_validator_when_there_is_no_strong_etag) {
    scripted_client c;
    const std::string date = "Mon, 30 Nov 2026 12:00:00 GMT";
    c.script->answers.push_back([&](const wire_request&) {
        auto r = file_answer(200, file_bytes, {{http::field::etag, "W/\"weak\""}, {http::field::last_modified, date}});
        r.set("X-Scripted-Cut-After", "1234");
        return r;
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(std::string(req[http::field::range]) == "bytes=1234-");
        BOOST_TEST(std::string(req[http::field::if_range]) == date);
        return file_answer(206, file_bytes.substr(1234),
                           {{http::field::content_range, "bytes 1234-4999/5000"}, {http::field::last_modified, date}});
    });
    const auto path = c.dir.path() / "f.bin";
    const auto result = c.run(c.api.download("https://files.example.test/f.bin?sig=1", path));
    BOOST_TEST((test::read_file(path) == file_bytes));
    BOOST_TEST(result.attempts == 2u);
}

BOOST_AUTO_TEST_CASE(without_any_validator_a_cut_download_starts_over) {
    scripted_client c;
    c.script->answers.push_back([&](const wire_request&) {
        auto r = file_answer(200, file_bytes, {});
        r.set("X-Scripted-Cut-After", "1234");
        return r;
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req[http::field::range].empty());
        return file_answer(200, file_bytes, {});
    });
    const auto path = c.dir.path() / "f.bin";
    c.run(c.api.download("https://files.example.test/f.bin?sig=1", path));
    BOOST_TEST((test::read_file(path) == file_bytes));
}

BOOST_AUTO_TEST_CASE(a_file_without_a_validator_is_not_split_into_segments) {
    scripted_client c;
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(std::string(req[http::field::range]) == "bytes=0-0");
        BOOST_TEST(req[http::field::if_range].empty());
        return file_answer(206, file_bytes.substr(0, 1), {{http::field::content_range, "bytes 0-0/5000"}});
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req[http::field::range].empty()); // one stream, the whole file
        return file_answer(200, file_bytes, {});
    });
    download_options options;
    options.segments = 4;
    options.min_segment_size = 100;
    const auto path = c.dir.path() / "f.bin";
    const auto result = c.run(c.api.download("https://files.example.test/f.bin?sig=1", path, options));
    BOOST_TEST(result.segments == 1u);
    BOOST_TEST((test::read_file(path) == file_bytes));
    BOOST_TEST(c.script->seen.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_gzip_encoded_file_is_not_split_into_segments_but_decoded) {
    scripted_client c;
    const std::string encoded = gzip(file_bytes);
    c.script->answers.push_back([&](const wire_request&) {
        return file_answer(206, encoded.substr(0, 1),
                           {{http::field::content_range, "bytes 0-0/" + std::to_string(encoded.size())},
                            {http::field::etag, "\"gz1\""},
                            {http::field::content_encoding, "gzip"}});
    });
    c.script->answers.push_back([&](const wire_request& req) {
        BOOST_TEST(req[http::field::range].empty());
        return file_answer(200, encoded, {{http::field::etag, "\"gz1\""}, {http::field::content_encoding, "gzip"}});
    });
    download_options options;
    options.segments = 4;
    options.min_segment_size = 10;
    const auto path = c.dir.path() / "f.bin";
    const auto result = c.run(c.api.download("https://files.example.test/f.bin?sig=1", path, options));
    BOOST_TEST(result.segments == 1u);
    BOOST_TEST((test::read_file(path) == file_bytes)); // decoded, not the encoded bytes
}

BOOST_AUTO_TEST_CASE(header_values_that_would_split_the_request_are_refused_before_sending) {
    scripted_client c;
    const auto path = c.dir.path() / "p.csv";
    test::write_file(path, file_bytes);
    upload_options split;
    split.headers = {{"x-compute-id", "1\r\nX-Injected: yes"}};
    auto e = expect_error([&] { c.run(c.api.upload("https://files.example.test/up?sig=1", path, split)); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    upload_options bad_name;
    bad_name.headers = {{"x compute", "1"}};
    e = expect_error([&] { c.run(c.api.upload("https://files.example.test/up?sig=1", path, bad_name)); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    upload_options bad_type;
    bad_type.content_type = "text/csv\nX-Injected: yes";
    e = expect_error([&] { c.run(c.api.upload("https://files.example.test/up?sig=1", path, bad_type)); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    e = expect_error([&] {
        c.run(c.api.upload_form("https://files.example.test/up?sig=1", {}, form_file{"file", path, "p.csv"}, bad_type));
    });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(c.script->seen.empty());

    client_options o = scripted_client::options();
    o.user_agent = "me\r\nX-Injected: yes";
    BOOST_CHECK_THROW((client{c.ioc.get_executor(), o}), error);
}

BOOST_AUTO_TEST_CASE(errors_quote_a_url_without_its_query) {
    scripted_client c;
    const auto e = expect_error([&] {
        c.run(c.api.download("http://files.example.test/f.bin?X-Amz-Signature=VERYSECRETSIG", c.dir.path() / "f.bin"));
    });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(std::string(e.what()).find("VERYSECRETSIG") == std::string::npos);
    BOOST_TEST(std::string(e.what()).find("files.example.test/f.bin") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(server_messages_are_printed_with_their_control_characters_escaped) {
    scripted_client c;
    c.script->answers.push_back(
        reply(200, R"({"errors":[{"message":"\u001b[2J\u001b]0;pwned\u0007boom\u009b"}],"data":null})"));
    const auto e = expect_error([&] { c.run(c.api.get_current_round()); });
    const std::string what = e.what();
    BOOST_TEST(what.find('\x1b') == std::string::npos);
    BOOST_TEST(what.find('\x07') == std::string::npos);
    BOOST_TEST(what.find("\xc2\x9b") == std::string::npos);
    BOOST_TEST(what.find("\\x1b[2J") != std::string::npos);
    BOOST_TEST(e.server_message() ==
               "\x1b[2J\x1b]0;pwned\x07"
               "boom\xc2\x9b"); // diag() keeps it verbatim
}

BOOST_AUTO_TEST_CASE(urls_whose_host_or_port_could_smuggle_anything_are_refused) {
    // Found by the https_url fuzzer: Boost.URL 1.81 reads "a.:443h" as port 443 and path
    // "h", and percent-decodes hosts into '/' or CR LF, which would reach Host and SNI.
    for (const std::string bad : {"https://a.:443h/x", "https://exa%2Fmple.com/", "https://a%0d%0aX-Injected:%20y/",
                                  "https://host:0/", "https://host:70000/", "https://host:/", "https://ho st/"})
        BOOST_TEST((expect_error([&] { detail::parse_https_url(bad).value(); }).code() == errc::invalid_argument), bad);
    const auto plain =
        detail::parse_https_url("https://files.example.test/v5.2/train.parquet?X-Amz-Signature=ab%2Fc").value();
    BOOST_TEST(plain.host == "files.example.test");
    BOOST_TEST(plain.port == "443");
    BOOST_TEST(plain.target == "/v5.2/train.parquet?X-Amz-Signature=ab%2Fc");
    const auto ip = detail::parse_https_url("https://127.0.0.1:8443").value();
    BOOST_TEST(ip.host == "127.0.0.1");
    BOOST_TEST(ip.port == "8443");
    BOOST_TEST(ip.target == "/");
    const auto v6 = detail::parse_https_url("https://[::1]:9443/a").value();
    BOOST_TEST(v6.host == "::1");
    BOOST_TEST(v6.host_header() == "[::1]:9443");
}

BOOST_AUTO_TEST_CASE(tls_connections_refuse_renegotiation) {
    auto tls = detail::make_tls_context("");
    BOOST_TEST((SSL_CTX_get_options(tls.native_handle()) & SSL_OP_NO_RENEGOTIATION) != 0u);
}

BOOST_AUTO_TEST_SUITE_END()
