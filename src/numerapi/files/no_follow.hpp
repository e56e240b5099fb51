// Local files the client writes next to a destination (`.part`, `.part.etag`, a ZIP
// entry's `.part`) are opened without following a symbolic link at their path, and only
// if they are plain files with one name: a planted `train.parquet.part -> ~/.bashrc`, or a
// hard link to it, is refused instead of overwritten. The directories between a trusted
// root (the destination a caller chose) and such a file are walked one by one the same
// way, and the file is then opened, renamed and removed relative to its directory's
// descriptor: a directory swapped for a link while a batch runs cannot lead a later file
// outside the destination.
#pragma once

#include <numerapi/detail/outcome.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace numerapi::detail {

/// Owns an open descriptor: closes it at the end of its scope.
struct fd_closer {
    explicit fd_closer(int descriptor) : fd(descriptor) {}
    ~fd_closer();
    fd_closer(const fd_closer&) = delete;
    fd_closer& operator=(const fd_closer&) = delete;
    int fd;
};

/// Opens `path` with `flags` (O_RDONLY, or O_WRONLY/O_RDWR, with O_CREAT as wanted; never
/// O_TRUNC: pass `truncate`) plus O_NOFOLLOW and O_CLOEXEC; then refuses anything but a
/// regular file with a single link, and only then truncates it when asked. Returns the
/// descriptor, which the caller closes, or the failure (errc::io_error, `operation`).
outcome<int> open_no_follow(const std::filesystem::path& path, int flags, bool truncate, std::string_view operation);
/// The same for `name` (one component) in the open directory `dir` (AT_FDCWD: the working
/// directory; then `name` may be any path); `shown` names the file in errors.
outcome<int> open_no_follow_at(int dir, const std::filesystem::path& name, const std::filesystem::path& shown,
                               int flags, bool truncate, std::string_view operation);

/// Opens the directory `root / relative`: `root` as it is (created if missing; the caller
/// chose it, links and all), then each component of `relative` with O_NOFOLLOW and
/// O_DIRECTORY, created (0755) if missing. A component that is a symbolic link or not a
/// directory is refused. Returns the descriptor, which the caller closes, or the failure
/// (errc::io_error, `operation`).
outcome<int> open_directory_beneath(const std::filesystem::path& root, const std::filesystem::path& relative,
                                    std::string_view operation);

/// Opens the directory a destination `path` lies in. `beneath`: the directory the caller
/// trusts, which `path` lies in; the components between them are walked as
/// open_directory_beneath does. Empty: `path`'s own directory is trusted. A `path` outside
/// `beneath` is a caller's mistake and refused (errc::io_error).
outcome<int> open_destination_directory(const std::filesystem::path& path, const std::filesystem::path& beneath,
                                        std::string_view operation);

/// Empties the open file `fd` (named `path` in errors). Only a file with bytes is
/// truncated: ext4 marks any truncated file, even an empty one truncated to 0, to have its
/// write-back started by close() (auto_da_alloc), which then blocks the event loop for as
/// long as it takes to queue the whole file for the disk. Fails with errc::io_error.
outcome<void> empty_file(int fd, const std::filesystem::path& path, std::string_view operation);

/// Writes all of `bytes` at `offset` (retrying short writes and EINTR). Fails with
/// errc::io_error (`operation`), naming `path`.
outcome<void> write_all_at(int fd, std::uint64_t offset, std::span<const char> bytes, const std::filesystem::path& path,
                           std::string_view operation);

/// A small text file's content (at most `limit` bytes), or nullopt if it does not exist.
/// `name` is in the open directory `dir`, named `shown` in errors.
outcome<std::optional<std::string>> read_text_no_follow(int dir, const std::filesystem::path& name,
                                                        const std::filesystem::path& shown, std::size_t limit,
                                                        std::string_view operation);
/// Replaces a small text file's content (`name` in the open directory `dir`).
outcome<void> write_text_no_follow(int dir, const std::filesystem::path& name, const std::filesystem::path& shown,
                                   std::string_view text, std::string_view operation);

} // namespace numerapi::detail
