// A request body described, not held: text pieces and byte ranges of files, sent in order
// by the upload engine through a fixed buffer. Its size is known before it is sent, so the
// request carries an exact Content-Length.
#pragma once

#include <numerapi/detail/outcome.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace numerapi::detail {

struct body_piece {
    std::string text;           ///< framing, sent as is when neither `file` nor `content` is set
    std::filesystem::path file; ///< the uploaded content: `length` bytes of this file from `offset`
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    /// The uploaded content held in memory: shared, not copied, by every attempt. It counts
    /// for progress and in the checksum, as a file piece does.
    std::shared_ptr<const std::string> content;

    std::uint64_t size() const { return content ? content->size() : file.empty() ? text.size() : length; }
    bool is_payload() const { return !file.empty() || content != nullptr; }
};

struct request_body {
    std::vector<body_piece> pieces;
    std::string content_type; ///< empty: no Content-Type header

    std::uint64_t size() const {
        std::uint64_t n = 0;
        for (const auto& p : pieces) n += p.size();
        return n;
    }
    /// The content's length, framing left out (what progress counts); 0 if there is none.
    std::uint64_t file_bytes() const {
        std::uint64_t n = 0;
        for (const auto& p : pieces)
            if (p.is_payload()) n += p.size();
        return n;
    }
};

/// The whole file as a raw body (a presigned PUT), or the failure (errc::io_error) if the
/// file cannot be read.
outcome<request_body> raw_file_body(const std::filesystem::path& file, std::string content_type);

} // namespace numerapi::detail
