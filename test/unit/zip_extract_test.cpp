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
    write({{"numerai_training_data.csv", "id,era\nn1,era1\n"}, {"dir/example_predictions.csv", "id,probability\n"},
           {"big.bin", big.substr(0, 1u << 20)}});
    const auto files = detail::extract_zip(archive, out);
    BOOST_TEST(files.size() == 3u);
    BOOST_TEST(read(out / "numerai_training_data.csv") == "id,era\nn1,era1\n");
    BOOST_TEST(read(out / "dir" / "example_predictions.csv") == "id,probability\n");
    BOOST_TEST(read(out / "big.bin").size() == (1u << 20));
    BOOST_TEST(!fs::exists(out / "big.bin.part"));
}

BOOST_AUTO_TEST_CASE(dot_dot_entry_is_refused_and_nothing_is_written) {
    write({{"fine.csv", "a"}, {"../escape.csv", "b"}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(e.code() == errc::invalid_argument);
    BOOST_TEST(e.diag().client_message.find("escape") != std::string::npos);
    BOOST_TEST(nothing_written());
    BOOST_TEST(!fs::exists(dir.path() / "escape.csv"));
}

BOOST_AUTO_TEST_CASE(absolute_entry_is_refused) {
    write({{"/tmp/numerapi-absolute.csv", "a"}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(e.diag().client_message.find("absolute") != std::string::npos);
    BOOST_TEST(!fs::exists("/tmp/numerapi-absolute.csv"));
}

BOOST_AUTO_TEST_CASE(symlink_entry_is_refused) {
    std::string zip = sandbox::files::make_zip({{"link", "/etc/passwd"}});
    const auto h = central_header(zip);
    zip[h + 38 + 2] = static_cast<char>(0xff); // external attributes: mode 0120777, a symlink
    zip[h + 38 + 3] = static_cast<char>(0xa1);
    write(zip);
    const auto e = expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(e.diag().client_message.find("symbolic link") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(entry_through_an_existing_symlink_is_refused) {
    fs::create_directories(out);
    fs::create_directories(dir.path() / "elsewhere");
    fs::create_directory_symlink(dir.path() / "elsewhere", out / "sub");
    write({{"sub/file.csv", "a"}});
    expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(!fs::exists(dir.path() / "elsewhere" / "file.csv"));
}

BOOST_AUTO_TEST_CASE(bad_crc_is_refused_and_leaves_no_file) {
    std::string zip = sandbox::files::make_zip({{"data.csv", "id,prediction\nn1,0.5\n"}});
    zip[central_header(zip) + 16] ^= 0x55; // the CRC the directory claims
    write(zip);
    const auto e = expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(e.code() == errc::checksum_mismatch);
    BOOST_TEST(!fs::exists(out / "data.csv"));
}

BOOST_AUTO_TEST_CASE(decompression_bomb_is_refused_before_inflating) {
    write({{"zeros.bin", std::string(20u << 20, '\0')}}); // ~1000:1
    const auto e = expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(e.diag().client_message.find("bomb") != std::string::npos);
    BOOST_TEST(nothing_written());
}

BOOST_AUTO_TEST_CASE(total_size_limit_is_enforced) {
    write({{"a.csv", std::string(1000, 'a')}, {"b.csv", std::string(1000, 'b')}});
    const auto e = expect_error([&] { detail::extract_zip(archive, out, {.max_total_size = 1500}); });
    BOOST_TEST(e.diag().client_message.find("size limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(not_a_zip_is_a_clear_error) {
    write(std::string("this is not an archive"));
    const auto e = expect_error([&] { detail::extract_zip(archive, out); });
    BOOST_TEST(e.diag().client_message.find("not a ZIP archive") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
