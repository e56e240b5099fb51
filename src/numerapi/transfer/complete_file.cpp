#include "numerapi/transfer/complete_file.hpp"

#include "common/md5.hpp"
#include "numerapi/files/no_follow.hpp"
#include "numerapi/http/entity_tag.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {

namespace {

constexpr std::size_t max_record = 4096;

std::string record_name(const std::string& name) { return "." + name + ".etag"; }

file_identity identity_from(const struct stat& st) {
    file_identity id;
    id.device = static_cast<std::uint64_t>(st.st_dev);
    id.inode = static_cast<std::uint64_t>(st.st_ino);
    id.size = static_cast<std::uint64_t>(st.st_size);
    id.modified_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    id.changed_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
    return id;
}

/// The identity as the record keeps it, one line. Not the device: a remount (NFS, FUSE, a
/// btrfs subvolume after a reboot) may number it anew.
std::string stamp_of(const file_identity& id) {
    return std::to_string(id.inode) + " " + std::to_string(id.size) + " " + std::to_string(id.modified_ns) + " " +
        std::to_string(id.changed_ns) + "\n";
}

} // namespace

std::optional<file_identity> identity_of(int dir, const std::string& name) {
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return identity_from(st);
}

std::optional<complete_file> find_complete_file(int dir, const std::string& name, const std::filesystem::path& shown) {
    const auto identity = identity_of(dir, name);
    if (!identity) return std::nullopt;
    complete_file found;
    found.identity = *identity;
    // Only a record of this user's, holding "<validator>\n<stamp>" for the file as it is.
    struct stat st {};
    const std::string record = record_name(name);
    if (::fstatat(dir, record.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_uid != ::geteuid()) return found;
    const auto read = read_text_no_follow(dir, record, shown.string() + " (its record)", max_record, "download");
    if (!read || !*read) return found; // none, or a link, a hard-linked copy, unreadable: no record
    const std::optional<std::string>& text = *read;
    const auto end = text->find('\n');
    if (end == std::string::npos) return found;
    const std::string validator = text->substr(0, end);
    if (is_usable_validator(validator) && text->substr(end + 1) == stamp_of(*identity)) found.validator = validator;
    return found;
}

std::optional<std::string> md5_of_complete_file(int dir, const std::string& name, const std::filesystem::path& shown,
                                                const file_identity& expected, const std::atomic<bool>& stop) {
    const fd_closer file{::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)};
    struct stat st {};
    if (file.fd < 0 || ::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode) || identity_from(st) != expected)
        return std::nullopt;
    md5_digest md5;
    md5.stop_when(stop);
    if (md5.update_from_fd(file.fd, shown, 0, expected.size))
        return std::nullopt; // unreadable, or shorter than it was: not the same file
    return md5.hex();
}

file_identity identity_of_open_file(int fd) {
    struct stat st {};
    ::fstat(fd, &st);
    return identity_from(st);
}

void record_complete_file(int dir, const std::string& name, const std::string& validator,
                          const std::optional<file_identity>& identity) noexcept {
    const std::string record = record_name(name), temporary = record + ".new";
    ::unlinkat(dir, temporary.c_str(), 0);
    if (!identity || !is_usable_validator(validator)) {
        ::unlinkat(dir, record.c_str(), 0);
        return;
    }
    // A new file renamed into place: a record hard-linked elsewhere is replaced, never
    // written through.
    try {
        if (write_text_no_follow(dir, temporary, temporary, validator + "\n" + stamp_of(*identity), "download") &&
            ::renameat(dir, temporary.c_str(), dir, record.c_str()) == 0)
            return;
    } catch (...) {} // advisory (noexcept): no memory for the record's text is no record
    ::unlinkat(dir, temporary.c_str(), 0);
    ::unlinkat(dir, record.c_str(), 0);
}

} // namespace numerapi::detail
