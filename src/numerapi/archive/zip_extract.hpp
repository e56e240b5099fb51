// Extracts a ZIP archive safely: no entry may land outside the destination (absolute
// paths, "..", symlinks), every CRC-32 is checked, and a bounded total size and
// compression ratio refuse decompression bombs. Each file is written to `<name>.part` and
// renamed when complete and checked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace numerapi::detail {

struct zip_limits {
    std::uint64_t max_total_size = 64ull << 30; ///< sum of the entries' uncompressed sizes
    std::uint64_t max_entries = 10000;
    double max_ratio = 200.0;                   ///< uncompressed / compressed, per entry above 1 MiB
};

/// Extracts `archive` into `destination` (created if missing); returns the files written.
/// Throws numerapi::error: errc::invalid_argument for an unsafe or malformed archive
/// (nothing is extracted then), errc::checksum_mismatch for a bad CRC, errc::io_error.
std::vector<std::filesystem::path> extract_zip(const std::filesystem::path& archive,
                                               const std::filesystem::path& destination, zip_limits limits = {});

} // namespace numerapi::detail
