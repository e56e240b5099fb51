// Safe ZIP extraction: the legacy dataset zip's three CSVs come out intact; archives that
// would escape the destination, fail their CRC or expand like a bomb are refused before
// anything is written.
#include "support/expect_error.hpp"
#include "support/sandbox_fixture.hpp"

#include "numerapi/archive/zip_extract.hpp"
#include "sandbox/files/zip_writer.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace numerapi;
using numerapi::test::expect_error;
namespace fs = std::filesystem;

namespace {

struct zip_fixture {
    test::temp_dir dir;
    fs::path archive = dir.path() / "a.zip";
    fs::path out = dir.path() / "out";

    void write(const std::string& bytes) { std::ofstream(archive, std::ios::binary) << bytes; }
    void write(const std::vector<sandbox::files::zip_entry>& entries) { write(sandbox::files::make_zip(entries)); }
    std::string read(const fs::path& p) {
        std::ifstream in{p, std::ios::binary};
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    bool nothing_written() { return !fs::exists(out) || fs::is_empty(out); }
    /// The offset of the first central directory header.
    static std::size_t central_header(const std::string& zip) { return zip.find(std::string("PK\x01\x02", 4)); }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(zip_extract, zip_fixture)

BOOST_AUTO_TEST_CASE(entries_come_out_byte_for_byte) {
    const std::string big(3u << 20, 'x');
    write({{"numerai_training_data.csv", "id,era\nn1,era1\n"},
           {"dir/example_predictions.csv", "id,probability\n"},
           {"big.bin", big.substr(0, 1u << 20)}});
    const auto files = detail::extract_zip(archive, out).value();
    BOOST_TEST(files.size() == 3u);
    BOOST_TEST(read(out / "numerai_training_data.csv") == "id,era\nn1,era1\n");
    BOOST_TEST(read(out / "dir" / "example_predictions.csv") == "id,probability\n");
    BOOST_TEST(read(out / "big.bin").size() == (1u << 20));
    BOOST_TEST(!fs::exists(out / "big.bin.part"));
}

BOOST_AUTO_TEST_CASE(dot_dot_entry_is_refused_and_nothing_is_written) {
    write({{"fine.csv", "a"}, {"../escape.csv", "b"}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(e.diag().client_message.find("escape") != std::string::npos);
    BOOST_TEST(nothing_written());
    BOOST_TEST(!fs::exists(dir.path() / "escape.csv"));
}

BOOST_AUTO_TEST_CASE(absolute_entry_is_refused) {
    write({{"/tmp/numerapi-absolute.csv", "a"}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.diag().client_message.find("absolute") != std::string::npos);
    BOOST_TEST(!fs::exists("/tmp/numerapi-absolute.csv"));
}

BOOST_AUTO_TEST_CASE(symlink_entry_is_refused) {
    std::string zip = sandbox::files::make_zip({{"link", "/etc/passwd"}});
    const auto h = central_header(zip);
    zip[h + 38 + 2] = static_cast<char>(0xff); // external attributes: mode 0120777, a symlink
    zip[h + 38 + 3] = static_cast<char>(0xa1);
    write(zip);
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.diag().client_message.find("symbolic link") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(entry_through_an_existing_symlink_is_refused) {
    fs::create_directories(out);
    fs::create_directories(dir.path() / "elsewhere");
    fs::create_directory_symlink(dir.path() / "elsewhere", out / "sub");
    write({{"sub/file.csv", "a"}});
    expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(!fs::exists(dir.path() / "elsewhere" / "file.csv"));
}

BOOST_AUTO_TEST_CASE(bad_crc_is_refused_and_leaves_no_file) {
    std::string zip = sandbox::files::make_zip({{"data.csv", "id,prediction\nn1,0.5\n"}});
    zip[central_header(zip) + 16] ^= 0x55; // the CRC the directory claims
    write(zip);
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.code() == errc::checksum_mismatch);
    BOOST_TEST(!fs::exists(out / "data.csv"));
}

BOOST_AUTO_TEST_CASE(an_entry_that_fails_after_others_came_out_leaves_nothing_extracted) {
    // The first entry is good, the second fails its CRC: the first used to stay at its final
    // path, though the call failed and said that nothing was extracted. A file the archive
    // would have replaced keeps its content.
    fs::create_directories(out);
    std::ofstream(out / "first.csv") << "mine";
    std::string zip = sandbox::files::make_zip({{"first.csv", "id,prediction\nn1,0.5\n"}, {"second.csv", "x,y\n"}});
    const auto second = zip.find(std::string("PK\x01\x02", 4), central_header(zip) + 1);
    zip[second + 16] ^= 0x55; // the second entry's CRC, as the directory claims it
    write(zip);
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.code() == errc::checksum_mismatch);
    BOOST_TEST(read(out / "first.csv") == "mine");
    BOOST_TEST(!fs::exists(out / "second.csv"));
    BOOST_TEST(!fs::exists(out / "first.csv.part"));
    BOOST_TEST(!fs::exists(out / "second.csv.part"));
}

BOOST_AUTO_TEST_CASE(decompression_bomb_is_refused_before_inflating) {
    write({{"zeros.bin", std::string(20u << 20, '\0')}}); // ~1000:1
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.diag().client_message.find("bomb") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(total_size_limit_is_enforced) {
    write({{"a.csv", std::string(1000, 'a')}, {"b.csv", std::string(1000, 'b')}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out, {.expansion = {.max_size = 1500}}).value(); });
    BOOST_TEST(e.diag().client_message.find("size limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(not_a_zip_is_a_clear_error) {
    write(std::string("this is not an archive"));
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.diag().client_message.find("not a ZIP archive") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_entry_with_an_empty_name_is_refused) {
    write({{"fine.csv", "a"}, {"", "b"}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(e.diag().client_message.find("empty name") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(names_with_control_characters_backslashes_or_empty_components_are_refused) {
    for (const std::string name : {"a\\b.csv", "v5/\x1b[31mred.csv", "v5//x.csv", "./x.csv", "C:x.csv"}) {
        write({{name, "a"}});
        const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
        BOOST_TEST(e.code() == errc::invalid_argument, name);
        BOOST_TEST(e.diag().client_message.find('\x1b') == std::string::npos); // quoted escaped
        BOOST_TEST(nothing_written());
    }
}

BOOST_AUTO_TEST_CASE(entries_sharing_their_data_are_refused) {
    // The second entry's directory record points at the first entry's data, with its
    // sizes and CRC: each alone is valid, together they are how a small archive expands.
    std::string zip = sandbox::files::make_zip({{"one.csv", std::string(5000, 'x')}, {"two.csv", "tiny"}});
    const auto first = central_header(zip);
    const auto second = zip.find(std::string("PK\x01\x02", 4), first + 4);
    for (int i = 16; i < 28; ++i) zip[second + i] = zip[first + i]; // CRC, compressed and real size
    for (int i = 42; i < 46; ++i) zip[second + i] = zip[first + i]; // the local header's offset
    write(zip);
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(e.diag().client_message.find("overlaps") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(many_small_entries_that_expand_far_beyond_the_archive_are_refused) {
    // Each entry is below the per-entry ratio check's 1 MiB; together 40 MiB from ~50 KiB.
    std::vector<sandbox::files::zip_entry> entries;
    for (int i = 0; i < 40; ++i) entries.push_back({"zeros" + std::to_string(i) + ".bin", std::string(1u << 20, '\0')});
    write(entries);
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.diag().client_message.find("times its size") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(an_entry_whose_output_outlasts_its_last_input_comes_out_whole) {
    // 256 KiB + 22 zeros: the last compressed bytes are consumed while output is still
    // pending (found with the extractor's 64 KiB input / 256 KiB output buffers).
    for (const std::size_t n : {std::size_t{262166}, std::size_t{262201}, std::size_t{(1u << 20) + 50}}) {
        fs::remove_all(out);
        write({{"zeros.bin", std::string(n, '\0')}});
        const auto files = detail::extract_zip(archive, out, {.expansion = {.max_ratio = 1e6}}).value();
        BOOST_REQUIRE_EQUAL(files.size(), 1u);
        BOOST_TEST(fs::file_size(out / "zeros.bin") == n);
    }
}

BOOST_AUTO_TEST_CASE(a_planted_symlink_at_an_entrys_part_file_is_not_followed) {
    const auto victim = dir.path() / "victim.txt";
    std::ofstream(victim) << "precious";
    fs::create_directories(out);
    fs::create_symlink(victim, out / "data.csv.part");
    write({{"data.csv", "id,prediction\n"}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out).value(); });
    BOOST_TEST(e.code() == errc::io_error);
    BOOST_TEST(e.diag().client_message.find("symbolic link") != std::string::npos);
    BOOST_TEST(read(victim) == "precious");
    BOOST_TEST(!fs::exists(out / "data.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
