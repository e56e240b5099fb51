// Test support: whole files as strings, and their digests in hex.
#pragma once

#include "common/hex.hpp"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace numerapi::test {

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out{p, std::ios::binary | std::ios::trunc};
    out << bytes;
}

inline std::string digest_hex(const std::string& bytes, const EVP_MD* md) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &len, md, nullptr);
    return detail::to_hex({digest, len});
}
inline std::string sha256(const std::string& bytes) { return digest_hex(bytes, EVP_sha256()); }
inline std::string md5(const std::string& bytes) { return digest_hex(bytes, EVP_md5()); }

} // namespace numerapi::test
