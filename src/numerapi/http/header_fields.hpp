// Header fields given by the caller (upload headers, a content type, the User-Agent) are
// checked before they reach the wire: a CR or LF in a value would let it end the header
// and add others (request splitting).
#pragma once

#include <numerapi/detail/outcome.hpp>

#include <optional>
#include <string_view>

namespace numerapi::detail {

/// Nothing when `name` is an HTTP token (RFC 9110 5.1) and `value` holds no CR, LF, NUL or
/// other control character but tab (RFC 9110 5.5); else the failure
/// (errc::invalid_argument, `operation`) that says which.
std::optional<failure> invalid_header_field(std::string_view name, std::string_view value, std::string_view operation);

} // namespace numerapi::detail
