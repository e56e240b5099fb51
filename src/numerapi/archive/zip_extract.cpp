#include "numerapi/archive/zip_extract.hpp"

#include <numerapi/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>

namespace numerapi::detail {
namespace {

[[noreturn]] void fail(errc code, const std::string& what) {
    throw error(make_error_code(code), {.operation = "unzip", .client_message = what});
}

std::uint32_t get32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t(p[3]) << 24); }
std::uint16_t get16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }

struct entry {
    std::string name;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressed = 0, size = 0, local_offset = 0;
    bool is_directory = false;
};

/// A relative path that stays inside the destination, or an error.
std::filesystem::path safe_relative(const std::string& name) {
    if (name.empty()) fail(errc::invalid_argument, "an entry has an empty name");
    if (name.find('\0') != std::string::npos || name.find('\\') != std::string::npos)
        fail(errc::invalid_argument, "entry \"" + name + "\" has a backslash or NUL in its name");
    if (name.front() == '/' || (name.size() > 1 && name[1] == ':'))
        fail(errc::invalid_argument, "entry \"" + name + "\" has an absolute path");
    std::filesystem::path p{name};
    for (const auto& part : p)
        if (part == "..") fail(errc::invalid_argument, "entry \"" + name + "\" would escape the destination (..)");
    return p.lexically_normal();
}

std::vector<entry> read_directory(std::ifstream& in, std::uint64_t file_size, const zip_limits& limits) {
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
    const std::uint64_t tail = std::min<std::uint64_t>(file_size, 65535 + 22);
    std::vector<unsigned char> buf(tail);
    in.seekg(static_cast<std::streamoff>(file_size - tail));
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(tail));
    std::int64_t eocd = -1;
    for (std::int64_t i = static_cast<std::int64_t>(tail) - 22; i >= 0; --i)
        if (get32(&buf[i]) == 0x06054b50) { eocd = i; break; }
    if (eocd < 0) fail(errc::invalid_argument, "not a ZIP archive (no end of central directory)");
    const unsigned char* e = &buf[eocd];
    const std::uint64_t count = get16(e + 10), dir_size = get32(e + 12), dir_offset = get32(e + 16);
    if (count == 0xffff || dir_offset == 0xffffffff) fail(errc::invalid_argument, "ZIP64 archives are not supported");
    if (count > limits.max_entries) fail(errc::invalid_argument, "too many entries");
    if (dir_offset + dir_size > file_size) fail(errc::invalid_argument, "the central directory lies outside the file");

    std::vector<unsigned char> dir(dir_size);
    in.seekg(static_cast<std::streamoff>(dir_offset));
    in.read(reinterpret_cast<char*>(dir.data()), static_cast<std::streamsize>(dir_size));
    std::vector<entry> out;
    std::size_t pos = 0;
    std::uint64_t total = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (pos + 46 > dir.size() || get32(&dir[pos]) != 0x02014b50) fail(errc::invalid_argument, "corrupt central directory");
        const unsigned char* h = &dir[pos];
        entry en;
        const std::uint16_t flags = get16(h + 8);
        en.method = get16(h + 10);
        en.crc = get32(h + 16);
        en.compressed = get32(h + 20);
        en.size = get32(h + 24);
        const std::uint16_t name_len = get16(h + 28), extra_len = get16(h + 30), comment_len = get16(h + 32);
        const std::uint32_t external = get32(h + 38);
        en.local_offset = get32(h + 42);
        if (pos + 46 + name_len > dir.size()) fail(errc::invalid_argument, "corrupt central directory");
        en.name.assign(reinterpret_cast<const char*>(h + 46), name_len);
        pos += 46 + name_len + extra_len + comment_len;

        if (flags & 1) fail(errc::invalid_argument, "entry \"" + en.name + "\" is encrypted");
        const unsigned mode = external >> 16;
        if ((mode & 0170000) == 0120000) fail(errc::invalid_argument, "entry \"" + en.name + "\" is a symbolic link");
        en.is_directory = en.name.back() == '/';
        safe_relative(en.name);
        if (en.method != 0 && en.method != 8)
            fail(errc::invalid_argument, "entry \"" + en.name + "\" uses compression method " + std::to_string(en.method));
        if (en.method == 0 && en.compressed != en.size) fail(errc::invalid_argument, "entry \"" + en.name + "\" is corrupt");
        if (en.size > (1u << 20) && en.compressed > 0 &&
            static_cast<double>(en.size) / static_cast<double>(en.compressed) > limits.max_ratio)
            fail(errc::invalid_argument, "entry \"" + en.name + "\" expands too much (a decompression bomb?)");
        total += en.size;
        if (total > limits.max_total_size) fail(errc::invalid_argument, "the archive expands beyond the size limit");
        out.push_back(std::move(en));
    }
    return out;
}

