// What servers say about a file's checksum, as MD5 hex to compare with what was sent or
// received. Downloads and uploads both check through these.
#pragma once

#include "common/md5.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace numerapi::detail {

/// The MD5 (lower-case hex) an S3-style ETag stands for: a single-part object's ETag is its
/// content's MD5; others (multipart "...-N", weak "W/...") are only version labels.
std::optional<std::string> md5_from_etag(std::string_view etag);
/// Content-MD5 is base64 of the 16-byte digest.
std::optional<std::string> md5_from_content_md5(std::string_view base64);

} // namespace numerapi::detail
