// Local files the client writes next to a destination (`.part`, `.part.etag`, a ZIP
// entry's `.part`) are opened without following a symbolic link at their path, and only
// if they are plain files with one name: a planted `train.parquet.part -> ~/.bashrc`, or a
// hard link to it, is refused instead of overwritten.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace numerapi::detail {

/// Opens `path` with `flags` (O_RDONLY, or O_WRONLY/O_RDWR, with O_CREAT as wanted; never
/// O_TRUNC: pass `truncate`) plus O_NOFOLLOW and O_CLOEXEC; then refuses anything but a
/// regular file with a single link, and only then truncates it when asked. Returns the
/// descriptor; the caller closes it. Throws numerapi::error (errc::io_error, `operation`).
int open_no_follow(const std::filesystem::path& path, int flags, bool truncate, std::string_view operation);

/// Empties the open file `fd` (named `path` in errors). Only a file with bytes is
/// truncated: ext4 marks any truncated file, even an empty one truncated to 0, to have its
/// write-back started by close() (auto_da_alloc), which then blocks the event loop for as
/// long as it takes to queue the whole file for the disk. Throws numerapi::error (io_error).
void empty_file(int fd, const std::filesystem::path& path, std::string_view operation);

/// Writes all of `bytes` at `offset` (retrying short writes and EINTR). Throws
/// numerapi::error (errc::io_error, `operation`) naming `path`.
void write_all_at(int fd, std::uint64_t offset, std::span<const char> bytes, const std::filesystem::path& path,
                  std::string_view operation);

/// A small text file's content (at most `limit` bytes), or nullopt if it does not exist.
std::optional<std::string> read_text_no_follow(const std::filesystem::path& path, std::size_t limit,
                                               std::string_view operation);
/// Replaces a small text file's content.
void write_text_no_follow(const std::filesystem::path& path, std::string_view text, std::string_view operation);

} // namespace numerapi::detail
