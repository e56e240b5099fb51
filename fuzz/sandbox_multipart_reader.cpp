// The sandbox's multipart/form-data reader on any upload. The input's first line is the
// request's Content-Type; the rest is the body, written to a file as the sandbox stores
// an upload before reading it.
//
// Properties: form_boundary gives a boundary of 1 to 70 characters or nothing; read_form
// throws std::invalid_argument or nothing, and what it returns keeps its limits: no more
// fields than allowed, none longer than allowed, and a file part inside the body.
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/scratch_dir.hpp"

#include "sandbox/uploads/multipart_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace uploads = numerapi::sandbox::uploads;
    static const numerapi::fuzz::scratch_dir scratch;

    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto eol = input.find('\n');
    if (eol == std::string_view::npos) return 0;
    std::string_view content_type = input.substr(0, eol);
    if (content_type.ends_with('\r')) content_type.remove_suffix(1);
    const std::string_view body = input.substr(eol + 1);

    const auto boundary = uploads::form_boundary(content_type);
    if (!boundary) return 0;
    FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);

    const uploads::form_limits limits;
    const auto body_file = scratch.write("body", body);
    try {
        const uploads::form_contents form = uploads::read_form(body_file, *boundary, limits);
        FUZZ_CHECK(form.fields.size() <= limits.max_fields);
        for (const auto& [name, value] : form.fields) {
            FUZZ_CHECK(!name.empty());
            FUZZ_CHECK(value.size() <= limits.max_field_bytes);
        }
        FUZZ_CHECK(!form.file_field.empty());
        FUZZ_CHECK(form.file_offset <= body.size() && form.file_length <= body.size() - form.file_offset);
    } catch (const std::invalid_argument&) {}
    return 0;
}
