// multipart/form-data (RFC 7578), built as a request_body: text fields and file parts
// with a random boundary, an exact Content-Length, and files streamed when sent. It
// serves S3 presigned POST forms (fields, then the file last) and the GraphQL multipart
// request convention (operations, map, then files).
#pragma once

#include "numerapi/http/request_body.hpp"

#include <numerapi/transfer.hpp>

#include <memory>
#include <random>
#include <string>
#include <string_view>

namespace numerapi::detail {

class multipart_form {
public:
    /// A boundary of 32 random hex digits after a fixed prefix.
    explicit multipart_form(std::mt19937_64& random);
    /// For tests: a given boundary.
    explicit multipart_form(std::string boundary) : boundary_(std::move(boundary)) {}

    /// A text field; the failure (invalid_argument) if `value` contains the boundary.
    [[nodiscard]] outcome<void> add_field(std::string_view name, std::string_view value);
    /// A file part, streamed from `file` when sent; the failure (invalid_argument) if
    /// `content_type` is no header value, (io_error) if the file cannot be read.
    [[nodiscard]] outcome<void> add_file(std::string_view name, const std::filesystem::path& file,
                                         std::string_view filename,
                                         std::string_view content_type = "application/octet-stream");
    /// A file part whose content is `bytes` (a file held in memory, shared, not copied); the
    /// failure (invalid_argument) if `content_type` is no header value.
    [[nodiscard]] outcome<void> add_bytes(std::string_view name, std::shared_ptr<const std::string> bytes,
                                          std::string_view filename,
                                          std::string_view content_type = "application/octet-stream");

    const std::string& boundary() const { return boundary_; }
    /// The finished body ("multipart/form-data; boundary=...").
    request_body finish() &&;

private:
    void add_part(std::string_view name, body_piece content, std::string_view filename, std::string_view content_type);

    std::string boundary_;
    request_body body_;
    std::string pending_; // text not yet made a piece
};

/// A name or file name for a Content-Disposition quoted string, as browsers write it
/// (WHATWG HTML): `"` becomes %22, CR %0D and LF %0A; other bytes (UTF-8) stay.
std::string escape_disposition_value(std::string_view value);

} // namespace numerapi::detail
