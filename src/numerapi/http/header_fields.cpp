#include "numerapi/http/header_fields.hpp"

#include "common/printable.hpp"

#include <numerapi/error.hpp>

#include <algorithm>
#include <string>

namespace numerapi::detail {
namespace {

bool is_tchar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_field_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

} // namespace

void require_valid_header_field(std::string_view name, std::string_view value, std::string_view operation) {
    const auto refuse = [&](const std::string& why) {
        throw error(
            make_error_code(errc::invalid_argument),
            {.operation = std::string(operation), .client_message = "the header \"" + printable(name) + "\" " + why});
    };
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar)) refuse("is not a valid header name");
    if (!std::all_of(value.begin(), value.end(), is_field_char))
        refuse("has a control character (CR, LF, NUL...) in its value");
}

} // namespace numerapi::detail
