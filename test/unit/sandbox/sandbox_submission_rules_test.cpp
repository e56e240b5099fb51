// The sandbox's own submission check (src/sandbox/uploads/submission_rules), rule by rule,
// each way: accepted, or refused with numerai-tools' prefix and message. Files inline.
#include "sandbox/uploads/submission_rules.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>

using numerapi::sandbox::uploads::check_submission_text;
using numerapi::sandbox::uploads::submission_verdict;
/// The sandbox's own universe, not the client's numerapi::live_universe.
using sandbox_universe = numerapi::sandbox::uploads::live_universe;

namespace {

/// Concatenation without operator+ chains (GCC 12 warns falsely, -Warray-bounds, on those).
template <class... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

constexpr int classic = 8;
constexpr int signals = 11;
constexpr int crypto = 12;

std::string error_of(const std::string& content, int tournament = classic, const sandbox_universe* universe = nullptr) {
    return check_submission_text(content, tournament, universe).error;
}

bool sandbox_accepts(const std::string& content, int tournament = classic, const sandbox_universe* universe = nullptr) {
    const auto v = check_submission_text(content, tournament, universe);
    BOOST_TEST_MESSAGE(v.error);
    return static_cast<bool>(v);
}

/// `header` then `rows` rows: ids <prefix><i>, values spread over [0, 1].
std::string rows_of(const std::string& header, int rows, const std::string& prefix = "n",
                    const std::string& extra = "") {
    std::string out = header + "\n";
    char value[32];
    for (int i = 0; i < rows; ++i) {
        std::snprintf(value, sizeof value, "%.4f", static_cast<double>((i * 37) % 101) / 100.0);
        out += prefix + std::to_string(i) + "," + value + extra + "\n";
    }
    return out;
}

constexpr const char* headers_prefix = "invalid_submission_headers: ";
constexpr const char* ids_prefix = "invalid_submission_ids: ";
constexpr const char* values_prefix = "invalid_submission_values: ";
constexpr const char* range_message = "invalid_submission_values: values must be between 0 and 1 exclusive";
constexpr const char* nan_ids_message = "invalid_submission_ids: Submission must not contain NaNs in the id column.";
constexpr const char* not_enough = "invalid_submission_ids: Not enough stocks submitted.";

} // namespace

BOOST_AUTO_TEST_SUITE(sandbox_submission_rules)

BOOST_AUTO_TEST_CASE(classic_columns_are_exactly_id_then_prediction_or_probability) {
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.2\nn2,0.8\n"));
    BOOST_TEST(sandbox_accepts("id,probability\nn1,0.2\nn2,0.8\n"));
    BOOST_TEST(sandbox_accepts("\"id\",\"prediction\"\nn1,0.2\nn2,0.8\n")); // quotes are CSV's, not the name's
    for (const char* bad :
         {"prediction,id\n0.2,n1\n0.8,n2\n", "id,prediction,extra\nn1,0.2,a\nn2,0.8,b\n", "id,score\nn1,0.2\nn2,0.8\n",
          "ID,prediction\nn1,0.2\nn2,0.8\n", " id,prediction\nn1,0.2\nn2,0.8\n",
          "id,prediction,data_type\nn1,0.2,live\nn2,0.8,live\n", "id,id\nn1,n2\n"}) {
        const auto e = error_of(bad);
        BOOST_TEST(e.starts_with(
                       cat(headers_prefix, "headers must be one of ['id'] and one of ['prediction', 'probability']")),
                   bad << " -> " << e);
    }
}

BOOST_AUTO_TEST_CASE(signals_columns_are_a_ticker_then_a_signal_with_an_optional_date_anywhere) {
    BOOST_TEST(sandbox_accepts(rows_of("ticker,signal", 100, "T"), signals));
    BOOST_TEST(sandbox_accepts(rows_of("bloomberg_ticker,prediction", 100, "T"), signals));
    BOOST_TEST(sandbox_accepts(rows_of("numerai_ticker,signal,friday_date", 100, "T", ",20260320"), signals));
    const auto dated_first =
        check_submission_text("date," + rows_of("composite_figi,signal", 100, "20260320,F"), signals);
    BOOST_TEST(static_cast<bool>(dated_first), dated_first.error);
    BOOST_TEST(dated_first.date_column == "date");
    BOOST_TEST(dated_first.id_column == "composite_figi");
    struct bad_case {
        const char* header;
        const char* extra; ///< the fields of each row after the ticker and the value
    };
    for (const auto& c :
         {bad_case{"signal,ticker", ""}, bad_case{"symbol,signal", ""}, bad_case{"id,prediction", ""},
          bad_case{"ticker,signal,date,friday_date", ",20260320,20260320"}, bad_case{"ticker,signal,extra", ",x"}}) {
        const auto e = error_of(rows_of(c.header, 100, "T", c.extra), signals);
        BOOST_TEST(e.starts_with(cat(headers_prefix,
                                     "headers must be one of ['ticker', 'sedol', 'bloomberg_ticker', 'composite_figi', "
                                     "'numerai_ticker'] and one of ['prediction', 'signal']")),
                   c.header << " -> " << e);
    }
}

