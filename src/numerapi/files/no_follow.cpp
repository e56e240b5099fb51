#include "numerapi/files/no_follow.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {
namespace {

failure refused(std::string_view operation, std::string what) {
    return make_failure(errc::io_error, std::string(operation), std::move(what));
}

} // namespace

fd_closer::~fd_closer() {
    if (fd >= 0) ::close(fd);
}

outcome<int> open_no_follow(const std::filesystem::path& path, int flags, bool truncate, std::string_view operation) {
    return open_no_follow_at(AT_FDCWD, path, path, flags, truncate, operation);
}

outcome<int> open_no_follow_at(int dir, const std::filesystem::path& name, const std::filesystem::path& path, int flags,
                               bool truncate, std::string_view operation) {
    // O_NONBLOCK: a FIFO planted at the path must not block the thread that runs the client
    // (a FIFO without a reader fails with ENXIO; one opened for reading is refused below as
    // not a regular file). Regular files ignore it, and it is cleared once the file is known.
    const int fd = ::openat(dir, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    if (fd < 0) {
        if (errno == ELOOP) return refused(operation, "refusing to write through the symbolic link " + path.string());
        if (errno == ENXIO)
            return refused(operation, "refusing to write " + path.string() + ": it is not a regular file");
        return refused(operation, "cannot open " + path.string() + ": " + std::strerror(errno));
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
        return refused(operation, std::move(refusal));
    }
    if (truncate) {
        if (outcome<void> emptied = empty_file(fd, path, operation); !emptied) {
            ::close(fd);
            return emptied.error();
        }
    }
    return fd;
}

outcome<int> open_directory_beneath(const std::filesystem::path& root, const std::filesystem::path& relative,
                                    std::string_view operation) {
    const auto top = root.empty() ? std::filesystem::path(".") : root;
    std::error_code ec;
    std::filesystem::create_directories(top, ec);
    if (ec) return refused(operation, "cannot create " + top.string() + ": " + ec.message());
    int fd = ::open(top.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return refused(operation, "cannot open the directory " + top.string() + ": " + std::strerror(errno));
    std::filesystem::path reached = top;
    for (const auto& component : relative) {
        if (component.empty() || component == ".") continue;
        reached /= component;
        const std::string name = component.string();
        if (name == ".." || name.find('/') != std::string::npos) {
            ::close(fd);
            return refused(operation, "refusing to leave " + top.string() + " through " + reached.string());
        }
        if (::mkdirat(fd, name.c_str(), 0755) != 0 && errno != EEXIST) {
            const int e = errno;
            ::close(fd);
            return refused(operation, "cannot create " + reached.string() + ": " + std::strerror(e));
        }
        const int next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        const int e = errno;
        // O_NOFOLLOW|O_DIRECTORY on a link fails with ENOTDIR on Linux (ELOOP elsewhere);
        // asked of the same directory, not of a path someone may be changing.
        struct stat st {};
        const bool link = next < 0 &&
            (e == ELOOP ||
             (e == ENOTDIR && ::fstatat(fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)));
        ::close(fd);
        if (link) return refused(operation, "refusing to follow the symbolic link " + reached.string());
        if (next < 0)
            return refused(operation, "cannot open the directory " + reached.string() + ": " + std::strerror(e));
        fd = next;
    }
    return fd;
}

outcome<int> open_destination_directory(const std::filesystem::path& path, const std::filesystem::path& beneath,
                                        std::string_view operation) {
    if (beneath.empty()) return open_directory_beneath(path.parent_path(), {}, operation);
    const auto relative = path.parent_path().lexically_relative(beneath);
    if (relative.empty() || *relative.begin() == "..")
        return refused(operation, path.string() + " is not inside " + beneath.string()); // never trusted
    return open_directory_beneath(beneath, relative, operation);
}

outcome<void> empty_file(int fd, const std::filesystem::path& path, std::string_view operation) {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return refused(operation, "cannot inspect " + path.string() + ": " + std::strerror(errno));
    if (st.st_size != 0 && ::ftruncate(fd, 0) != 0)
        return refused(operation, "cannot truncate " + path.string() + ": " + std::strerror(errno));
    return {};
}

outcome<void> write_all_at(int fd, std::uint64_t offset, std::span<const char> bytes, const std::filesystem::path& path,
                           std::string_view operation) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return refused(operation, "cannot write " + path.string() + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

outcome<std::optional<std::string>> read_text_no_follow(int dir, const std::filesystem::path& name,
                                                        const std::filesystem::path& shown, std::size_t limit,
                                                        std::string_view operation) {
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
        return std::optional<std::string>();
    const outcome<int> opened = open_no_follow_at(dir, name, shown, O_RDONLY, false, operation);
    if (!opened) return opened.error();
    const fd_closer file{*opened};
    std::string text(limit, '\0');
    std::size_t got = 0;
    while (got < limit) {
        const ssize_t n = ::read(file.fd, text.data() + got, limit - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    return std::optional<std::string>(std::move(text));
}

outcome<void> write_text_no_follow(int dir, const std::filesystem::path& name, const std::filesystem::path& shown,
                                   std::string_view text, std::string_view operation) {
    const outcome<int> opened = open_no_follow_at(dir, name, shown, O_WRONLY | O_CREAT, true, operation);
    if (!opened) return opened.error();
    const fd_closer file{*opened};
    return write_all_at(file.fd, 0, {text.data(), text.size()}, shown, operation);
}

} // namespace numerapi::detail
