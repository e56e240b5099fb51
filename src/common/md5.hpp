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
#include <system_error>

struct evp_md_ctx_st;

namespace numerapi::detail {

/// Why the bytes of a file could not be hashed.
struct file_read_failure {
    std::error_code code; ///< the system's reason, ECANCELED once stopped, EIO for a short file
    std::string what;     ///< names the file
    /// "<what>: <the code's message>", as std::system_error says it.
    std::string message() const { return what + ": " + code.message(); }
};

/// An MD5 being computed, of bytes in memory or of byte ranges of files.
class md5_digest {
public:
    md5_digest();
    ~md5_digest();
    md5_digest(const md5_digest&) = delete;
    md5_digest& operator=(const md5_digest&) = delete;

    void update(std::span<const char> bytes);
    /// Adds `length` bytes of `file` from `offset` (to its end if `length` is unset).
    /// Returns why not if the file cannot be read or is shorter.
    [[nodiscard]] std::optional<file_read_failure> update_from_file(const std::filesystem::path& file,
                                                                    std::uint64_t offset = 0,
                                                                    std::optional<std::uint64_t> length = std::nullopt);
    /// The same, from an open file `fd` (named `file` in errors; read with pread, so the
    /// descriptor's offset is left as it was).
    [[nodiscard]] std::optional<file_read_failure> update_from_fd(int fd, const std::filesystem::path& file,
                                                                  std::uint64_t offset = 0,
                                                                  std::optional<std::uint64_t> length = std::nullopt);
    /// From now on, the file reads above stop once `flag` is set, with ECANCELED: the result
    /// of a hash run on a pool is no longer wanted.
    void stop_when(const std::atomic<bool>& flag) { stop_ = &flag; }
    /// Lower-case hex; ends the computation.
    std::string hex();

private:
    evp_md_ctx_st* ctx_;
    const std::atomic<bool>* stop_ = nullptr;
};

} // namespace numerapi::detail
