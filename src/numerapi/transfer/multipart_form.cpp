#include "numerapi/transfer/multipart_form.hpp"

#include "numerapi/http/header_fields.hpp"

#include <numerapi/error.hpp>

#include <cstdio>

namespace numerapi::detail {

outcome<request_body> raw_file_body(const std::filesystem::path& file, std::string content_type) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || !std::filesystem::is_regular_file(file))
        return make_failure(errc::io_error, "upload",
                            "cannot read " + file.string() + ": " + (ec ? ec.message() : "not a regular file"));
    request_body body;
    body.pieces.push_back({{}, file, 0, size});
    body.content_type = std::move(content_type);
    return body;
}

std::string escape_disposition_value(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '"') out += "%22";
        else if (c == '\r') out += "%0D";
        else if (c == '\n') out += "%0A";
        else out += c;
    }
    return out;
}

multipart_form::multipart_form(std::mt19937_64& random) {
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(random()),
                  static_cast<unsigned long long>(random()));
    boundary_ = std::string("numerapi-cpp-") + hex;
}

outcome<void> multipart_form::add_field(std::string_view name, std::string_view value) {
    if (value.find(boundary_) != std::string_view::npos)
        return make_failure(errc::invalid_argument, "upload_form", "a form field contains the multipart boundary");
    pending_ += "--" + boundary_ + "\r\n";
    pending_ += "Content-Disposition: form-data; name=\"" + escape_disposition_value(name) + "\"\r\n\r\n";
    pending_.append(value);
    pending_ += "\r\n";
    return {};
}

outcome<void> multipart_form::add_file(std::string_view name, const std::filesystem::path& file,
                                       std::string_view filename, std::string_view content_type) {
    if (auto bad = invalid_header_field("Content-Type", content_type, "upload_form")) return std::move(*bad);
    outcome<request_body> raw = raw_file_body(file, {});
    if (!raw) return raw.error();
    add_part(name, std::move(raw->pieces.front()), filename, content_type);
    return {};
}

outcome<void> multipart_form::add_bytes(std::string_view name, std::shared_ptr<const std::string> bytes,
                                        std::string_view filename, std::string_view content_type) {
    if (auto bad = invalid_header_field("Content-Type", content_type, "upload_form")) return std::move(*bad);
    add_part(name, body_piece{.content = std::move(bytes)}, filename, content_type);
    return {};
}

void multipart_form::add_part(std::string_view name, body_piece content, std::string_view filename,
                              std::string_view content_type) {
    pending_ += "--" + boundary_ + "\r\n";
    pending_ += "Content-Disposition: form-data; name=\"" + escape_disposition_value(name) + "\"; filename=\"" +
        escape_disposition_value(filename) + "\"\r\n";
    pending_ += "Content-Type: ";
    pending_.append(content_type.empty() ? std::string_view("application/octet-stream") : content_type);
    pending_ += "\r\n\r\n";
    body_.pieces.push_back({std::move(pending_), {}, 0, 0});
    pending_.clear();
    body_.pieces.push_back(std::move(content));
    pending_ += "\r\n";
}

request_body multipart_form::finish() && {
    pending_ += "--" + boundary_ + "--\r\n";
    body_.pieces.push_back({std::move(pending_), {}, 0, 0});
    body_.content_type = "multipart/form-data; boundary=" + boundary_;
    return std::move(body_);
}

} // namespace numerapi::detail
