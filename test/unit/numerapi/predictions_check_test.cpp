// The local predictions check against numerai-tools' rules (numerai_tools/submissions.py,
// v0.6.0) as they apply to a file read by pandas.read_csv: one test per rule, each
// direction (accepted; refused with numerai-tools' prefix), the files written out here.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/sandbox_fixture.hpp"

#include "numerapi/submission/csv_lines.hpp"
#include "numerapi/submission/predictions_checking.hpp"

#include <numerapi/predictions_check.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <thread>

#include <sys/stat.h>

using namespace numerapi;
using numerapi::test::expect_error;

namespace {

constexpr const char* accepted = "(accepted)";

std::string said_by(const predictions_check_result& r) { return r ? std::string(accepted) : r.problem->message; }

/// Tunings that make the smallest input take the paths of a large one: parts of one byte
/// or more, and with `suspects`, ids hashed to 8 values (nearly every id a suspect, for the
/// second pass to tell apart).
detail::check_tuning small_parts(bool suspects) {
    detail::check_tuning tuning;
    tuning.min_part_bytes = 1;
    if (suspects) tuning.id_hash_bits = 7;
    return tuning;
}

/// The check's verdict on `content`: "(accepted)" or the problem's message. Every verdict
/// is reached on a file and on the same bytes in memory, in one part and in 2, 3 and 4
/// parts on threads of their own (however small the input), with ids hashed in full and
/// to 8 values, and must be the same.
std::string verdict(const std::string& content, int tournament,
                    const predictions_check_options& options = predictions_check_options()) {
    test::temp_dir dir;
    test::write_file(dir.path() / "p.csv", content);
    const auto r = check_predictions(dir.path() / "p.csv", numerapi::tournament(tournament), options);
    const std::string said = said_by(r);
    BOOST_TEST(said_by(check_predictions(predictions_data{"p.csv", content}, numerapi::tournament(tournament),
                                         options)) == said);
    const std::atomic<bool> never_stopped{false};
    for (const bool suspects : {false, true})
        for (unsigned threads : {1u, 2u, 3u, 4u}) {
            predictions_check_options in_parts = options;
            in_parts.threads = threads;
            const detail::check_tuning tuning = small_parts(suspects);
            BOOST_TEST_INFO("in " << threads << " parts" << (suspects ? ", ids hashed to 8 values" : ""));
            BOOST_TEST(said_by(detail::check_predictions(dir.path() / "p.csv", tournament, in_parts, never_stopped,
                                                         tuning)) == said);
            BOOST_TEST_INFO("in " << threads << " parts, in memory" << (suspects ? ", ids hashed to 8 values" : ""));
            BOOST_TEST(said_by(detail::check_predictions(predictions_data{"p.csv", content}, tournament, in_parts,
                                                         never_stopped, tuning)) == said);
        }
    return said;
}

/// `count` rows "<prefix><i>,<value>" with values spread over [0, 1), for the Signals and
/// Crypto files that need 100 tickers around the lines a test is about.
std::string filler(const std::string& prefix, int count, int first = 0) {
    std::string out;
    char line[64];
    for (int i = first; i < first + count; ++i) {
        std::snprintf(line, sizeof line, "%s%03d,%.2f\n", prefix.c_str(), i, (i * 37 % 100) / 100.0);
        out += line;
    }
    return out;
}

predictions_check_options live(std::string column, std::vector<std::string> ids) {
    predictions_check_options o;
    o.live = live_universe{};
    o.live->ids[std::move(column)] = std::move(ids);
    return o;
}

/// T000 ... T<count-1>: the live tickers of filler("T", count).
std::vector<std::string> live_tickers(const std::string& prefix, int count) {
    std::vector<std::string> out;
    char id[32];
    for (int i = 0; i < count; ++i) {
        std::snprintf(id, sizeof id, "%s%03d", prefix.c_str(), i);
        out.push_back(id);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(predictions_rules)

// ---- 1. numpy.isclose's tolerance at the ends of [0, 1] -------------------------------------

BOOST_AUTO_TEST_CASE(values_within_isclose_of_0_and_1_are_accepted) {
    // float32 ranks printed with float64 digits; -1e-8 and 1 + 1e-5 are isclose's limits.
    BOOST_TEST(verdict("id,prediction\nn1,1.0000001\nn2,0.5\nn3,-0.00000001\n", 8) == accepted);
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,1.00001\n", 8) == accepted);
    BOOST_TEST(verdict("id,prediction\nn1,0\nn2,1\n", 8) == accepted);
}

BOOST_AUTO_TEST_CASE(values_beyond_isclose_of_0_and_1_are_refused) {
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,-0.00000002\n", 8) ==
               "invalid_submission_values: line 3: -0.00000002 is outside [0, 1]");
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,1.00002\n", 8) ==
               "invalid_submission_values: line 3: 1.00002 is outside [0, 1]");
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,inf\n", 8) ==
               "invalid_submission_values: line 3: inf is outside [0, 1]");
}

