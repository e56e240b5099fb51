#include "numerapi/archive/zip_extract.hpp"

#include "numerapi/files/no_follow.hpp"
#include "numerapi/files/server_names.hpp"
#include "numerapi/transfer/expansion_grace.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace numerapi::detail {
namespace {

/// The extraction's failure: `code`, and `what` went wrong.
failure unzip_failure(errc code, std::string what) { return make_failure(code, "unzip", std::move(what)); }

std::uint32_t get32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t(p[3]) << 24); }
std::uint16_t get16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }

struct entry {
    std::string name;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressed = 0, size = 0, local_offset = 0;
    std::uint64_t data_offset = 0; ///< where its compressed bytes start (after the local header)
    bool is_directory = false;
};

/// An entry's name as errors quote it.
std::string entry_label(const std::string& name) { return "entry \"" + printable(name) + "\""; }

std::optional<failure> locate_data(std::ifstream& in, std::uint64_t data_end, std::vector<entry>& entries);

/// The entries of the central directory, each checked, with where their data starts; or
/// the failure that refuses the archive.
outcome<std::vector<entry>> read_directory(std::ifstream& in, std::uint64_t file_size, const zip_limits& limits) {
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
    const std::uint64_t tail = std::min<std::uint64_t>(file_size, 65535 + 22);
    std::vector<unsigned char> buf(tail);
    in.seekg(static_cast<std::streamoff>(file_size - tail));
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(tail));
    std::int64_t eocd = -1;
    for (std::int64_t i = static_cast<std::int64_t>(tail) - 22; i >= 0; --i)
        if (get32(&buf[i]) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd < 0) return unzip_failure(errc::invalid_argument, "not a ZIP archive (no end of central directory)");
    const unsigned char* e = &buf[eocd];
    const std::uint64_t count = get16(e + 10), dir_size = get32(e + 12), dir_offset = get32(e + 16);
    if (count == 0xffff || dir_offset == 0xffffffff)
        return unzip_failure(errc::invalid_argument, "ZIP64 archives are not supported");
    if (count > limits.max_entries) return unzip_failure(errc::invalid_argument, "too many entries");
    if (dir_offset + dir_size > file_size)
        return unzip_failure(errc::invalid_argument, "the central directory lies outside the file");

    std::vector<unsigned char> dir(dir_size);
    in.seekg(static_cast<std::streamoff>(dir_offset));
    in.read(reinterpret_cast<char*>(dir.data()), static_cast<std::streamsize>(dir_size));
    std::vector<entry> out;
    std::size_t pos = 0;
    std::uint64_t total = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (pos + 46 > dir.size() || get32(&dir[pos]) != 0x02014b50)
            return unzip_failure(errc::invalid_argument, "corrupt central directory");
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
        if (pos + 46 + name_len > dir.size()) return unzip_failure(errc::invalid_argument, "corrupt central directory");
        en.name.assign(reinterpret_cast<const char*>(h + 46), name_len);
        pos += 46 + name_len + extra_len + comment_len;

        if (const auto why = unsafe_name_reason(en.name))
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is refused: " + *why);
        if (flags & 1) return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is encrypted");
        const unsigned mode = external >> 16;
        if ((mode & 0170000) == 0120000)
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is a symbolic link");
        en.is_directory = en.name.back() == '/';
        if (en.method != 0 && en.method != 8)
            return unzip_failure(errc::invalid_argument,
                                 entry_label(en.name) + " uses compression method " + std::to_string(en.method));
        if (en.method == 0 && en.compressed != en.size)
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is corrupt");
        if (en.size > expansion_ratio_grace &&
            static_cast<double>(en.size) > limits.expansion.max_ratio * static_cast<double>(en.compressed))
            return unzip_failure(errc::invalid_argument,
                                 entry_label(en.name) + " expands too much (a decompression bomb?)");
        total += en.size;
        if (total > limits.expansion.max_size)
            return unzip_failure(errc::invalid_argument, "the archive expands beyond the size limit");
        out.push_back(std::move(en));
    }
    std::vector<std::string> names;
    for (const auto& en : out) names.push_back(en.name);
    if (const auto why = clashing_names_reason(names))
        return unzip_failure(errc::invalid_argument, "entries clash: " + *why);
    // Many entries each within the ratio can still share one small compressed stream.
    // (Small entries are not checked alone: together they get the same allowance, 1 MiB
    // plus max_ratio times the archive.)
    if (static_cast<double>(total) >
        static_cast<double>(expansion_ratio_grace) + limits.expansion.max_ratio * static_cast<double>(file_size))
        return unzip_failure(errc::invalid_argument,
                             "the archive expands more than " +
                                 std::to_string(static_cast<unsigned>(limits.expansion.max_ratio)) +
                                 " times its size (a decompression bomb?)");
    // Entries' data lie before the central directory.
    if (auto refused = locate_data(in, dir_offset, out)) return std::move(*refused);
    return out;
}