BOOST_AUTO_TEST_CASE(signals_data_type_column_is_dropped_with_a_warning) {
    const auto v = check_submission_text(
        rows_of("ticker,data_type,signal", 0) +
            [] {
                std::string rows;
                for (int i = 0; i < 100; ++i)
                    rows += "T" + std::to_string(i) + ",live,0." + std::to_string(i % 10) + "\n";
                return rows;
            }(),
        signals);
    BOOST_TEST(static_cast<bool>(v), v.error);
    BOOST_REQUIRE_EQUAL(v.warnings.size(), 1u);
    BOOST_TEST(v.warnings.front().starts_with("data_type column found in Signals submission. This is deprecated"));
    BOOST_TEST(check_submission_text(rows_of("ticker,signal", 100, "T"), signals).warnings.empty());
}

BOOST_AUTO_TEST_CASE(crypto_columns_are_symbol_then_prediction_or_signal) {
    BOOST_TEST(sandbox_accepts(rows_of("symbol,signal", 100, "C"), crypto));
    BOOST_TEST(sandbox_accepts(rows_of("symbol,prediction", 100, "C"), crypto));
    const auto e = error_of(rows_of("ticker,signal", 100, "C"), crypto);
    BOOST_TEST(
        e.starts_with(cat(headers_prefix, "headers must be one of ['symbol'] and one of ['prediction', 'signal']")), e);
}

BOOST_AUTO_TEST_CASE(values_within_0_and_1_up_to_numpy_isclose_defaults) {
    // isclose(min, 0): |min| <= atol = 1e-8. isclose(max, 1): |max - 1| <= atol + rtol = 1.001e-5.
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0\nn2,1\n"));
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,-1e-8\nn2,0.5\n"));
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.5\nn2,1.00001\n"));
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,-0.00000001\nn2,1.000005\n"));
    BOOST_TEST(error_of("id,prediction\nn1,-1.1e-8\nn2,0.5\n") == cat(range_message, " (line 2: \"-1.1e-8\")"));
    BOOST_TEST(error_of("id,prediction\nn1,0.5\nn2,1.0000101\n") == cat(range_message, " (line 3: \"1.0000101\")"));
    BOOST_TEST(error_of("id,prediction\nn1,0.5\nn2,7\n") == cat(range_message, " (line 3: \"7\")"));
    BOOST_TEST(error_of("id,prediction\nn1,0.5\nn2,inf\n").starts_with(range_message));
    BOOST_TEST(error_of("id,prediction\nn1,-Infinity\nn2,0.5\n").starts_with(range_message));
}

BOOST_AUTO_TEST_CASE(values_within_0_and_1_for_signals_and_crypto_too) {
    std::string signals_file = rows_of("ticker,signal", 100, "T") + "T100,1.5\n";
    BOOST_TEST(error_of(signals_file, signals).starts_with(range_message));
    std::string crypto_file = rows_of("symbol,signal", 100, "C") + "C100,-0.5\n";
    BOOST_TEST(error_of(crypto_file, crypto).starts_with(range_message));
}

BOOST_AUTO_TEST_CASE(a_leading_plus_and_white_space_around_a_number_are_numbers) {
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,+0.25\nn2, 0.75 \nn3,.5\nn4,5e-1\n"));
    BOOST_TEST(error_of("id,prediction\nn1,+1.5\nn2,0.5\n") == cat(range_message, " (line 2: \"+1.5\")"));
}

BOOST_AUTO_TEST_CASE(text_in_the_prediction_column_is_refused_as_values) {
    for (const char* bad : {"abc", "0,5x", "NAN", "Nan", "0x1p-2", "1e", "++0.5", "nan(1)"}) {
        const auto e = error_of(cat("id,prediction\nn1,0.5\nn2,\"", bad, "\"\n"));
        BOOST_TEST(e.starts_with(cat(values_prefix, "values must be numbers")), bad << " -> " << e);
    }
}

