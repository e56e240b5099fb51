#include "numerapi/files/no_follow.hpp"

#include <numerapi/error.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {
namespace {

[[noreturn]] void fail(std::string_view operation, const std::string& what) {
    throw error(make_error_code(errc::io_error), {.operation = std::string(operation), .client_message = what});
}

} // namespace

int open_no_follow(const std::filesystem::path& path, int flags, bool truncate, std::string_view operation) {
    // O_NONBLOCK: a FIFO planted at the path must not block the thread that runs the client
    // (a FIFO without a reader fails with ENXIO; one opened for reading is refused below as
    // not a regular file). Regular files ignore it, and it is cleared once the file is known.
    const int fd = ::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    if (fd < 0) {
        if (errno == ELOOP) fail(operation, "refusing to write through the symbolic link " + path.string());
        if (errno == ENXIO) fail(operation, "refusing to write " + path.string() + ": it is not a regular file");
        fail(operation, "cannot open " + path.string() + ": " + std::strerror(errno));
    }
    struct stat st {};
    std::string refusal;
    if (::fstat(fd, &st) != 0) refusal = "cannot inspect " + path.string() + ": " + std::strerror(errno);
    else if (!S_ISREG(st.st_mode)) refusal = "refusing to write " + path.string() + ": it is not a regular file";
    else if (st.st_nlink > 1) refusal = "refusing to write " + path.string() + ": it has other hard links";
    else if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        refusal = "cannot set up " + path.string() + ": " + std::strerror(errno);
    if (!refusal.empty()) {
        ::close(fd);
        fail(operation, refusal);
    }
    if (truncate) {
        try {
            empty_file(fd, path, operation);
        } catch (...) {
            ::close(fd);
            throw;
        }
    }
    return fd;
}

void empty_file(int fd, const std::filesystem::path& path, std::string_view operation) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail(operation, "cannot inspect " + path.string() + ": " + std::strerror(errno));
    if (st.st_size != 0 && ::ftruncate(fd, 0) != 0)
        fail(operation, "cannot truncate " + path.string() + ": " + std::strerror(errno));
}

void write_all_at(int fd, std::uint64_t offset, std::span<const char> bytes, const std::filesystem::path& path,
                  std::string_view operation) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(operation, "cannot write " + path.string() + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
}

std::optional<std::string> read_text_no_follow(const std::filesystem::path& path, std::size_t limit,
                                               std::string_view operation) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return std::nullopt;
    const int fd = open_no_follow(path, O_RDONLY, false, operation);
    std::string text(limit, '\0');
    std::size_t got = 0;
    while (got < limit) {
        const ssize_t n = ::read(fd, text.data() + got, limit - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    text.resize(got);
    return text;
}

void write_text_no_follow(const std::filesystem::path& path, std::string_view text, std::string_view operation) {
    const int fd = open_no_follow(path, O_WRONLY | O_CREAT, true, operation);
    try {
        write_all_at(fd, 0, {text.data(), text.size()}, path, operation);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
}

} // namespace numerapi::detail