void extract_entry(std::ifstream& in, std::uint64_t file_size, const entry& en, const std::filesystem::path& target) {
    unsigned char local[30];
    in.seekg(static_cast<std::streamoff>(en.local_offset));
    in.read(reinterpret_cast<char*>(local), sizeof local);
    if (!in || get32(local) != 0x04034b50) fail(errc::invalid_argument, "entry \"" + en.name + "\" has no local header");
    const std::uint64_t data = en.local_offset + 30 + get16(local + 26) + get16(local + 28);
    if (data + en.compressed > file_size) fail(errc::invalid_argument, "entry \"" + en.name + "\" lies outside the file");
    in.seekg(static_cast<std::streamoff>(data));

    const std::filesystem::path part = target.string() + ".part";
    std::ofstream out{part, std::ios::binary | std::ios::trunc};
    if (!out) fail(errc::io_error, "cannot write " + part.string());

    z_stream zs{};
    if (en.method == 8 && inflateInit2(&zs, -MAX_WBITS) != Z_OK) fail(errc::io_error, "zlib inflateInit2 failed");
    std::vector<char> input(64u << 10), output(256u << 10);
    std::uint64_t left = en.compressed, written = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    bool ended = en.method == 0;
    auto emit = [&](const char* p, std::size_t n) {
        written += n;
        if (written > en.size) fail(errc::invalid_argument, "entry \"" + en.name + "\" is larger than it says");
        crc = crc32(crc, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(n));
        out.write(p, static_cast<std::streamsize>(n));
    };
    while (left > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, input.size()));
        in.read(input.data(), static_cast<std::streamsize>(n));
        if (!in) fail(errc::io_error, "cannot read the archive");
        left -= n;
        if (en.method == 0) {
            emit(input.data(), n);
            continue;
        }
        zs.next_in = reinterpret_cast<Bytef*>(input.data());
        zs.avail_in = static_cast<uInt>(n);
        while (zs.avail_in > 0 && !ended) {
            zs.next_out = reinterpret_cast<Bytef*>(output.data());
            zs.avail_out = static_cast<uInt>(output.size());
            const int rc = inflate(&zs, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) {
                inflateEnd(&zs);
                fail(errc::invalid_argument, "entry \"" + en.name + "\" is not valid deflate data");
            }
            emit(output.data(), output.size() - zs.avail_out);
            ended = rc == Z_STREAM_END;
        }
    }
    if (en.method == 8) inflateEnd(&zs);
    out.close();
    if (!ended || written != en.size) fail(errc::invalid_argument, "entry \"" + en.name + "\" is truncated");
    if (crc != en.crc) fail(errc::checksum_mismatch, "entry \"" + en.name + "\" fails its CRC-32 check");
    if (!out) fail(errc::io_error, "cannot write " + part.string());
    std::error_code ec;
    std::filesystem::rename(part, target, ec);
    if (ec) fail(errc::io_error, "cannot rename " + part.string() + ": " + ec.message());
}

} // namespace

std::vector<std::filesystem::path> extract_zip(const std::filesystem::path& archive,
                                               const std::filesystem::path& destination, zip_limits limits) {
    std::ifstream in{archive, std::ios::binary};
    if (!in) fail(errc::io_error, "cannot open " + archive.string());
    std::error_code ec;
    const auto file_size = std::filesystem::file_size(archive, ec);
    if (ec) fail(errc::io_error, "cannot read " + archive.string());
    // Every entry is checked before anything is written.
    const std::vector<entry> entries = read_directory(in, file_size, limits);
    std::vector<std::filesystem::path> written;
    std::filesystem::create_directories(destination, ec);
    const auto root = std::filesystem::canonical(destination, ec);
    if (ec) fail(errc::io_error, "cannot create " + destination.string() + ": " + ec.message());
    for (const auto& en : entries) {
        const auto target = destination / safe_relative(en.name);
        std::filesystem::create_directories(en.is_directory ? target : target.parent_path(), ec);
        if (ec) fail(errc::io_error, "cannot create " + target.parent_path().string() + ": " + ec.message());
        // A symbolic link already in the destination must not carry an entry outside it.
        const auto parent = std::filesystem::canonical(en.is_directory ? target : target.parent_path(), ec);
        const auto [root_end, parent_end] =
            std::mismatch(root.begin(), root.end(), parent.begin(), parent.end());
        if (ec || root_end != root.end())
            fail(errc::invalid_argument, "entry \"" + en.name + "\" would be written outside the destination");
        if (en.is_directory) continue;
        extract_entry(in, file_size, en, target);
        written.push_back(target);
    }
    return written;
}

} // namespace numerapi::detail