// ---- 2. A leading + sign, as pandas reads numbers ---------------------------------------------

BOOST_AUTO_TEST_CASE(a_leading_plus_and_spaces_around_a_number_are_accepted) {
    BOOST_TEST(verdict("id,prediction\nn1,+0.4\nn2,+.6\nn3, 0.5 \nn4,+1e-1\n", 8) == accepted);
}

BOOST_AUTO_TEST_CASE(what_pandas_does_not_read_as_a_number_is_refused) {
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,++0.4\n", 8) ==
               "invalid_submission_values: line 3: \"++0.4\" is not a number");
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,+\n", 8) ==
               "invalid_submission_values: line 3: \"+\" is not a number");
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,0x1\n", 8) ==
               "invalid_submission_values: line 3: \"0x1\" is not a number");
    // "NAN" is not among pandas' missing-value strings: the column stays text.
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,NAN\n", 8) ==
               "invalid_submission_values: line 3: \"NAN\" is not a number");
}

// ---- 3. Signals' deprecated data_type column --------------------------------------------------

BOOST_AUTO_TEST_CASE(a_signals_data_type_column_is_dropped_as_numerai_tools_does) {
    std::string rows;
    for (int i = 0; i < 100; ++i) rows += "T" + std::to_string(i) + " US," + std::to_string(i / 100.0) + ",live\n";
    BOOST_TEST(verdict("bloomberg_ticker,signal,data_type\n" + rows, 11) == accepted);
    std::string dated;
    for (int i = 0; i < 100; ++i)
        dated += "live,20261127,T" + std::to_string(i) + " US," + std::to_string(i / 100.0) + "\n";
    BOOST_TEST(verdict("data_type,friday_date,bloomberg_ticker,signal\n" + dated, 11) == accepted);
}

BOOST_AUTO_TEST_CASE(a_data_type_column_is_refused_outside_signals_and_other_columns_everywhere) {
    BOOST_TEST(verdict("id,prediction,data_type\nn1,0.2,live\nn2,0.8,live\n", 8) ==
               "invalid_submission_headers: Classic headers must be [id, prediction] or [id, probability], in this "
               "order; the file has [id, prediction, data_type]");
    BOOST_TEST(
        verdict("symbol,signal,data_type\nBTC,0.2,live\n", 12).starts_with("invalid_submission_headers: Crypto"));
    BOOST_TEST(
        verdict("ticker,signal,extra\n" + filler("T", 100), 11).starts_with("invalid_submission_headers: Signals"));
    // Only one date column is dropped.
    BOOST_TEST(verdict("ticker,signal,date,friday_date\n" + filler("T", 100), 11)
                   .starts_with("invalid_submission_headers: Signals"));
}

// ---- 4. Lone CR line endings -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(lone_cr_line_endings_are_lines) {
    const auto r = [] {
        test::temp_dir dir;
        test::write_file(dir.path() / "p.csv", "id,prediction\rn1,0.25\rn2,0.75\r");
        return check_predictions(dir.path() / "p.csv", tournament::classic);
    }();
    BOOST_REQUIRE(r);
    BOOST_TEST(r.summary->rows == 2u);
    // Mixed endings, a byte order mark, blank and whitespace-only lines (pandas skips them).
    BOOST_TEST(verdict("\xEF\xBB\xBF\r\nid,prediction\r\n\r\nn1,0.25\n \t\rn2,0.75", 8) == accepted);
}

BOOST_AUTO_TEST_CASE(a_bad_row_after_lone_crs_is_named_by_its_line) {
    BOOST_TEST(verdict("id,prediction\rn1,0.25\rn2,7\r", 8) ==
               "invalid_submission_values: line 3: 7 is outside [0, 1]");
}

