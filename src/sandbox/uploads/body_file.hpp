// A request body on its way to disk: appended in pieces to `<path>.part` with its MD5,
// renamed to `path` by commit(), removed if never committed.
#pragma once

#include "common/md5.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace numerapi::sandbox::uploads {

class body_file {
public:
    /// Throws std::runtime_error if the file cannot be created.
    explicit body_file(std::filesystem::path path);
    ~body_file();
    body_file(const body_file&) = delete;
    body_file& operator=(const body_file&) = delete;

    void append(std::span<const char> bytes);
    /// Flushes, renames into place and returns the MD5 (hex) of everything appended.
    std::string commit();
    std::uint64_t size() const { return size_; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::filesystem::path part_;
    std::FILE* file_ = nullptr;
    detail::md5_digest md5_;
    std::uint64_t size_ = 0;
    bool committed_ = false;
};

/// The MD5 (hex) of `bytes`.
std::string md5_of_bytes(std::string_view bytes);
/// The MD5 (hex) of `length` bytes of `file` from `offset`.
std::string md5_of(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length);

} // namespace numerapi::sandbox::uploads