/// Finds where each entry's data starts; the failure for data outside the file or shared
/// by two entries (overlapping entries are how small archives expand to huge ones).
std::optional<failure> locate_data(std::ifstream& in, std::uint64_t data_end, std::vector<entry>& entries) {
    for (auto& en : entries) {
        unsigned char local[30];
        if (en.local_offset + sizeof local > data_end)
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " lies outside the file");
        in.seekg(static_cast<std::streamoff>(en.local_offset));
        in.read(reinterpret_cast<char*>(local), sizeof local);
        if (!in || get32(local) != 0x04034b50)
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " has no local header");
        en.data_offset = en.local_offset + sizeof local + get16(local + 26) + get16(local + 28);
        if (en.data_offset + en.compressed > data_end)
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " lies outside the file");
    }
    std::vector<const entry*> by_offset;
    for (const auto& en : entries) by_offset.push_back(&en);
    std::sort(by_offset.begin(), by_offset.end(),
              [](const entry* a, const entry* b) { return a->local_offset < b->local_offset; });
    for (std::size_t i = 1; i < by_offset.size(); ++i)
        if (by_offset[i]->local_offset < by_offset[i - 1]->data_offset + by_offset[i - 1]->compressed)
            return unzip_failure(errc::invalid_argument,
                                 entry_label(by_offset[i]->name) + " overlaps " + entry_label(by_offset[i - 1]->name) +
                                     " (a decompression bomb?)");
    return std::nullopt;
}

/// Raw deflate (ZIP method 8), ended however extraction ends. Usable only when `ready`.
struct raw_inflater {
    z_stream z{};
    const bool ready = inflateInit2(&z, -MAX_WBITS) == Z_OK;
    raw_inflater() = default;
    ~raw_inflater() {
        if (ready) inflateEnd(&z);
    }
    raw_inflater(const raw_inflater&) = delete;
    raw_inflater& operator=(const raw_inflater&) = delete;
};

/// `<target>.part`, removed unless the entry is complete and renamed.
class entry_part {
public:
    /// Opens (emptying) `<target>.part`, or the failure; then nothing there is removed.
    static outcome<std::unique_ptr<entry_part>> open(const std::filesystem::path& target) {
        std::unique_ptr<entry_part> part(new entry_part(target));
        const outcome<int> fd = open_no_follow(part->part_, O_WRONLY | O_CREAT, true, "unzip");
        if (!fd) return fd.error();
        part->fd_ = *fd;
        part->opened_ = true;
        return part;
    }
    ~entry_part() {
        if (fd_ >= 0) ::close(fd_);
        std::error_code ec;
        if (opened_ && !committed_) std::filesystem::remove(part_, ec);
    }
    entry_part(const entry_part&) = delete;
    entry_part& operator=(const entry_part&) = delete;

    /// Writes `bytes` after those before; the failure, or none.
    std::optional<failure> append(std::span<const char> bytes) {
        if (outcome<void> written = write_all_at(fd_, size_, bytes, part_, "unzip"); !written) return written.error();
        size_ += bytes.size();
        return std::nullopt;
    }
    /// The entry is complete and verified: its file is closed, and waits for commit().
    void finish() { ::close(std::exchange(fd_, -1)); }
    /// Renames the part to its target; the failure if it cannot.
    std::optional<failure> commit() {
        if (fd_ >= 0) finish();
        std::error_code ec;
        std::filesystem::rename(part_, target_, ec);
        if (ec) return unzip_failure(errc::io_error, "cannot rename " + part_.string() + ": " + ec.message());
        committed_ = true;
        return std::nullopt;
    }

private:
    explicit entry_part(const std::filesystem::path& target) : target_(target), part_(target.string() + ".part") {}