// ---- 5. Column order ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(columns_in_numerai_tools_order_are_accepted) {
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,0.8\n", 8) == accepted);
    BOOST_TEST(verdict("id,probability\nn1,0.2\nn2,0.8\n", 8) == accepted);
    BOOST_TEST(verdict("symbol,prediction\n" + filler("C", 100), 12) == accepted);
    for (const char* ticker : {"ticker", "sedol", "bloomberg_ticker", "composite_figi", "numerai_ticker"})
        BOOST_TEST(verdict(std::string(ticker) + ",prediction\n" + filler("T", 100), 11) == accepted, ticker);
    // A Signals date column may stand anywhere.
    std::string dated;
    for (int i = 0; i < 100; ++i) dated += "T" + std::to_string(i) + ",20261127," + std::to_string(i / 100.0) + "\n";
    BOOST_TEST(verdict("ticker,date,signal\n" + dated, 11) == accepted);
}

BOOST_AUTO_TEST_CASE(columns_in_another_order_are_refused) {
    BOOST_TEST(verdict("prediction,id\n0.2,n1\n0.8,n2\n", 8) ==
               "invalid_submission_headers: Classic headers must be [id, prediction] or [id, probability], in this "
               "order; the file has [prediction, id]");
    BOOST_TEST(verdict("signal,symbol\n0.2,BTC\n", 12).starts_with("invalid_submission_headers: Crypto headers"));
    BOOST_TEST(verdict("signal,ticker\n0.2,T1\n", 11).starts_with("invalid_submission_headers: Signals headers"));
    BOOST_TEST(verdict("id\nn1\n", 8).starts_with("invalid_submission_headers:"));
    BOOST_TEST(verdict("id, prediction\nn1,0.2\n", 8).starts_with("invalid_submission_headers:")); // " prediction"
}

// ---- 6. [0, 1] for Signals and Crypto too -------------------------------------------------------

BOOST_AUTO_TEST_CASE(signals_and_crypto_values_in_0_1_are_accepted) {
    BOOST_TEST(verdict("numerai_ticker,signal\n" + filler("T", 100), 11) == accepted);
    BOOST_TEST(verdict("symbol,signal\n" + filler("C", 100), 12) == accepted);
}

BOOST_AUTO_TEST_CASE(signals_and_crypto_values_outside_0_1_are_refused) {
    BOOST_TEST(verdict("numerai_ticker,signal\nZ1,-1.2\n" + filler("T", 100), 11) ==
               "invalid_submission_values: line 2: -1.2 is outside [0, 1]"); // a z-score
    BOOST_TEST(verdict("symbol,signal\n" + filler("C", 100) + "BTC,3\n", 12) ==
               "invalid_submission_values: line 102: 3 is outside [0, 1]");
}

// ---- 7. Nearly constant predictions -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_standard_deviation_above_about_1e_8_is_accepted) {
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,0.50000002\n", 8) == accepted); // about 1.4e-8
    BOOST_TEST(verdict("id,prediction\nn1,0.5\n", 8) == accepted);                // pandas' std of one value is NaN
}

BOOST_AUTO_TEST_CASE(a_standard_deviation_of_about_1e_8_or_less_is_refused) {
    BOOST_TEST(verdict("id,prediction\nn1,0.5\nn2,0.50000001\n", 8) ==
               "invalid_submission_values: the standard deviation of the predictions is 7.07e-09, which numerai-tools "
               "takes for zero");
    BOOST_TEST(
        verdict("id,prediction\nn1,0.5\nn2,0.5\nn3,0.5\n", 8) ==
        "invalid_submission_values: every prediction is the same value; the standard deviation must not be zero");
}

// ---- 8. Ids that pandas reads as missing --------------------------------------------------------

