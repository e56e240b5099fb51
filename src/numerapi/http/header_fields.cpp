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

std::optional<failure> invalid_header_field(std::string_view name, std::string_view value, std::string_view operation) {
    const auto refused = [&](const std::string& why) {
        return make_failure(errc::invalid_argument, std::string(operation),
                            "the header \"" + printable(name) + "\" " + why);
    };
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar)) return refused("is not a valid header name");
    if (!std::all_of(value.begin(), value.end(), is_field_char))
        return refused("has a control character (CR, LF, NUL...) in its value");
    return std::nullopt;
}

} // namespace numerapi::detail
