#include "sandbox/files/zip_writer.hpp"

#include <zlib.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace numerapi::sandbox::files {
namespace {

void put16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, static_cast<std::uint16_t>(v & 0xffff));
    put16(out, static_cast<std::uint16_t>(v >> 16));
}

std::string raw_deflate(std::string_view in) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zip: deflateInit2 failed");
    std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("zip: deflate failed");
    return out;
}

// 2017-08-14 12:00:00, the date of the REST-era client the legacy zip stands in for.
constexpr std::uint16_t dos_time = (12 << 11);
constexpr std::uint16_t dos_date = ((2017 - 1980) << 9) | (8 << 5) | 14;

} // namespace

std::string make_zip(const std::vector<zip_entry>& entries) {
    std::string archive;
    std::string directory;
    for (const auto& e : entries) {
        if (e.content.size() >= std::numeric_limits<std::uint32_t>::max() || e.name.size() > 0xffff)
            throw std::runtime_error("zip: entry too large for a non-ZIP64 archive: " + e.name);
        const auto crc = static_cast<std::uint32_t>(
            crc32(0L, reinterpret_cast<const Bytef*>(e.content.data()), static_cast<uInt>(e.content.size())));
        const std::string compressed = raw_deflate(e.content);
        const auto offset = static_cast<std::uint32_t>(archive.size());

        put32(archive, 0x04034b50);
        put16(archive, 20);     // version needed: 2.0 (deflate)
        put16(archive, 0x0800); // flags: names are UTF-8
        put16(archive, 8);      // deflate
        put16(archive, dos_time);
        put16(archive, dos_date);
        put32(archive, crc);
        put32(archive, static_cast<std::uint32_t>(compressed.size()));
        put32(archive, static_cast<std::uint32_t>(e.content.size()));
        put16(archive, static_cast<std::uint16_t>(e.name.size()));
        put16(archive, 0);
        archive += e.name;
        archive += compressed;

        put32(directory, 0x02014b50);
        put16(directory, (3 << 8) | 20); // made by: Unix, 2.0
        put16(directory, 20);
        put16(directory, 0x0800);
        put16(directory, 8);
        put16(directory, dos_time);
        put16(directory, dos_date);
        put32(directory, crc);
        put32(directory, static_cast<std::uint32_t>(compressed.size()));
        put32(directory, static_cast<std::uint32_t>(e.content.size()));
        put16(directory, static_cast<std::uint16_t>(e.name.size()));
        put16(directory, 0);              // extra
        put16(directory, 0);              // comment
        put16(directory, 0);              // disk
        put16(directory, 0);              // internal attributes
        put32(directory, 0100644u << 16); // external: regular file, rw-r--r--
        put32(directory, offset);
        directory += e.name;
    }
    const auto directory_offset = static_cast<std::uint32_t>(archive.size());
    archive += directory;
    put32(archive, 0x06054b50);
    put16(archive, 0);
    put16(archive, 0);
    put16(archive, static_cast<std::uint16_t>(entries.size()));
    put16(archive, static_cast<std::uint16_t>(entries.size()));
    put32(archive, static_cast<std::uint32_t>(directory.size()));
    put32(archive, directory_offset);
    put16(archive, 0);
    return archive;
}

} // namespace numerapi::sandbox::files