BOOST_AUTO_TEST_CASE(ids_pandas_reads_as_missing_are_refused) {
    for (const char* na : {"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                           "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}) {
        BOOST_TEST(verdict("id,prediction\nn1,0.2\n" + std::string(na) + ",0.8\n", 8) ==
                       "invalid_submission_ids: line 3: id \"" + std::string(na) +
                           "\" reads as missing (NaN) in pandas",
                   na);
        BOOST_TEST(verdict("id,prediction\nn1,0.2\n\"" + std::string(na) + "\",0.8\n", 8)
                       .starts_with("invalid_submission_ids: line 3"),
                   "quoted " << na); // quoting does not protect it from pandas
    }
    BOOST_TEST(verdict("id,prediction\nn1,0.2\n,0.8\n", 8) == "invalid_submission_ids: line 3: an empty id");
    BOOST_TEST(verdict("id,prediction\nn1,0.2\n\"\",0.8\n", 8) == "invalid_submission_ids: line 3: an empty id");
    BOOST_TEST(verdict("symbol,signal\n" + filler("C", 100) + "null,0.5\n", 12) ==
               "invalid_submission_ids: line 102: symbol \"null\" reads as missing (NaN) in pandas");
}

BOOST_AUTO_TEST_CASE(ids_resembling_missing_values_are_ids) {
    BOOST_TEST(verdict("id,prediction\nNAN,0.2\nNa,0.4\nnone,0.6\nNA US, 0.8\n NA,0.9\n", 8) == accepted);
}

BOOST_AUTO_TEST_CASE(values_pandas_reads_as_missing_are_nan) {
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,NA\n", 8) ==
               "invalid_submission_values: line 3: NaN: \"NA\" reads as missing in pandas");
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,\n", 8) ==
               "invalid_submission_values: line 3: an empty prediction (NaN)");
    // A short row's missing fields are missing values, as pandas fills them.
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2\n", 8) ==
               "invalid_submission_values: line 3: an empty prediction (NaN)");
}

// ---- 9. numerai-tools' prefixes and check order --------------------------------------------------

BOOST_AUTO_TEST_CASE(a_header_only_file_has_not_enough_ids) {
    BOOST_TEST(verdict("id,prediction\n", 8) ==
               "invalid_submission_ids: the file has no predictions; every live id needs one");
    BOOST_TEST(verdict("ticker,signal\n", 11) ==
               "invalid_submission_ids: not enough tickers: 0; at least 100 live ones are needed");
    BOOST_TEST(verdict("symbol,signal\n" + filler("C", 99), 12) ==
               "invalid_submission_ids: not enough symbols: 99; at least 100 live ones are needed");
}

BOOST_AUTO_TEST_CASE(faults_are_reported_in_numerai_tools_order) {
    // headers before ids before values.
    BOOST_TEST(verdict("id,score\nn1,7\nn1,8\n", 8).starts_with("invalid_submission_headers:"));
    // ids: a missing id before a repeated one, whatever their lines.
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn1,0.3\nNA,0.4\n", 8) ==
               "invalid_submission_ids: line 4: id \"NA\" reads as missing (NaN) in pandas");
    // A repeated id before a bad value on an earlier line.
    BOOST_TEST(verdict("id,prediction\nn1,7\nn2,0.3\nn2,0.4\n", 8) ==
               "invalid_submission_ids: line 4: id \"n2\" appears more than once");
    // Too few tickers before bad values.
    BOOST_TEST(verdict("ticker,signal\nA,-3\nB,0.5\n", 11).starts_with("invalid_submission_ids: not enough tickers"));
    // values: NaN before the range, the range before the standard deviation.
    BOOST_TEST(verdict("id,prediction\nn1,2\nn2,nan\n", 8) ==
               "invalid_submission_values: line 3: NaN: \"nan\" reads as missing in pandas");
    BOOST_TEST(verdict("id,prediction\nn1,2\nn2,2\n", 8) == "invalid_submission_values: line 2: 2 is outside [0, 1]");
    // What pandas cannot read at all comes before everything.
    BOOST_TEST(verdict("prediction,id\n0.1,n1\n0.2,n2,x,y\n", 8) ==
               "invalid_submission_values: line 3: 4 fields where the header has 2");
}

// ---- Reading as pandas reads ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(an_index_column_without_a_header_is_taken_as_pandas_takes_it) {
    // The first row has one field more than the header: pandas makes the first field the index.
    BOOST_TEST(verdict("id,prediction\n0,n1,0.2\n1,n2,0.8\n", 8) == accepted);
    BOOST_TEST(verdict("id,prediction\n0,n1,0.2\n1,n2,0.8,9\n", 8) ==
               "invalid_submission_values: line 3: 4 fields where the header has 2 and the rows an index");
}

