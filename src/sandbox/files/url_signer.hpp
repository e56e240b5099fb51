// Presigned URLs, the way S3 hands them out: anyone holding the URL may use it until it
// expires, and changing any part of it (path, method class, expiry) invalidates it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace numerapi::sandbox::files {

enum class url_verdict { valid, expired, bad_signature, unsigned_url };

class url_signer {
public:
    /// A fresh random 256-bit key: URLs of one sandbox run are useless to another.
    url_signer();

    /// Returns "<path>?expires=<unix seconds>&signature=<hex HMAC-SHA256>" for `method`
    /// ("GET" also covers HEAD; "PUT" and "POST" are separate). `path` must already be
    /// percent-encoded.
    std::string sign(std::string_view method, std::string_view path, std::chrono::sys_seconds expires) const;

    /// Checks a request target produced by sign().
    url_verdict verify(std::string_view method, std::string_view target, std::chrono::sys_seconds now) const;

private:
    std::string mac(std::string_view method, std::string_view path, std::int64_t expires) const;
    std::string key_;
};

} // namespace numerapi::sandbox::files
