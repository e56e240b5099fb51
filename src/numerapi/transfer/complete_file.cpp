#include "numerapi/transfer/complete_file.hpp"

#include "common/md5.hpp"
#include "numerapi/files/no_follow.hpp"

#include <numerapi/error.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {

namespace {

constexpr std::size_t max_record = 4096; ///< a validator is a header value: far shorter

std::string record_name(const std::string& name) { return "." + name + ".etag"; }

/// The file's identity as the record keeps it: size and modification time to the nanosecond.
std::string stamp_of(const struct stat& st) {
    return std::to_string(st.st_size) + "\n" + std::to_string(st.st_mtim.tv_sec) + "." +
        std::to_string(st.st_mtim.tv_nsec) + "\n";
}

} // namespace

std::optional<complete_file> find_complete_file(int dir, const std::string& name, const std::filesystem::path& shown) {
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    complete_file found;
    found.size = static_cast<std::uint64_t>(st.st_size);
    const auto record =
        read_text_no_follow(dir, record_name(name), shown.string() + " (its record)", max_record, "download");
    if (!record) return found;
    // "<validator>\n<size>\n<mtime>\n": the validator holds only visible characters.
    const auto end_of_validator = record->find('\n');
    if (end_of_validator == std::string::npos || end_of_validator == 0) return found;
    if (record->substr(end_of_validator + 1) == stamp_of(st)) found.validator = record->substr(0, end_of_validator);
    return found;
}

std::string md5_etag_of_complete_file(int dir, const std::string& name, const std::filesystem::path& shown) {
    const auto refuse = [&shown](const std::string& why) {
        throw error(make_error_code(errc::io_error),
                    {.operation = "download", .client_message = "cannot read " + shown.string() + ": " + why});
    };
    const int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) refuse(std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        refuse("it is not a regular file");
    }
    md5_digest md5;
    try {
        md5.update_from_fd(fd, shown);
    } catch (const std::system_error& e) {
        ::close(fd);
        throw error(make_error_code(errc::io_error), {.operation = "download", .client_message = e.what()});
    }
    ::close(fd);
    return "\"" + md5.hex() + "\"";
}

void record_complete_file(int dir, const std::string& name, const std::filesystem::path& shown,
                          const std::string& validator) {
    struct stat st {};
    if (validator.empty() || validator.find_first_of("\r\n") != std::string::npos ||
        ::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        ::unlinkat(dir, record_name(name).c_str(), 0);
        return;
    }
    write_text_no_follow(dir, record_name(name), shown.string() + " (its record)", validator + "\n" + stamp_of(st),
                         "download");
}

} // namespace numerapi::detail
