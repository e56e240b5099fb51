// Extracts a ZIP archive safely: no entry may land outside the destination (names are
// checked as every name from a server is: files/server_names.hpp; symlinks are refused),
// every CRC-32 is checked, and decompression bombs are refused before anything is
// inflated: entries whose data overlap, a total size or a ratio (per entry and for the
// whole archive) beyond the limits. Each file is written to `<name>.part`, opened without
// following symbolic links, and renamed when complete and checked.
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/transfer.hpp>

#include <cstdint>
#include <atomic>
#include <filesystem>
#include <vector>

namespace numerapi::detail {

struct zip_limits {
    /// max_size: the sum of the entries' sizes; max_ratio: size / compressed size, of each
    /// entry above 1 MiB and of all entries against the archive's size.
    decompression_limits expansion;
    std::uint64_t max_entries = 10000;
};

/// Extracts `archive` into `destination` (created if missing); returns the files written,
/// or the failure: errc::invalid_argument for an unsafe or malformed archive,
/// errc::checksum_mismatch for a bad CRC, errc::io_error. Nothing is extracted then: every
/// entry is written to its .part and verified before any reaches its final path. Once
/// `stop` is set (a cancelled call), it stops within a buffer's worth and extracts nothing:
/// errc::io_error.
outcome<std::vector<std::filesystem::path>> extract_zip(const std::filesystem::path& archive,
                                                        const std::filesystem::path& destination,
                                                        zip_limits limits = zip_limits(),
                                                        const std::atomic<bool>* stop = nullptr);

} // namespace numerapi::detail
