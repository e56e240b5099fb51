#include "numerapi/transfer/part_file.hpp"

#include "numerapi/transfer/checksums.hpp"

#include <numerapi/error.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {

namespace {
constexpr std::uint64_t writeback_step = 8u << 20;
}

part_file::part_file(std::filesystem::path path, bool resume, bool durable)
    : path_(std::move(path)), durable_(durable) {
    std::error_code ec;
    if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path(), ec);
    if (ec) fail("cannot create " + path_.parent_path().string() + ": " + ec.message());
    if (resume) {
        std::ifstream in{etag_path()};
        if (in) std::getline(in, etag_);
    }
    fd_ = ::open(part_path().c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot open " + part_path().string() + ": " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd_, &st);
    size_ = static_cast<std::uint64_t>(st.st_size);
    // Without a record of which version the bytes belong to they cannot be resumed safely.
    if (!resume || etag_.empty()) restart("");
}

part_file::~part_file() {
    if (fd_ >= 0) ::close(fd_);
}

std::filesystem::path part_file::part_path() const { return path_.string() + ".part"; }
std::filesystem::path part_file::etag_path() const { return path_.string() + ".part.etag"; }

void part_file::fail(const std::string& what) const {
    throw error(make_error_code(errc::io_error), {.operation = "download", .client_message = what});
}

void part_file::restart(const std::string& etag) {
    if (::ftruncate(fd_, 0) != 0) fail("cannot truncate " + part_path().string() + ": " + std::strerror(errno));
    size_ = 0;
    etag_ = etag;
    std::error_code ec;
    if (etag_.empty()) {
        std::filesystem::remove(etag_path(), ec);
        return;
    }
    std::ofstream out{etag_path(), std::ios::trunc};
    out << etag_ << '\n';
    if (!out) fail("cannot write " + etag_path().string());
}

void part_file::preallocate(std::uint64_t total) {
    if (::ftruncate(fd_, static_cast<off_t>(total)) != 0)
        fail("cannot size " + part_path().string() + ": " + std::strerror(errno));
    // Reserve the blocks now, so that a full disk fails here rather than mid-transfer.
    const int rc = ::posix_fallocate(fd_, 0, static_cast<off_t>(total));
    if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL)
        fail("cannot allocate " + std::to_string(total) + " bytes for " + part_path().string() + ": " + std::strerror(rc));
    size_ = 0;
}

void part_file::write_at(std::uint64_t offset, std::span<const char> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write " + part_path().string() + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    if (!durable_) return;
    // Start the disk write-back as the file grows, without waiting for it, so that the
    // fsync before the rename has less left to do.
    unflushed_ += bytes.size();
    if (unflushed_ >= writeback_step) {
        ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
        unflushed_ = 0;
    }
}

void part_file::append(std::span<const char> bytes) {
    write_at(size_, bytes);
    size_ += bytes.size();
}

std::string part_file::md5_hex() const {
    md5_digest md5;
    try {
        md5.update_from_file(part_path());
    } catch (const std::system_error& e) {
        fail(e.what());
    }
    return md5.hex();
}

void part_file::commit() {
    if (durable_ && ::fsync(fd_) != 0) fail("cannot flush " + part_path().string() + ": " + std::strerror(errno));
    std::error_code ec;
    std::filesystem::rename(part_path(), path_, ec);
    if (ec) fail("cannot rename " + part_path().string() + " to " + path_.string() + ": " + ec.message());
    std::filesystem::remove(etag_path(), ec);
}

} // namespace numerapi::detail
