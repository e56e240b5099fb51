// MD5 of bytes in memory or of byte ranges of files, as lower-case hex: how the client
// checks what it sent or received against a server's Content-MD5 or ETag, and how the
// sandbox labels what it stores.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

struct evp_md_ctx_st;

namespace numerapi::detail {

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
    /// The same, from an open file `fd` (named `file` in errors; read with pread, so the
    /// descriptor's offset is left as it was).
    void update_from_fd(int fd, const std::filesystem::path& file, std::uint64_t offset = 0,
                        std::optional<std::uint64_t> length = std::nullopt);
    /// From now on, the file reads above stop once `flag` is set, throwing std::system_error
    /// (ECANCELED): the result of a hash run on a pool is no longer wanted.
    void stop_when(const std::atomic<bool>& flag) { stop_ = &flag; }
    /// Lower-case hex; ends the computation.
    std::string hex();

private:
    evp_md_ctx_st* ctx_;
    const std::atomic<bool>* stop_ = nullptr;
};

} // namespace numerapi::detail
