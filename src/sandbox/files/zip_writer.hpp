// Builds a small ZIP archive in memory (deflate, CRC-32, no ZIP64): the sandbox's legacy
// `numerai_dataset.zip`, which the 2017-era download_current_dataset(unzip=True) extracts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace numerapi::sandbox::files {

struct zip_entry {
    std::string name;    ///< path inside the archive, '/'-separated
    std::string content; ///< uncompressed bytes
};

/// Returns the archive's bytes. Throws std::runtime_error if zlib fails or an entry is too
/// large for a non-ZIP64 archive.
std::string make_zip(const std::vector<zip_entry>& entries);

} // namespace numerapi::sandbox::files
