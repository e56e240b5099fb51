// A strict multipart/form-data reader for uploads stored on disk (RFC 7578 and S3's POST
// form rules): every part has a form-data Content-Disposition with a name; text fields are
// small; the one file part comes last. Anything else is refused with a message meant for
// a 400 answer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace numerapi::sandbox::uploads {

struct form_contents {
    std::map<std::string, std::string> fields; ///< text fields by name
    std::string file_field;                    ///< the file part's name ("file")
    std::string file_name;                     ///< its filename parameter, unescaped as sent
    std::uint64_t file_offset = 0;             ///< where its bytes are in the body file
    std::uint64_t file_length = 0;
};

struct form_limits {
    std::size_t max_field_bytes = 64u << 10;
    std::size_t max_header_bytes = 8u << 10;
    std::size_t max_fields = 32;
};

/// The boundary parameter of a multipart/form-data Content-Type; nullopt if it is not one.
std::optional<std::string> form_boundary(std::string_view content_type);

/// Reads the form in `body` (a file holding the whole request body). Returns the contents,
/// or throws std::invalid_argument with what is wrong.
form_contents read_form(const std::filesystem::path& body, const std::string& boundary, form_limits limits = {});

} // namespace numerapi::sandbox::uploads
