#include "numerapi/http/entity_tag.hpp"

#include <algorithm>

namespace numerapi::detail {

bool is_strong_etag(std::string_view value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return false;
    const auto inner = value.substr(1, value.size() - 2);
    // etagc = %x21 / %x23-7E / obs-text
    return std::all_of(inner.begin(), inner.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == 0x21 || (u >= 0x23 && u != 0x7f);
    });
}

std::string resume_validator(std::string_view etag, std::string_view last_modified) {
    if (is_strong_etag(etag)) return std::string(etag);
    // An HTTP-date is printable ASCII; anything else is not used in a request header.
    const bool printable = !last_modified.empty() &&
        std::all_of(last_modified.begin(), last_modified.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
    return printable ? std::string(last_modified) : std::string();
}

bool is_usable_validator(std::string_view value) {
    return !value.empty() && value.size() <= 256 && resume_validator(value, value) == value;
}

} // namespace numerapi::detail