BOOST_AUTO_TEST_CASE(files_pandas_cannot_read_are_refused) {
    BOOST_TEST(verdict("", 8) == "invalid_submission_headers: the file is empty");
    BOOST_TEST(verdict("\n \n", 8) == "invalid_submission_headers: the file has no header line");
    BOOST_TEST(verdict("id,prediction\n\"n1,0.1\n", 8) == "invalid_submission_values: line 2: an unterminated quote");
    BOOST_TEST(verdict("\"id,prediction\nn1,0.1\n", 8) == "invalid_submission_headers: line 1: an unterminated quote");
    BOOST_TEST(verdict("id,prediction\n", 5) == "no predictions rules for tournament 5");
}

BOOST_AUTO_TEST_CASE(parquet_is_checked_for_its_magic_only) {
    BOOST_TEST(verdict(std::string("PAR1") + std::string(100, '\0') + "PAR1", 8) == accepted);
    BOOST_TEST(verdict(std::string("PAR1 anything at all"), 11) == accepted);
    BOOST_TEST(verdict("PAR", 8).starts_with("invalid_submission_headers:")); // too short: read as CSV
}

// ---- With the round's live ids: the live-universe rules exactly -----------------------------------

BOOST_AUTO_TEST_CASE(classic_needs_every_live_id) {
    const auto o = live("id", {"n1", "n2", "n3"});
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,0.5\nn3,0.8\n", 8, o) == accepted);
    BOOST_TEST(
        verdict("id,prediction\nn1,0.2\nn3,0.8\n", 8, o) ==
        "invalid_submission_ids: not enough ids: 1 of the round's 3 live ids have no prediction (\"n2\" is one)");
    BOOST_TEST(verdict("id,prediction\n", 8, o).starts_with("invalid_submission_ids: not enough ids: 3 of"));
    // A repeated live id counts once, as in the server's universe.
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,0.8\n", 8, live("id", {"n1", "n2", "n2"})) == accepted);
}

BOOST_AUTO_TEST_CASE(rows_outside_the_live_universe_are_not_judged) {
    const auto o = live("id", {"n1", "n2"});
    // A repeated id, a missing value, a value out of range: all on rows that are not live.
    const std::string file = "id,prediction\nold,0.1\nold,7\nn1,0.2\nother,\nn2,0.8\n";
    BOOST_TEST(verdict(file, 8, o) == accepted);
    BOOST_TEST(verdict(file, 8) ==
               "invalid_submission_ids: line 3: id \"old\" appears more than once"); // unknown: every row
    // Still refused: a missing id anywhere, and text in the column (pandas reads it all as text).
    BOOST_TEST(verdict("id,prediction\nNA,0.1\nn1,0.2\nn2,0.8\n", 8, o).starts_with("invalid_submission_ids: line 2"));
    BOOST_TEST(verdict("id,prediction\nold,x\nn1,0.2\nn2,0.8\n", 8, o) ==
               "invalid_submission_values: line 2: \"x\" is not a number");
    // The standard deviation is the live rows'.
    BOOST_TEST(verdict("id,prediction\nold,0.9\nn1,0.5\nn2,0.5\n", 8, o)
                   .starts_with("invalid_submission_values: every prediction"));
    BOOST_TEST(verdict("id,prediction\nold,0.9\nn1,0.5\nn2,0.5\n", 8).starts_with(accepted)); // unknown: every row
    // Live duplicates are refused.
    BOOST_TEST(verdict("id,prediction\nn1,0.2\nn2,0.8\nn1,0.3\n", 8, o) ==
               "invalid_submission_ids: line 4: id \"n1\" appears more than once among the live ids");
}

