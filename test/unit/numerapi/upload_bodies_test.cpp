// What uploads are made of, without a network: multipart/form-data bodies (exact length,
// escaping, boundaries) and the local predictions check.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/predictions_files.hpp"
#include "support/sandbox_fixture.hpp"

#include "numerapi/transfer/multipart_form.hpp"

#include <numerapi/predictions_check.hpp>

#include <boost/test/unit_test.hpp>

#include <memory>

using namespace numerapi;
using numerapi::test::expect_error;
namespace fs = std::filesystem;

namespace {
/// The body as the upload engine would send it.
std::string render(const detail::request_body& body) {
    std::string out;
    for (const auto& p : body.pieces)
        out += p.content ? *p.content : p.file.empty() ? p.text : test::read_file(p.file).substr(p.offset, p.length);
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(multipart_bodies)

BOOST_AUTO_TEST_CASE(fields_then_the_file_with_an_exact_length) {
    test::temp_dir dir;
    test::write_file(dir.path() / "p.csv", "id,prediction\nn1,0.5\n");
    detail::multipart_form form{std::string("XYZ")};
    form.add_field("key", "uploads/abc").value();
    form.add_field("policy", "e30=").value();
    form.add_file("file", dir.path() / "p.csv", "p.csv", "text/csv").value();
    const auto body = std::move(form).finish();
    const std::string expected =
        "--XYZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/abc\r\n"
        "--XYZ\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\ne30=\r\n"
        "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        "id,prediction\nn1,0.5\n\r\n--XYZ--\r\n";
    BOOST_TEST(render(body) == expected);
    BOOST_TEST(body.size() == expected.size()); // the Content-Length, known before sending
    BOOST_TEST(body.file_bytes() == 21u);
    BOOST_TEST(body.content_type == "multipart/form-data; boundary=XYZ");
    // The file is referenced, not copied into the body.
    BOOST_TEST(body.pieces.size() == 3u);
    BOOST_TEST(!body.pieces[1].file.empty());
}

BOOST_AUTO_TEST_CASE(bytes_in_memory_are_shared_not_copied) {
    const auto bytes = std::make_shared<const std::string>("id,prediction\nn1,0.5\n");
    detail::multipart_form form{std::string("XYZ")};
    form.add_bytes("file", bytes, "p.csv", "text/csv").value();
    const auto body = std::move(form).finish();
    const std::string expected =
        "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        "id,prediction\nn1,0.5\n\r\n--XYZ--\r\n";
    BOOST_TEST(render(body) == expected);
    BOOST_TEST(body.size() == expected.size());
    BOOST_TEST(body.file_bytes() == bytes->size()); // counted for progress as a file is
    BOOST_REQUIRE(body.pieces.size() == 3u);
    BOOST_TEST(body.pieces[1].is_payload());
    BOOST_TEST(body.pieces[1].content == bytes); // the caller's bytes themselves
    const auto copy = body;                      // what each attempt holds
    BOOST_TEST(copy.pieces[1].content.get() == bytes.get());
}

BOOST_AUTO_TEST_CASE(names_are_escaped_as_browsers_do) {
    BOOST_TEST(detail::escape_disposition_value("a\"b") == "a%22b");
    BOOST_TEST(detail::escape_disposition_value("x\r\ny") == "x%0D%0Ay");
    BOOST_TEST(detail::escape_disposition_value("naïve.csv") == "naïve.csv");
}

BOOST_AUTO_TEST_CASE(random_boundaries_differ_and_never_hide_in_fields) {
    std::mt19937_64 random{42};
    detail::multipart_form a{random}, b{random};
    BOOST_TEST(a.boundary() != b.boundary());
    BOOST_TEST(a.boundary().size() == 45u); // "numerapi-cpp-" and 32 hex digits
    const auto e = expect_error([&] { a.add_field("x", "text --" + a.boundary() + " more").value(); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    const auto e2 = expect_error([&] { a.add_file("file", "/nonexistent/p.csv", "p.csv").value(); });
    BOOST_TEST(e2.code() == errc::io_error);
}

BOOST_AUTO_TEST_CASE(a_content_type_cannot_carry_a_header) {
    test::temp_dir dir;
    test::write_file(dir.path() / "p.csv", "x");
    detail::multipart_form form{std::string("B")};
    const auto e =
        expect_error([&] { form.add_file("file", dir.path() / "p.csv", "p.csv", "text/csv\r\nX-Evil: 1").value(); });
    BOOST_TEST(e.code() == errc::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(predictions_checks)

namespace {
predictions_check_result check(const std::string& content, int tournament) {
    test::temp_dir dir;
    test::write_file(dir.path() / "p.csv", content);
    return check_predictions(dir.path() / "p.csv", numerapi::tournament(tournament));
}
std::string problem(const std::string& content, int tournament) {
    const auto r = check(content, tournament);
    return r ? std::string("(none)") : r.problem->message;
}
} // namespace

BOOST_AUTO_TEST_CASE(valid_files_of_each_tournament) {
    for (int t : {8, 11, 12}) {
        const auto r = check(test::predictions_csv(t, 150), t);
        BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.problem->message));
        BOOST_TEST(r.summary->rows == 150u);
    }
    const auto classic = check("\xEF\xBB\xBF\"id\",\"probability\"\r\n\"n1\",0.25\r\n\"n,2\",0.75\r\n", 8);
    BOOST_REQUIRE(classic); // a byte order mark, CRLF, quoted fields with commas
    BOOST_TEST(classic.summary->prediction_column == "probability");
    BOOST_TEST(classic.summary->rows == 2u);
    // Rows with two fields where the header has three: pandas fills the last one in as NaN.
    BOOST_TEST(problem("friday_date,bloomberg_ticker,signal\n" + test::predictions_csv(11, 120).substr(22), 11) ==
               "invalid_submission_values: line 2: an empty signal (NaN)");
    BOOST_TEST(
        problem("ticker,signal,date\n" + std::string("A,0.1,20261127\nB,0.2,20261127\n"), 11).find("at least 100") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_rule_names_the_first_bad_line) {
    BOOST_TEST(problem("id,prediction,extra\nn1,0.1,x\n", 8).starts_with("invalid_submission_headers: Classic"));
    BOOST_TEST(problem("symbol,prediction\nA,0.1\n", 8).starts_with("invalid_submission_headers:"));
    BOOST_TEST(problem("ticker,prediction\nA,0.1\n", 12).starts_with("invalid_submission_headers: Crypto"));
    BOOST_TEST(problem("id,prediction\nn1,0.1\nn2,0.2,9\n", 8) ==
               "invalid_submission_values: line 3: 3 fields where the header has 2");
    BOOST_TEST(problem("id,prediction\nn1,abc\n", 8) == "invalid_submission_values: line 2: \"abc\" is not a number");
    BOOST_TEST(problem("id,prediction\nn1,0.1\nn2,inf\n", 8) ==
               "invalid_submission_values: line 3: inf is outside [0, 1]");
    BOOST_TEST(problem("id,prediction\nn1,-0.1\n", 8) == "invalid_submission_values: line 2: -0.1 is outside [0, 1]");
    BOOST_TEST(problem("id,prediction\n,0.1\n", 8) == "invalid_submission_ids: line 2: an empty id");
    BOOST_TEST(problem("id,prediction\n\"n1,0.1\n", 8) == "invalid_submission_values: line 2: an unterminated quote");
    // Signals values are bounded to [0, 1] too (numerai-tools' validate_values).
    std::string signals = "numerai_ticker,signal\n";
    for (int i = 0; i < 100; ++i) signals += "T" + std::to_string(i) + "," + std::to_string(i * 3) + "\n";
    BOOST_TEST(problem(signals, 11) == "invalid_submission_values: line 3: 3 is outside [0, 1]");
    BOOST_TEST(problem("id,prediction\n", 5).starts_with("no predictions rules for tournament 5"));
}

BOOST_AUTO_TEST_CASE(parquet_is_recognised_and_left_to_the_server) {
    const auto r = check(std::string("PAR1") + std::string(100, '\0') + "PAR1", 8);
    BOOST_TEST(r.summary.has_value());
    BOOST_TEST(problem("", 8) == "invalid_submission_headers: the file is empty");
    test::temp_dir dir;
    const auto missing = check_predictions(dir.path() / "absent.csv", tournament::classic);
    BOOST_TEST(!missing.summary.has_value());
    BOOST_TEST(missing.problem->message.find("cannot read") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
