// A form built by the client's multipart_form, read back by the sandbox's reader: what the
// client sends to a presigned POST must reach the server as it was given. The input is a
// field count byte (taken modulo 9), that many fields (a name with a one-byte length, a
// value with a two-byte length), then the file part's field name, file name and content
// type (one-byte lengths) and, for the rest of the input, the file's contents.
//
// Properties: the builder refuses (a failure) or builds a form that the reader
// accepts, with the same fields, the same names (as escape_disposition_value writes them),
// the same content type in the header, and the file's bytes where the reader says they are.
// Inputs the reader refuses by design are left out: an empty name, two fields whose
// escaped names are equal, and a file that contains the boundary (the boundary is 128
// random bits, so no real file does).
#include "fuzz/support/byte_cursor.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/scratch_dir.hpp"

#include "numerapi/transfer/multipart_form.hpp"
#include "sandbox/uploads/multipart_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;
using numerapi::detail::escape_disposition_value;

std::string read_file(const fs::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The bytes a request_body stands for, as the upload engine sends them.
std::string body_bytes(const numerapi::detail::request_body& body) {
    std::string out;
    for (const auto& piece : body.pieces) {
        if (piece.content) {
            out += *piece.content;
        } else if (piece.file.empty()) {
            out += piece.text;
        } else {
            const std::string whole = read_file(piece.file);
            FUZZ_CHECK(piece.offset + piece.length <= whole.size());
            out += whole.substr(piece.offset, piece.length);
        }
    }
    FUZZ_CHECK(out.size() == body.size());
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace uploads = numerapi::sandbox::uploads;
    static const numerapi::fuzz::scratch_dir scratch;
    numerapi::fuzz::byte_cursor input{data, size};

    std::mt19937_64 random{20261130};
    numerapi::detail::multipart_form form{random};
    std::map<std::string, std::string> expected; // by escaped name
    const std::size_t field_count = input.take_byte() % 9;
    for (std::size_t i = 0; i < field_count; ++i) {
        const std::string_view name = input.take_text(), value = input.take_long_text();
        if (escape_disposition_value(name).empty() || !expected.emplace(escape_disposition_value(name), value).second)
            return 0;
        if (!form.add_field(name, value)) return 0; // a field holding the boundary
    }
    const std::string_view file_field = input.take_text(), file_name = input.take_text(),
                           content_type = input.take_text(), contents = input.take_rest();
    if (file_field.empty() || contents.find(form.boundary()) != std::string_view::npos) return 0;
    const fs::path upload = scratch.write("upload", contents);
    if (!form.add_file(file_field, upload, file_name, content_type)) return 0; // a content type with CR or LF

    const std::string boundary = form.boundary();
    const numerapi::detail::request_body body = std::move(form).finish();
    FUZZ_CHECK(uploads::form_boundary(body.content_type) == boundary);
    const std::string bytes = body_bytes(body);
    const fs::path stored = scratch.write("body", bytes);

    const uploads::form_contents read = uploads::read_form(stored, boundary);
    FUZZ_CHECK(read.fields == expected);
    FUZZ_CHECK(read.file_field == escape_disposition_value(file_field));
    FUZZ_CHECK(read.file_name == escape_disposition_value(file_name));
    FUZZ_CHECK(read.file_length == contents.size());
    FUZZ_CHECK(std::string_view(bytes).substr(read.file_offset, read.file_length) == contents);
    const std::string header =
        "Content-Type: " + std::string(content_type.empty() ? "application/octet-stream" : content_type);
    FUZZ_CHECK(std::string_view(bytes).substr(0, read.file_offset).ends_with(header + "\r\n\r\n"));
    return 0;
}
