#include "numerapi/transfer/part_file.hpp"

#include "numerapi/files/no_follow.hpp"
#include "numerapi/http/entity_tag.hpp"
#include "numerapi/transfer/complete_file.hpp"
#include "numerapi/transfer/checksums.hpp"

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

part_file::part_file(std::filesystem::path path, bool durable)
    : path_(std::move(path)), name_(path_.filename().string()), durable_(durable) {}

outcome<std::shared_ptr<part_file>> part_file::open(std::filesystem::path path, const std::filesystem::path& beneath,
                                                    bool resume, bool durable) {
    std::shared_ptr<part_file> part(new part_file(std::move(path), durable));
    const std::string& name = part->name_;
    if (name.empty() || name == "." || name == "..")
        return part->failed("cannot write a file named " + part->path_.string());
    const outcome<int> dir = open_destination_directory(part->path_, beneath, "download");
    if (!dir) return dir.error();
    part->dir_fd_ = *dir; // closed with the part, whatever fails below
    if (resume) {
        // Sent back in If-Range: only a validator, whoever wrote the record. A record that
        // cannot be read (a link, another hard link) is no record: the part starts over.
        const auto record = read_text_no_follow(part->dir_fd_, name + ".part.etag", part->validator_path(),
                                                max_validator_record, "download");
        if (record && *record) part->validator_ = (*record)->substr(0, (*record)->find('\n'));
        if (!is_usable_validator(part->validator_)) part->validator_.clear();
    }
    const outcome<int> fd =
        open_no_follow_at(part->dir_fd_, name + ".part", part->part_path(), O_RDWR | O_CREAT, false, "download");
    if (!fd) return fd.error();
    part->fd_ = *fd;
    struct stat st {};
    ::fstat(part->fd_, &st);
    part->size_ = static_cast<std::uint64_t>(st.st_size);
    // Without a record of which version the bytes belong to they cannot be resumed safely.
    if (!resume || part->validator_.empty()) {
        if (outcome<void> emptied = part->restart(""); !emptied) return emptied.error();
    }
    return part;
}

part_file::~part_file() {
    if (fd_ >= 0) ::close(fd_);
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::filesystem::path part_file::part_path() const { return path_.string() + ".part"; }
std::filesystem::path part_file::validator_path() const { return path_.string() + ".part.etag"; }

failure part_file::failed(std::string what) const { return make_failure(errc::io_error, "download", std::move(what)); }

outcome<void> part_file::restart(const std::string& validator) {
    if (outcome<void> emptied = empty_file(fd_, part_path(), "download"); !emptied) return emptied;
    size_ = 0;
    validator_ = validator;
    // Whatever is at the record's name goes first: a link or a FIFO planted there is
    // replaced, never followed or opened.
    ::unlinkat(dir_fd_, (name_ + ".part.etag").c_str(), 0);
    if (validator_.empty()) return {};
    return write_text_no_follow(dir_fd_, name_ + ".part.etag", validator_path(), validator_ + '\n', "download");
}

outcome<void> part_file::preallocate(std::uint64_t total) {
    if (::ftruncate(fd_, static_cast<off_t>(total)) != 0)
        return failed("cannot size " + part_path().string() + ": " + std::strerror(errno));
    // Reserve the blocks now, so that a full disk fails here rather than mid-transfer. The
    // file system's own allocation only: where it has none, glibc's posix_fallocate writes
    // every block, which takes as long as the download's own writes.
    if (::fallocate(fd_, 0, 0, static_cast<off_t>(total)) != 0 && errno != EOPNOTSUPP && errno != ENOSYS &&
        errno != EINVAL) {
        const int e = errno;
        return failed("cannot allocate " + std::to_string(total) + " bytes for " + part_path().string() + ": " +
                      std::strerror(e));
    }
    size_ = 0;
    return {};
}

outcome<void> part_file::write_at(std::uint64_t offset, std::span<const char> bytes) {
    if (outcome<void> written = write_all_at(fd_, offset, bytes, part_path(), "download"); !written) return written;
    if (!durable_) return {};
    // Start the disk write-back as the file grows, without waiting for it, so that the
    // fsync before the rename has less left to do.
    unflushed_ += bytes.size();
    if (unflushed_ >= writeback_step) {
        ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
        unflushed_ = 0;
    }
    return {};
}

outcome<void> part_file::append(std::span<const char> bytes) {
    if (outcome<void> written = write_at(size_, bytes); !written) return written;
    size_ += bytes.size();
    return {};
}

outcome<std::string> part_file::md5_hex(const std::atomic<bool>& stop) const {
    md5_digest md5;
    md5.stop_when(stop);
    if (const auto unread = md5.update_from_fd(fd_, part_path())) return failed(unread->message());
    return md5.hex();
}

outcome<void> part_file::flush() const {
    if (durable_ && ::fsync(fd_) != 0) {
        const int e = errno; // before the message's strings are built
        return failed("cannot flush " + part_path().string() + ": " + std::strerror(e));
    }
    return {};
}

outcome<void> part_file::commit(const std::string& version) {
    const auto failed_with_errno = [this](const std::string& what) {
        const int e = errno; // before the message's strings are built
        return failed(what + ": " + std::strerror(e));
    };
    // At once if flush() was called before and nothing was written since.
    if (outcome<void> flushed = flush(); !flushed) return flushed;
    if (::renameat(dir_fd_, (name_ + ".part").c_str(), dir_fd_, name_.c_str()) != 0)
        return failed_with_errno("cannot rename " + part_path().string() + " to " + path_.string());
    ::unlinkat(dir_fd_, (name_ + ".part.etag").c_str(), 0);
    // The rename lives in the directory: without its fsync, a crash can lose the name while
    // the data stays, and the file is neither at its final path nor a .part.
    if (durable_ && ::fsync(dir_fd_) != 0) return failed_with_errno("cannot flush the directory of " + path_.string());
    // Advisory: it cannot fail the download. The identity is the renamed file's own (its
    // descriptor), not whatever the name holds by now.
    record_complete_file(dir_fd_, name_, version, identity_of_open_file(fd_));
    return {};
}

} // namespace numerapi::detail
