#include "sandbox/api/file_paths.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/pchars.hpp>

#include <algorithm>

namespace numerapi::sandbox::api {
namespace {
std::string encode_segments(std::string_view name) {
    std::string encoded;
    for (auto begin = name.begin(); begin != name.end();) {
        auto slash = std::find(begin, name.end(), '/');
        encoded += '/';
        encoded += boost::urls::encode(std::string_view(begin, slash), boost::urls::pchars);
        begin = slash == name.end() ? slash : slash + 1;
    }
    return encoded;
}
} // namespace

std::string dataset_path(int tournament, int round, std::string_view name) {
    return "/datasets/" + std::to_string(tournament) + "/" + std::to_string(round) + encode_segments(name);
}

std::string hostile_dataset_path(int tournament, int round, std::string_view name) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string path = "/hostile/" + std::to_string(tournament) + "/" + std::to_string(round) + "/";
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (plain) {
            path += c;
        } else {
            path += '%';
            path += hex[byte >> 4];
            path += hex[byte & 0xf];
        }
    }
    return path;
}

std::string legacy_zip_path(int tournament, int round) {
    return "/legacy/" + std::to_string(tournament) + "/" + std::to_string(round) + "/numerai_dataset.zip";
}

std::string submission_path(std::string_view id, std::string_view filename) {
    return "/submissions" + encode_segments(id) + encode_segments(filename);
}

std::string upload_path(std::string_view key) { return "/uploads/" + std::string(key); }

} // namespace numerapi::sandbox::api
