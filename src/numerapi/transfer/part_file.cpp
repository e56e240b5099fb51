#include "numerapi/transfer/part_file.hpp"

#include "numerapi/files/no_follow.hpp"
#include "numerapi/http/entity_tag.hpp"
#include "numerapi/transfer/complete_file.hpp"
#include "numerapi/transfer/checksums.hpp"

#include <numerapi/error.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {

namespace {
constexpr std::uint64_t writeback_step = 8u << 20;
constexpr std::size_t max_validator_record = 4096; ///< a validator is a header value: far shorter
}

part_file::part_file(std::filesystem::path path, const std::filesystem::path& beneath, bool resume, bool durable)
    : path_(std::move(path)), name_(path_.filename().string()), durable_(durable) {
    if (name_.empty() || name_ == "." || name_ == "..") fail("cannot write a file named " + path_.string());
    dir_fd_ = open_destination_directory(path_, beneath, "download");
    try {
        if (resume) {
            // Sent back in If-Range: only a validator, whoever wrote the record. A record that
            // cannot be read (a link, another hard link) is no record: the part starts over.
            try {
                const auto record = read_text_no_follow(dir_fd_, name_ + ".part.etag", validator_path(),
                                                        max_validator_record, "download");
                if (record) validator_ = record->substr(0, record->find('\n'));
            } catch (const error&) {
                validator_.clear();
            }
            if (!is_usable_validator(validator_)) validator_.clear();
        }
        fd_ = open_no_follow_at(dir_fd_, name_ + ".part", part_path(), O_RDWR | O_CREAT, false, "download");
        struct stat st {};
        ::fstat(fd_, &st);
        size_ = static_cast<std::uint64_t>(st.st_size);
        // Without a record of which version the bytes belong to they cannot be resumed safely.
        if (!resume || validator_.empty()) restart("");
    } catch (...) {
        if (fd_ >= 0) ::close(fd_);
        ::close(dir_fd_);
        throw;
    }
}

part_file::~part_file() {
    if (fd_ >= 0) ::close(fd_);
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::filesystem::path part_file::part_path() const { return path_.string() + ".part"; }
std::filesystem::path part_file::validator_path() const { return path_.string() + ".part.etag"; }

void part_file::fail(const std::string& what) const {
    throw error(make_error_code(errc::io_error), {.operation = "download", .client_message = what});
}

void part_file::restart(const std::string& validator) {
    empty_file(fd_, part_path(), "download");
    size_ = 0;
    validator_ = validator;
    // Whatever is at the record's name goes first: a link or a FIFO planted there is
    // replaced, never followed or opened.
    ::unlinkat(dir_fd_, (name_ + ".part.etag").c_str(), 0);
    if (validator_.empty()) return;
    write_text_no_follow(dir_fd_, name_ + ".part.etag", validator_path(), validator_ + '\n', "download");
}

void part_file::preallocate(std::uint64_t total) {
    if (::ftruncate(fd_, static_cast<off_t>(total)) != 0)
        fail("cannot size " + part_path().string() + ": " + std::strerror(errno));
    // Reserve the blocks now, so that a full disk fails here rather than mid-transfer. The
    // file system's own allocation only: where it has none, glibc's posix_fallocate writes
    // every block, which takes as long as the download's own writes.
    if (::fallocate(fd_, 0, 0, static_cast<off_t>(total)) != 0 && errno != EOPNOTSUPP && errno != ENOSYS &&
        errno != EINVAL) {
        const int e = errno;
        fail("cannot allocate " + std::to_string(total) + " bytes for " + part_path().string() + ": " +
             std::strerror(e));
    }
    size_ = 0;
}

void part_file::write_at(std::uint64_t offset, std::span<const char> bytes) {
    write_all_at(fd_, offset, bytes, part_path(), "download");
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

std::string part_file::md5_hex(const std::atomic<bool>& stop) const {
    md5_digest md5;
    md5.stop_when(stop);
    try {
        md5.update_from_fd(fd_, part_path());
    } catch (const std::system_error& e) {
        fail(e.what());
    }
    return md5.hex();
}

void part_file::flush() const {
    if (durable_ && ::fsync(fd_) != 0) {
        const int e = errno; // before the message's strings are built
        fail("cannot flush " + part_path().string() + ": " + std::strerror(e));
    }
}

void part_file::commit(const std::string& version) {
    const auto failed = [this](const std::string& what) {
        const int e = errno; // before the message's strings are built
        fail(what + ": " + std::strerror(e));
    };
    flush(); // at once if flush() was called before and nothing was written since
    if (::renameat(dir_fd_, (name_ + ".part").c_str(), dir_fd_, name_.c_str()) != 0)
        failed("cannot rename " + part_path().string() + " to " + path_.string());
    ::unlinkat(dir_fd_, (name_ + ".part.etag").c_str(), 0);
    // The rename lives in the directory: without its fsync, a crash can lose the name while
    // the data stays, and the file is neither at its final path nor a .part.
    if (durable_ && ::fsync(dir_fd_) != 0) failed("cannot flush the directory of " + path_.string());
    // Advisory: it cannot fail the download. The identity is the renamed file's own (its
    // descriptor), not whatever the name holds by now.
    record_complete_file(dir_fd_, name_, version, identity_of_open_file(fd_));
}

} // namespace numerapi::detail
