#include "sandbox/uploads/body_file.hpp"

#include <stdexcept>
#include <system_error>

namespace numerapi::sandbox::uploads {

body_file::body_file(std::filesystem::path path) : path_(std::move(path)), part_(path_.string() + ".part") {
    file_ = std::fopen(part_.c_str(), "wb");
    if (file_ == nullptr) throw std::runtime_error("cannot create " + part_.string());
}

body_file::~body_file() {
    if (file_ != nullptr) std::fclose(file_);
    if (!committed_) {
        std::error_code ignored;
        std::filesystem::remove(part_, ignored);
    }
}

void body_file::append(std::span<const char> bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        throw std::runtime_error("cannot write " + part_.string());
    md5_.update(bytes);
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
    return md5_.hex();
}

std::string md5_of_bytes(std::string_view bytes) {
    detail::md5_digest md5;
    md5.update(bytes);
    return md5.hex();
}

std::string md5_of(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
    detail::md5_digest md5;
    if (const auto failed = md5.update_from_file(file, offset, length))
        throw std::system_error(failed->code, failed->what);
    return md5.hex();
}

} // namespace numerapi::sandbox::uploads
