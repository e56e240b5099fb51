// What servers say about a file's checksum, as MD5 hex to compare with what was sent or
// received. Downloads and uploads both check through these.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace numerapi::detail {

/// The MD5 (lower-case hex) an S3-style ETag stands for: a single-part object's ETag is its
/// content's MD5; others (multipart "...-N", weak "W/...") are only version labels.
std::optional<std::string> md5_from_etag(std::string_view etag);
/// Content-MD5 is base64 of the 16-byte digest.
std::optional<std::string> md5_from_content_md5(std::string_view base64);

/// An MD5 being computed, of bytes in memory or of byte ranges of files.
class md5_digest {
public:
    md5_digest();
    ~md5_digest();
    md5_digest(const md5_digest&) = delete;
    md5_digest& operator=(const md5_digest&) = delete;

    void update(std::span<const char> bytes);
    /// Adds `length` bytes of `file` from `offset` (to its end if `length` is unset).
    /// Throws std::system_error if the file cannot be read or is shorter.
    void update_from_file(const std::filesystem::path& file, std::uint64_t offset = 0,
                          std::optional<std::uint64_t> length = std::nullopt);
    /// Lower-case hex; ends the computation.
    std::string hex();

private:
    evp_md_ctx_st* ctx_;
};

} // namespace numerapi::detail