    std::filesystem::path target_, part_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    bool opened_ = false;
    bool committed_ = false;
};

/// Writes one entry into `out` and verifies it; commits nothing. The failure, or none.
std::optional<failure> extract_entry(std::ifstream& in, const entry& en, entry_part& out,
                                     const std::atomic<bool>* stop) {
    in.seekg(static_cast<std::streamoff>(en.data_offset));
    std::optional<raw_inflater> inflater;
    if (en.method == 8) {
        inflater.emplace();
        if (!inflater->ready) return unzip_failure(errc::io_error, "zlib inflateInit2 failed");
    }
    std::vector<char> input(64u << 10), output(256u << 10);
    std::uint64_t left = en.compressed, written = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    bool ended = en.method == 0;
    // Counts output, adds it to the CRC and writes it; the failure once there is more than the entry says.
    auto emit = [&](const char* p, std::size_t n) -> std::optional<failure> {
        written += n;
        if (written > en.size)
            return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is larger than it says");
        crc = crc32(crc, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(n));
        return out.append({p, n});
    };
    while (left > 0) {
        if (stop && stop->load(std::memory_order_relaxed))
            return unzip_failure(errc::io_error, "the extraction was stopped");
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, input.size()));
        in.read(input.data(), static_cast<std::streamsize>(n));
        if (!in) return unzip_failure(errc::io_error, "cannot read the archive");
        left -= n;
        if (!inflater) {
            if (auto refused = emit(input.data(), n)) return refused;
            continue;
        }
        auto& zs = inflater->z;
        zs.next_in = reinterpret_cast<Bytef*>(input.data());
        zs.avail_in = static_cast<uInt>(n);
        // Until the input is used up and the output is drained: the last input bytes may
        // still hold more output than one buffer.
        while (!ended && (zs.avail_in > 0 || zs.avail_out == 0)) {
            zs.next_out = reinterpret_cast<Bytef*>(output.data());
            zs.avail_out = static_cast<uInt>(output.size());
            const int rc = inflate(&zs, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
                return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is not valid deflate data");
            const std::size_t produced = output.size() - zs.avail_out;
            if (auto refused = emit(output.data(), produced)) return refused;
            ended = rc == Z_STREAM_END;
            if (rc == Z_BUF_ERROR && produced == 0) break; // needs more input
        }
    }
    if (!ended || written != en.size)
        return unzip_failure(errc::invalid_argument, entry_label(en.name) + " is truncated");
    if (crc != en.crc) return unzip_failure(errc::checksum_mismatch, entry_label(en.name) + " fails its CRC-32 check");
    out.finish();
    return std::nullopt;
}

} // namespace

outcome<std::vector<std::filesystem::path>> extract_zip(const std::filesystem::path& archive,
                                                        const std::filesystem::path& destination, zip_limits limits,
                                                        const std::atomic<bool>* stop) {
    std::ifstream in{archive, std::ios::binary};
    if (!in) return unzip_failure(errc::io_error, "cannot open " + archive.string());
    std::error_code ec;
    const auto file_size = std::filesystem::file_size(archive, ec);
    if (ec) return unzip_failure(errc::io_error, "cannot read " + archive.string());
    // Every entry is checked before anything is written.
    const outcome<std::vector<entry>> entries = read_directory(in, file_size, limits);
    if (!entries) return entries.error();
    // Every entry is written to its .part and verified before any reaches its final path, so
    // that an entry failing after others leaves nothing extracted (the parts are removed).
    std::vector<std::filesystem::path> written;
    std::vector<std::unique_ptr<entry_part>> parts;
    for (const auto& en : *entries) {
        outcome<std::filesystem::path> target = path_inside(destination, en.name, errc::invalid_argument, "unzip");
        if (!target) return target.error();
        if (en.is_directory) continue;
        outcome<std::unique_ptr<entry_part>> part = entry_part::open(*target);
        if (!part) return part.error();
        parts.push_back(std::move(*part));
        if (auto refused = extract_entry(in, en, *parts.back(), stop)) return std::move(*refused);
        written.push_back(std::move(*target));
    }
    if (stop && stop->load()) return unzip_failure(errc::io_error, "the extraction was stopped");
    for (auto& part : parts)
        if (auto refused = part->commit()) return std::move(*refused);
    return written;
}

} // namespace numerapi::detail
