// The sandbox's file pieces without sockets: Range decisions, presigned URLs, generated
// content, the legacy zip and the Parquet ticker table.
#include "sandbox/files/byte_range.hpp"
#include "sandbox/files/generated_content.hpp"
#include "sandbox/files/parquet_table.hpp"
#include "sandbox/files/url_signer.hpp"
#include "sandbox/files/zip_writer.hpp"

#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include <cstring>

using namespace numerapi::sandbox::files;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(sandbox_files)

BOOST_AUTO_TEST_CASE(range_forms_of_rfc_9110) {
    auto d = decide_range("bytes=0-99", 1000);
    BOOST_TEST((d.outcome == range_outcome::partial && d.range.first == 0u && d.range.last == 99u));
    d = decide_range("bytes=900-", 1000);
    BOOST_TEST((d.outcome == range_outcome::partial && d.range.first == 900u && d.range.last == 999u));
    d = decide_range("bytes=-100", 1000); // suffix: the last 100 bytes
    BOOST_TEST((d.outcome == range_outcome::partial && d.range.first == 900u && d.range.last == 999u));
    d = decide_range("bytes=-5000", 1000); // suffix longer than the file: all of it
    BOOST_TEST((d.outcome == range_outcome::partial && d.range.first == 0u && d.range.last == 999u));
    d = decide_range("bytes=500-5000", 1000); // end past the end is clamped
    BOOST_TEST((d.outcome == range_outcome::partial && d.range.last == 999u && d.range.length() == 500u));
}

BOOST_AUTO_TEST_CASE(range_past_the_end_is_unsatisfiable) {
    BOOST_TEST((decide_range("bytes=1000-", 1000).outcome == range_outcome::unsatisfiable));
    BOOST_TEST((decide_range("bytes=5000-6000", 1000).outcome == range_outcome::unsatisfiable));
    BOOST_TEST((decide_range("bytes=-0", 1000).outcome == range_outcome::unsatisfiable));
    BOOST_TEST((decide_range("bytes=0-", 0).outcome == range_outcome::unsatisfiable));
}

BOOST_AUTO_TEST_CASE(several_or_malformed_ranges_get_the_whole_file) {
    BOOST_TEST((decide_range("bytes=0-1,5-6", 1000).outcome == range_outcome::whole));
    BOOST_TEST((decide_range("bytes=5-1", 1000).outcome == range_outcome::whole));
    BOOST_TEST((decide_range("items=0-1", 1000).outcome == range_outcome::whole));
    BOOST_TEST((decide_range("bytes=abc-", 1000).outcome == range_outcome::whole));
    BOOST_TEST((decide_range("", 1000).outcome == range_outcome::whole));
}

BOOST_AUTO_TEST_CASE(presigned_url_is_valid_until_it_expires) {
    url_signer signer;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto target = signer.sign("GET", "/datasets/8/1150/v5.2/train.parquet", now + 60s);
    BOOST_TEST(target.starts_with("/datasets/8/1150/v5.2/train.parquet?expires="));
    BOOST_TEST((signer.verify("GET", target, now) == url_verdict::valid));
    BOOST_TEST((signer.verify("HEAD", target, now) == url_verdict::valid));
    BOOST_TEST((signer.verify("GET", target, now + 60s) == url_verdict::expired));
    BOOST_TEST((signer.verify("PUT", target, now) == url_verdict::bad_signature));
}

BOOST_AUTO_TEST_CASE(tampered_urls_are_refused) {
    url_signer signer, other;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto target = signer.sign("GET", "/datasets/8/1150/v5.2/train.parquet", now + 60s);
    std::string path_changed = target;
    path_changed.replace(path_changed.find("train"), 5, "valid");
    BOOST_TEST((signer.verify("GET", path_changed, now) == url_verdict::bad_signature));
    const auto e = target.find("expires=") + 8;
    std::string expiry_changed = target;
    expiry_changed[e] = expiry_changed[e] == '9' ? '8' : static_cast<char>(expiry_changed[e] + 1);
    BOOST_TEST((signer.verify("GET", expiry_changed, now) == url_verdict::bad_signature));
    BOOST_TEST((other.verify("GET", target, now) == url_verdict::bad_signature));
    BOOST_TEST((signer.verify("GET", "/datasets/8/1150/v5.2/train.parquet", now) == url_verdict::unsigned_url));
    BOOST_TEST((signer.verify("GET", target + "&extra=1", now) == url_verdict::bad_signature));
}

