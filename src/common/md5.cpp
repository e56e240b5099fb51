#include "common/md5.hpp"

#include "common/hex.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <new>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace numerapi::detail {

md5_digest::md5_digest() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_md5(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx_);
        throw std::bad_alloc();
    }
}

md5_digest::~md5_digest() { EVP_MD_CTX_free(ctx_); }

void md5_digest::update(std::span<const char> bytes) { EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()); }

std::optional<file_read_failure> md5_digest::update_from_file(const std::filesystem::path& file, std::uint64_t offset,
                                                              std::optional<std::uint64_t> length) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return file_read_failure{std::error_code(errno, std::generic_category()), "cannot read " + file.string()};
    auto failed = update_from_fd(fd, file, offset, length);
    ::close(fd);
    return failed;
}

std::optional<file_read_failure> md5_digest::update_from_fd(int fd, const std::filesystem::path& file,
                                                            std::uint64_t offset, std::optional<std::uint64_t> length) {
    std::vector<char> buffer(256u << 10);
    std::uint64_t left = length.value_or(UINT64_MAX);
    while (left > 0) {
        if (stop_ && stop_->load(std::memory_order_relaxed))
            return file_read_failure{std::error_code(ECANCELED, std::generic_category()),
                                     "stopped hashing " + file.string()};
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        const ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 || (n == 0 && length)) {
            const int e = n < 0 ? errno : EIO; // before the message's strings are built
            return file_read_failure{std::error_code(e, std::generic_category()),
                                     file.string() + (n == 0 ? " is shorter than expected" : "")};
        }
        if (n == 0) break;
        update({buffer.data(), static_cast<std::size_t>(n)});
        offset += static_cast<std::uint64_t>(n);
        left -= static_cast<std::uint64_t>(n);
    }
    return std::nullopt;
}

std::string md5_digest::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_, digest, &n);
    return to_hex({digest, n});
}

} // namespace numerapi::detail