BOOST_AUTO_TEST_CASE(signals_needs_100_live_tickers) {
    const auto o = live("bloomberg_ticker", live_tickers("T", 100));
    const std::string header = "bloomberg_ticker,signal\n";
    BOOST_TEST(verdict(header + filler("T", 100) + filler("X", 50), 11, o) == accepted);
    // 150 tickers, of which 99 are live.
    BOOST_TEST(verdict(header + filler("T", 99) + filler("X", 51), 11, o) ==
               "invalid_submission_ids: not enough bloomberg_tickers: 99 live ones; at least 100 are needed");
    BOOST_TEST(verdict(header + filler("T", 99) + filler("X", 51), 11) == accepted); // unknown: 150 may be live
    // A z-scored signal outside the universe is not judged; inside it is.
    BOOST_TEST(verdict(header + filler("T", 100) + "X1,-2.5\n", 11, o) == accepted);
    BOOST_TEST(verdict(header + "T000,-2.5\n" + filler("T", 99, 1), 11, o) ==
               "invalid_submission_values: line 2: -2.5 is outside [0, 1]");
    const auto r = [&] {
        test::temp_dir dir;
        test::write_file(dir.path() / "p.csv", header + filler("T", 100) + filler("X", 50));
        return check_predictions(dir.path() / "p.csv", tournament::signals, o);
    }();
    BOOST_REQUIRE(r);
    BOOST_TEST(r.summary->rows == 150u);
    BOOST_TEST(*r.summary->live_rows == 100u);
}

BOOST_AUTO_TEST_CASE(a_universe_without_the_files_id_column_is_a_problem_not_a_guess) {
    const auto o = live("numerai_ticker", live_tickers("T", 100));
    BOOST_TEST(
        verdict("bloomberg_ticker,signal\n" + filler("T", 100), 11, o) ==
        "the live universe has no bloomberg_ticker column (it has [numerai_ticker]), so the file's ids cannot be "
        "matched to it");
}

BOOST_AUTO_TEST_CASE(a_live_universe_is_read_from_csv) {
    test::temp_dir dir;
    test::write_file(dir.path() / "live.csv",
                     "\xEF\xBB\xBF"
                     "bloomberg_ticker,numerai_ticker\r\n\r\nAAPL US,AAPL\r\nNA,\"MSFT, INC\"\r\nSAP GY,\r\n");
    const auto u = read_live_universe(dir.path() / "live.csv");
    BOOST_TEST(u.ids.size() == 2u);
    BOOST_TEST(u.ids.at("bloomberg_ticker") == (std::vector<std::string>{"AAPL US", "SAP GY"}));
    BOOST_TEST(u.ids.at("numerai_ticker") == (std::vector<std::string>{"AAPL", "MSFT, INC"}));
    BOOST_TEST(expect_error([&] { read_live_universe(dir.path() / "absent.csv"); }).code() == errc::io_error);
    test::write_file(dir.path() / "empty.csv", "\n");
    BOOST_TEST(expect_error([&] { read_live_universe(dir.path() / "empty.csv"); }).code() == errc::invalid_argument);
}

// The parts of an input checked at once (one per thread) report what one part reports:
// files of a few thousand rows with one fault each at a random line (a repeated id, a
// missing id or value, a text, a value out of range, an unterminated quote, a long row),
// with blank lines, CRLF and an index column here and there, cut into 2 to 4 parts.
BOOST_AUTO_TEST_CASE(an_input_in_parts_gets_the_verdict_of_one_part) {
    std::mt19937 random(20171121);
    const std::atomic<bool> never_stopped{false};
    const char* faults[] = {"",      "repeat",   "missing id",  "missing value", "text", "out of range",
                            "quote", "long row", "repeat twice"};
    int refused = 0;
    for (int round = 0; round < 60; ++round) {
        const std::string fault = faults[round % std::size(faults)];
        const bool index = round % 4 == 1, crlf = round % 5 == 2;
        const int rows = 2000 + static_cast<int>(random() % 2000);
        const int at = static_cast<int>(random() % rows), from = static_cast<int>(random() % rows);
        const std::string end = crlf ? "\r\n" : "\n";
        std::string content = (index ? std::string(",id,prediction") : std::string("id,prediction")) + end;
        for (int i = 0; i < rows; ++i) {
            if (random() % 97 == 0) content += (random() % 2 ? "" : "  ") + end; // blank lines
            std::string id = "n" + std::to_string(i), value = std::to_string((i * 7919 % 1000) / 1000.0);
            if (i == at && (fault == "repeat" || fault == "repeat twice")) id = "n" + std::to_string(from);
            if (i == rows - 1 && fault == "repeat twice") id = "n" + std::to_string(from);
            if (i == at && fault == "missing id") id = "";
            if (i == at && fault == "missing value") value = "NaN";
            if (i == at && fault == "text") value = "high";
            if (i == at && fault == "out of range") value = "1.5";
            if (i == at && fault == "quote") id = "\"n" + std::to_string(i);
            if (i == at && fault == "long row") value += ",0.5,0.5";
            content += (index ? std::to_string(i) + "," : std::string()) + id + "," + value + end;
        }
        const auto one = said_by(
            check_predictions(predictions_data{"p.csv", content}, tournament::classic, predictions_check_options()));
        refused += one != accepted;
        for (unsigned threads : {2u, 3u, 4u}) {
            predictions_check_options o;
            o.threads = threads;
            detail::check_tuning tuning;
            tuning.min_part_bytes = 1024;
            tuning.id_hash_bits = round % 3 == 0 ? 0xFF : ~std::uint64_t{0}; // a few ids share a hash
            BOOST_TEST_INFO("round " << round << " (" << fault << " at row " << at << "), " << threads << " parts");
            BOOST_TEST(said_by(detail::check_predictions(predictions_data{"p.csv", content}, 8, o, never_stopped,
                                                         tuning)) == one);
        }
    }
    BOOST_TEST(refused > 40); // the faults were there to find
}

