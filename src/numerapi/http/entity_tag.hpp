// Validators (RFC 9110, section 8.8): what tells two versions of a file apart, so that a
// download resumed with Range and If-Range never splices two of them.
#pragma once

#include <string>
#include <string_view>

namespace numerapi::detail {

/// Whether `value` is a strong entity tag: `"..."` with only the characters the RFC
/// allows inside. A weak one (`W/"..."`) may not be used with If-Range.
bool is_strong_etag(std::string_view value);

/// The validator a range request may rely on, from an answer's ETag and Last-Modified: a
/// strong ETag, else the Last-Modified date; empty when there is neither (then a
/// download starts over rather than resume, and is not split into segments).
std::string resume_validator(std::string_view etag, std::string_view last_modified);

/// Whether `value`, read back from a file a local user could have written, may go into a
/// request header as a validator: a strong ETag or a printable date, at most 256 bytes.
bool is_usable_validator(std::string_view value);

} // namespace numerapi::detail