BOOST_AUTO_TEST_CASE(generated_content_is_the_same_for_every_range) {
    generated_file f{42, 100000, true, 0};
    const std::string all = f.to_string();
    BOOST_TEST(all.size() == 100000u);
    BOOST_TEST(all.substr(0, 4) == "PAR1");
    BOOST_TEST(all.substr(all.size() - 4) == "PAR1");
    for (std::uint64_t offset : {0u, 1u, 3u, 7u, 8u, 99990u, 12345u}) {
        std::string part(std::min<std::uint64_t>(10, 100000 - offset), '\0');
        f.read(offset, part);
        BOOST_TEST(part == all.substr(offset, part.size()));
    }
    generated_file changed = f;
    changed.version = 1;
    BOOST_TEST(changed.to_string() != all);
    BOOST_TEST(changed.etag() != f.etag());
    BOOST_TEST(f.etag() == generated_file(f).etag());
}

BOOST_AUTO_TEST_CASE(zip_entries_carry_names_sizes_and_crcs) {
    const std::string a = "id,era\nn1,era1\n", b(100000, 'x');
    const std::string zip = make_zip({{"a.csv", a}, {"dir/b.csv", b}});
    BOOST_TEST(zip.substr(0, 4) == std::string("PK\x03\x04", 4));
    // The end-of-central-directory record names two entries.
    const auto eocd = zip.rfind(std::string("PK\x05\x06", 4));
    BOOST_REQUIRE(eocd != std::string::npos);
    BOOST_TEST(static_cast<unsigned char>(zip[eocd + 10]) == 2u);
    // The first local header's CRC is zlib's CRC of the content.
    std::uint32_t crc = 0;
    std::memcpy(&crc, zip.data() + 14, 4);
    BOOST_TEST(crc == static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(a.data()), a.size())));
    // Deflate makes the repetitive entry small.
    BOOST_TEST(zip.size() < 2000u);
}

BOOST_AUTO_TEST_CASE(parquet_table_lays_out_magic_values_and_footer) {
    const std::vector<std::string> values{"AAPL US", "SONY JP", std::string(300, 'X')};
    const std::string file = parquet_string_table("numerai_ticker", values);
    BOOST_REQUIRE(file.size() > 12u);
    BOOST_TEST(file.substr(0, 4) == "PAR1");
    BOOST_TEST(file.substr(file.size() - 4) == "PAR1");
    // The footer's length, little-endian, before the closing magic; the footer ends the file.
    std::uint32_t footer_size = 0;
    for (int i = 0; i < 4; ++i)
        footer_size |= static_cast<std::uint32_t>(static_cast<unsigned char>(file[file.size() - 8 + i])) << (8 * i);
    BOOST_REQUIRE(footer_size + 12u < file.size());
    const std::string footer = file.substr(file.size() - 8 - footer_size, footer_size);
    BOOST_TEST(footer.find("numerai_ticker") != std::string::npos); // the schema and path_in_schema
    BOOST_TEST(footer.back() == '\0');                              // FileMetaData's stop field
    // The data page: each value as PLAIN, a 4-byte length then the bytes, in order.
    std::size_t at = 4;
    for (const auto& v : values) {
        std::string plain(4, '\0');
        for (int i = 0; i < 4; ++i) plain[i] = static_cast<char>((v.size() >> (8 * i)) & 0xff);
        plain += v;
        const auto found = file.find(plain, at);
        BOOST_REQUIRE(found != std::string::npos);
        at = found + plain.size();
    }
    BOOST_TEST(at == file.size() - 8 - footer_size); // the page ends where the footer starts
}

BOOST_AUTO_TEST_SUITE_END()