BOOST_AUTO_TEST_CASE(line_endings_lf_crlf_and_lone_cr_are_all_lines) {
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.1\nn2,0.9\n"));
    BOOST_TEST(sandbox_accepts("id,prediction\r\nn1,0.1\r\nn2,0.9\r\n"));
    BOOST_TEST(sandbox_accepts("id,prediction\rn1,0.1\rn2,0.9\r"));
    BOOST_TEST(sandbox_accepts("id,prediction\rn1,0.1\rn2,0.9")); // no final line ending
    const auto v = check_submission_text("id,prediction\rn1,0.1\rn2,0.9\r", classic);
    BOOST_TEST(v.rows == 2u);
    // A lone CR ends a line: the duplicate is seen on line 3.
    BOOST_TEST(error_of("id,prediction\rn1,0.1\rn1,0.9\r") ==
               "invalid_submission_ids: Duplicates detected in id for live period. (line 3: \"n1\")");
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_and_blank_lines_are_skipped) {
    BOOST_TEST(sandbox_accepts("\xEF\xBB\xBFid,prediction\nn1,0.1\nn2,0.9\n"));
    const auto v = check_submission_text("\nid,prediction\n\nn1,0.1\n   \n\t\nn2,0.9\n\n", classic);
    BOOST_TEST(static_cast<bool>(v), v.error);
    BOOST_TEST(v.rows == 2u);
}

BOOST_AUTO_TEST_CASE(standard_deviation_at_about_1e_8_or_below_is_refused) {
    const std::string zero = "invalid_submission_values: submission must have non-zero standard deviation";
    BOOST_TEST(error_of("id,prediction\nn1,0.5\nn2,0.5\nn3,0.5\n") == zero);
    // std (ddof 1) of {0.5, 0.5 + 1e-8} is 7.1e-9: close to 0; of {0.5, 0.5 + 1e-7}, 7.1e-8: not.
    BOOST_TEST(error_of("id,prediction\nn1,0.5\nn2,0.50000001\n") == zero);
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.5\nn2,0.5000001\n"));
    // One row: pandas' std is NaN, which numpy.isclose does not find close to 0.
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.5\n"));
}

