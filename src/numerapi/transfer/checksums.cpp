#include "numerapi/transfer/checksums.hpp"

#include "common/hex.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace numerapi::detail {

std::optional<std::string> md5_from_etag(std::string_view etag) {
    if (etag.size() != 34 || etag.front() != '"' || etag.back() != '"') return std::nullopt;
    std::string hex(etag.substr(1, 32));
    for (char& c : hex) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return hex;
}

std::optional<std::string> md5_from_content_md5(std::string_view b64) {
    if (b64.empty()) return std::nullopt;
    unsigned char raw[64];
    if (b64.size() > 64) return std::nullopt;
    const int n =
        EVP_DecodeBlock(raw, reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
    if (n < 16) return std::nullopt;
    return to_hex({raw, 16});
}

} // namespace numerapi::detail
