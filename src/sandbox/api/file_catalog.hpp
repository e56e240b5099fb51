// The files behind presigned URLs: datasets (generated), the legacy zip and stored
// submissions. The HTTP layer asks for a path and gets size, ETag and a way to read bytes.
#pragma once

#include "sandbox/files/generated_content.hpp"
#include "sandbox/world/world.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <filesystem>
#include <variant>

namespace numerapi::sandbox::api {

struct served_file {
    std::uint64_t size = 0;
    std::string etag; ///< quoted strong validator
    std::string content_type;
    std::variant<files::generated_file, std::shared_ptr<const std::string>, std::filesystem::path> body;

    void read(std::uint64_t offset, std::span<char> out) const;
};

/// Bytes of each file behind a hostile_dataset_path.
inline constexpr std::uint64_t hostile_file_size = 4096;

/// Looks up the file at `encoded_path` (as produced by file_paths.hpp); nullopt if none.
std::optional<served_file> find_file(const world& w, std::string_view encoded_path);

} // namespace numerapi::sandbox::api
