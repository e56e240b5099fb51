// A complete download, as a later run finds it at its final path: which version of the
// server's file it is, so that the run asks the server "has it changed?" (If-None-Match
// with an ETag, If-Modified-Since with a Last-Modified date) and a 304 leaves it as it is.
// The version is kept in `.<name>.etag` beside the file, with the file's size and
// modification time when it was written: a record that no longer matches its file (the
// file was replaced or edited since) is ignored, and the file is then compared by its MD5
// with the server's ETag, never by its size alone. Both are reached through the open
// directory, without following links (files/no_follow.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace numerapi::detail {

/// A regular file at a download's final path.
struct complete_file {
    std::uint64_t size = 0;
    /// The server's validator it was downloaded with (a strong ETag, or a Last-Modified
    /// date), if its record still matches it; else empty.
    std::string validator;
};

/// The regular file `name` in the open directory `dir` (`shown` in errors), or nullopt if
/// there is none (or something else is there: a link, a directory).
std::optional<complete_file> find_complete_file(int dir, const std::string& name, const std::filesystem::path& shown);

/// The MD5 of that file, as an S3 ETag of it would be (`"<hex>"`). Reads the whole file.
/// Throws numerapi::error (errc::io_error).
std::string md5_etag_of_complete_file(int dir, const std::string& name, const std::filesystem::path& shown);

/// Records that the file `name` in `dir`, as it is now (size and modification time), is
/// the server's version `validator`; an empty validator removes the record. Throws
/// numerapi::error (errc::io_error).
void record_complete_file(int dir, const std::string& name, const std::filesystem::path& shown,
                          const std::string& validator);

} // namespace numerapi::detail
