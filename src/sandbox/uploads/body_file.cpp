#include "sandbox/uploads/body_file.hpp"

#include "numerapi/transfer/hex.hpp"

#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

namespace numerapi::sandbox::uploads {
namespace {
std::string hex(const unsigned char* p, unsigned n) { return detail::to_hex({p, n}); }
} // namespace

body_file::body_file(std::filesystem::path path) : path_(std::move(path)), part_(path_.string() + ".part") {
    file_ = std::fopen(part_.c_str(), "wb");
    if (file_ == nullptr) throw std::runtime_error("cannot create " + part_.string());
    md5_ = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md5_, EVP_md5(), nullptr);
}

body_file::~body_file() {
    if (file_ != nullptr) std::fclose(file_);
    if (!committed_) {
        std::error_code ignored;
        std::filesystem::remove(part_, ignored);
    }
    EVP_MD_CTX_free(md5_);
}

void body_file::append(std::span<const char> bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        throw std::runtime_error("cannot write " + part_.string());
    EVP_DigestUpdate(md5_, bytes.data(), bytes.size());
    size_ += bytes.size();
}

std::string body_file::commit() {
    if (std::fclose(file_) != 0) {
        file_ = nullptr;
        throw std::runtime_error("cannot write " + part_.string());
    }
    file_ = nullptr;
    std::filesystem::rename(part_, path_);
    committed_ = true;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(md5_, digest, &n);
    return hex(digest, n);
}

std::string md5_of_bytes(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_md5(), nullptr);
    return hex(digest, n);
}

std::string md5_of(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr || std::fseek(f, static_cast<long>(offset), SEEK_SET) != 0) {
        if (f) std::fclose(f);
        throw std::runtime_error("cannot read " + file.string());
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
    std::vector<char> buf(1 << 16);
    while (length > 0) {
        const auto n = std::fread(buf.data(), 1, std::min<std::uint64_t>(length, buf.size()), f);
        if (n == 0) break;
        EVP_DigestUpdate(ctx, buf.data(), n);
        length -= n;
    }
    std::fclose(f);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(ctx, digest, &n);
    EVP_MD_CTX_free(ctx);
    return hex(digest, n);
}

} // namespace numerapi::sandbox::uploads