// A pipe cannot be read at an offset, nor twice: its bytes are copied to a temporary file
// and checked there, to the same verdict as the file (the repeated id found by the second
// pass, the one of the suspects).
BOOST_AUTO_TEST_CASE(a_pipe_gets_the_verdict_of_the_file) {
    test::temp_dir dir;
    const auto fifo = dir.path() / "p.csv";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::string content = "id,prediction\nn1,0.2\nn2,0.7\nn1,0.4\n";
    std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << content; });
    const auto r = check_predictions(fifo, tournament::classic);
    writer.join();
    BOOST_TEST(said_by(r) == "invalid_submission_ids: line 4: id \"n1\" appears more than once");
}

// A check asked to stop ends within 65,536 lines, blank ones too: here every line the
// check could stop at is blank, and a check that looked only at rows would read on.
BOOST_AUTO_TEST_CASE(a_stopped_check_ends_whatever_lines_it_meets) {
    std::string content = "id,prediction\n";
    for (int line = 2; line <= 200000; ++line)
        content += line % 65536 == 0 ? "\n" : "n" + std::to_string(line) + ",0.5\n";
    test::temp_dir dir;
    test::write_file(dir.path() / "p.csv", content);
    const std::atomic<bool> stopped{true};
    for (unsigned threads : {1u, 3u}) {
        predictions_check_options o;
        o.threads = threads;
        BOOST_TEST_INFO(threads << " parts");
        BOOST_TEST(said_by(detail::check_predictions(dir.path() / "p.csv", 8, o, stopped, small_parts(false))) ==
                   "the check was stopped");
        BOOST_TEST(said_by(detail::check_predictions(predictions_data{"p.csv", content}, 8, o, stopped,
                                                     small_parts(false))) == "the check was stopped");
    }
}

// A file without line ends (a binary one, say) is not read whole into memory: a line of over
// 16 MiB ends the check as a failed read, in one part or in several, and ends the reading of
// a live universe too.
BOOST_AUTO_TEST_CASE(a_line_of_over_16_mib_in_a_file_ends_the_read) {
    const std::size_t too_long = detail::line_source::max_line_bytes + 1;
    test::temp_dir dir;
    test::write_file(dir.path() / "p.csv", "id,prediction\nn1,0.5\nn2," + std::string(too_long, '5'));
    const std::atomic<bool> never_stopped{false};
    for (unsigned threads : {1u, 3u}) {
        predictions_check_options o;
        o.threads = threads;
        BOOST_TEST_INFO(threads << " parts");
        BOOST_TEST(said_by(detail::check_predictions(dir.path() / "p.csv", 8, o, never_stopped, small_parts(false))) ==
                   "cannot read " + (dir.path() / "p.csv").string() + ": a line is longer than 16 MiB");
    }
    test::write_file(dir.path() / "live.csv", "id\n" + std::string(too_long, 'x'));
    const auto e = test::expect_error([&] { read_live_universe(dir.path() / "live.csv"); });
    BOOST_TEST(e.code() == errc::io_error);
    BOOST_TEST(e.diag().client_message ==
               (dir.path() / "live.csv").string() + ": cannot read the live ids: a line is longer than 16 MiB");
}

BOOST_AUTO_TEST_SUITE_END()
