// File bodies that are computed, not stored: byte i of a file is a pure function of the
// file's seed and i, so any range of a multi-GiB dataset can be served at memory speed
// without touching the disk, and every run serves the same bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace numerapi::sandbox::files {

struct generated_file {
    std::uint64_t seed = 0;
    std::uint64_t size = 0;
    bool parquet_magic = false; ///< start and end with "PAR1", as a parquet file does
    std::uint64_t version = 0;  ///< a new version is different content (the "file changed" case)

    /// Writes bytes [offset, offset + out.size()) of the file into `out`.
    void read(std::uint64_t offset, std::span<char> out) const;
    /// A strong ETag, quoted. It names this content; it is not its MD5 (like an S3
    /// multipart ETag, it ends in "-1" so that clients do not mistake it for one).
    std::string etag() const;
    /// The whole file, for small files and tests.
    std::string to_string() const;
};

} // namespace numerapi::sandbox::files
