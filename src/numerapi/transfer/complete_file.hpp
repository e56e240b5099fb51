// A complete download, as a later run finds it at its final path: which version of the
// server's file it is, so that the run asks the server "has it changed?" (If-None-Match
// with an ETag, If-Modified-Since with a Last-Modified date) and a 304 leaves it as it is.
// The version is kept in `.<name>.etag` beside the file, with the file's identity when it
// was written (inode, size, modification and change times). The record is advisory: one
// that no longer matches its file (the file was replaced, edited, copied), that belongs to
// another user, that holds anything but a validator, or that cannot be read, is ignored,
// and a record that cannot be written is left out; the download itself never fails for
// it. A file without a usable record is compared by its MD5 with the server's ETag when
// that is an MD5 and the sizes match, never by its size alone. Everything is reached
// through the open directory, without following links (files/no_follow.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace numerapi::detail {

/// Which file a path held when it was looked at: a later look tells whether it changed.
struct file_identity {
    std::uint64_t device = 0, inode = 0, size = 0;
    std::int64_t modified_ns = 0, changed_ns = 0;
    bool operator==(const file_identity&) const = default;
};

/// A regular file at a download's final path.
struct complete_file {
    file_identity identity;
    /// The server's validator it was downloaded with (a strong ETag, or a Last-Modified
    /// date), if its record is usable; else empty.
    std::string validator;
};

/// The regular file `name` in the open directory `dir` (`shown` in errors), or nullopt if
/// there is none (or something else is there: a link, a directory).
std::optional<complete_file> find_complete_file(int dir, const std::string& name, const std::filesystem::path& shown);

/// The identity of `name` in `dir` now, if it is a regular file.
std::optional<file_identity> identity_of(int dir, const std::string& name);

/// The identity of the open file `fd`.
file_identity identity_of_open_file(int fd);

/// The MD5 (lower-case hex) of that file if it is still the file `expected` (its first
/// `expected.size` bytes are read); nullopt if it changed, went, or cannot be read, or once
/// `stop` is set. Reads the whole file, on the calling thread (a blocking pool's).
std::optional<std::string> md5_of_complete_file(int dir, const std::string& name, const std::filesystem::path& shown,
                                                const file_identity& expected, const std::atomic<bool>& stop);

/// Records that the file `name` in `dir`, which is the file `identity` (taken from the file
/// itself, not looked up by name again), is the server's version `validator` (written
/// beside it and renamed into place); no identity, or an empty or unusable validator,
/// removes the record. Advisory: never throws; a record that cannot be written is removed.
void record_complete_file(int dir, const std::string& name, const std::string& validator,
                          const std::optional<file_identity>& identity) noexcept;

} // namespace numerapi::detail