BOOST_AUTO_TEST_CASE(ids_pandas_reads_as_na_are_invalid_ids) {
    for (const char* na : {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                           "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}) {
        const auto e = error_of(cat("id,prediction\nn1,0.2\n", na, ",0.8\n"));
        BOOST_TEST(e == cat(nan_ids_message, " (line 3: \"", na, "\")"), "\"" << na << "\" -> " << e);
    }
    // Quoted, it is the same field to pandas; an empty field is NA too.
    BOOST_TEST(error_of("id,prediction\nn1,0.2\n\"NA\",0.8\n").starts_with(nan_ids_message));
    BOOST_TEST(error_of("id,prediction\n,0.2\nn2,0.8\n").starts_with(nan_ids_message));
    // Near misses are ids.
    BOOST_TEST(sandbox_accepts("id,prediction\nnone,0.2\nNa,0.8\n NA,0.5\nnil,0.1\n"));
}

BOOST_AUTO_TEST_CASE(na_predictions_are_invalid_values) {
    for (const char* na : {"", "NaN", "nan", "null", "NA", "None"}) {
        const auto e = error_of(cat("id,prediction\nn1,0.2\nn2,", na, "\n"));
        BOOST_TEST(e == cat(values_prefix, "submission must not contain NaNs (line 3: \"", na, "\")"),
                   na << " -> " << e);
    }
    BOOST_TEST(
        error_of("id,prediction\nn1,0.2\nn2\n").starts_with(cat(values_prefix, "submission must not contain NaNs")));
}

BOOST_AUTO_TEST_CASE(duplicate_ids_are_invalid_ids) {
    BOOST_TEST(error_of("id,prediction\nn1,0.2\nn2,0.4\nn1,0.8\n") ==
               "invalid_submission_ids: Duplicates detected in id for live period. (line 4: \"n1\")");
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.2\nN1,0.8\n")); // case matters
}

BOOST_AUTO_TEST_CASE(a_header_only_file_is_invalid_ids_not_values) {
    BOOST_TEST(error_of("id,prediction\n").starts_with(not_enough));
    BOOST_TEST(error_of("ticker,signal\n", signals).starts_with(not_enough));
    BOOST_TEST(error_of("symbol,signal\r\n", crypto).starts_with(not_enough));
}

BOOST_AUTO_TEST_CASE(signals_and_crypto_need_100_tickers) {
    BOOST_TEST(error_of(rows_of("ticker,signal", 99, "T"), signals) ==
               cat(not_enough, " Are you using the latest live ids or live universe? (99 live rows, 100 needed)"));
    BOOST_TEST(sandbox_accepts(rows_of("ticker,signal", 100, "T"), signals));
    BOOST_TEST(error_of(rows_of("symbol,signal", 99, "C"), crypto).starts_with(not_enough));
    BOOST_TEST(sandbox_accepts(rows_of("symbol,signal", 100, "C"), crypto));
}

BOOST_AUTO_TEST_CASE(checks_run_in_numerai_tools_order_headers_ids_values) {
    // Headers before everything.
    BOOST_TEST(error_of("id,score\nNA,7\nNA,7\n").starts_with(headers_prefix));
    // An NA id before bad values and duplicates.
    BOOST_TEST(error_of("id,prediction\nn1,7\nn1,abc\nNA,\n").starts_with(nan_ids_message));
    // Duplicates before the count and the values.
    BOOST_TEST(error_of("id,prediction\nn1,7\nn1,7\n").starts_with("invalid_submission_ids: Duplicates"));
    // Signals: too few tickers before values out of range.
    BOOST_TEST(error_of("ticker,signal\nT1,7\nT2,8\n", signals).starts_with(not_enough));
    // Among values: NaN, then text, then the range, then the deviation.
    BOOST_TEST(error_of("id,prediction\nn1,7\nn2,abc\nn3,\n")
                   .starts_with(cat(values_prefix, "submission must not contain NaNs")));
    BOOST_TEST(error_of("id,prediction\nn1,7\nn2,abc\n").starts_with(cat(values_prefix, "values must be numbers")));
    BOOST_TEST(error_of("id,prediction\nn1,7\nn2,7\n").starts_with(range_message));
}

BOOST_AUTO_TEST_CASE(with_a_universe_every_live_id_is_needed_and_others_are_ignored) {
    sandbox_universe universe;
    universe.ids["id"] = {"n1", "n2", "n3"};
    BOOST_TEST(sandbox_accepts("id,prediction\nn1,0.1\nn2,0.5\nn3,0.9\n", classic, &universe));
    // n3 missing.
    BOOST_TEST(error_of("id,prediction\nn1,0.1\nn2,0.5\n", classic, &universe) ==
               cat(not_enough, " Are you using the latest live ids or live universe? (2 live rows, 3 needed)"));
    // Ids outside the universe: their values and their repeats are not judged.
    const auto v = check_submission_text("id,prediction\nn1,0.1\nx9,7\nx9,abc1\nn2,0.5\nn3,0.9\n", classic, &universe);
    BOOST_TEST(v.error.starts_with(cat(values_prefix, "values must be numbers"))); // the column is text to pandas
    const auto w = check_submission_text("id,prediction\nn1,0.1\nx9,7\nx9,-3\nn2,0.5\nn3,0.9\n", classic, &universe);
    BOOST_TEST(static_cast<bool>(w), w.error);
    BOOST_TEST(w.live_rows == 3u);
    BOOST_TEST(w.invalid_ids == 1u);
    // A repeated live id is refused.
    BOOST_TEST(error_of("id,prediction\nn1,0.1\nn2,0.5\nn3,0.9\nn2,0.4\n", classic, &universe)
                   .starts_with("invalid_submission_ids: Duplicates detected in id for live period."));
    // Signals: at least 100 live tickers of the universe's column for the submission's id column.
    sandbox_universe tickers;
    for (int i = 0; i < 150; ++i) tickers.ids["ticker"].insert("T" + std::to_string(i));
    BOOST_TEST(sandbox_accepts(rows_of("ticker,signal", 100, "T") + "ZZZ,9\n", signals, &tickers));
    BOOST_TEST(error_of(rows_of("ticker,signal", 99, "T") + "ZZZ,0.5\n", signals, &tickers).starts_with(not_enough));
    BOOST_TEST(error_of(rows_of("bloomberg_ticker,signal", 120, "T"), signals, &tickers).starts_with(not_enough));
}

BOOST_AUTO_TEST_CASE(parquet_files_are_judged_by_their_magic_bytes_only) {
    const auto v = check_submission_text(cat("PAR1", std::string(20, '\0'), "PAR1"), classic);
    BOOST_TEST(static_cast<bool>(v), v.error);
    BOOST_TEST(v.parquet);
    BOOST_TEST(error_of("PAR1 truncated upload") ==
               "Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.");
}

BOOST_AUTO_TEST_CASE(what_pandas_cannot_read_is_refused_with_pandas_words) {
    BOOST_TEST(error_of("") == "No columns to parse from file");
    BOOST_TEST(error_of("\n\r\n  \n") == "No columns to parse from file");
    BOOST_TEST(error_of("id,prediction\nn1,0.1\nn2,0.5,extra\n") ==
               "Error tokenizing data. C error: Expected 2 fields in line 3, saw 3");
    BOOST_TEST(
        error_of("id,prediction\nn1,0.1\n\"n2,0.5\n").starts_with("Error tokenizing data. C error: EOF inside string"));
    // A quoted field holds commas and doubled quotes.
    BOOST_TEST(sandbox_accepts("id,prediction\n\"n,1\",0.1\n\"n\"\"2\",0.9\n"));
}

BOOST_AUTO_TEST_CASE(an_unknown_tournament_has_no_rules) {
    BOOST_TEST(error_of("id,prediction\nn1,0.1\nn2,0.9\n", 9) == "no submission rules for tournament 9");
}

BOOST_AUTO_TEST_SUITE_END()
