// The parsers of the response headers a download and the retry loop act on, on any value:
// Retry-After, Content-Range, ETag (is_strong_etag, md5_from_etag), Content-MD5 and the
// resume validator; and the check of header fields the caller gives (upload headers). The
// input is one header value; resume_validator takes it cut at its first newline into an
// ETag and a Last-Modified, the caller's field at its first ':' into a name and a value.
//
// Properties (none of these may throw):
//  - Retry-After is between 0 s and a day, and a number of seconds is taken as it is
//    (up to the day);
//  - Content-Range has first <= last < total, or is "*/total"; and it prints back to
//    itself;
//  - an MD5 from an ETag or a Content-MD5 is 32 lower-case hex digits;
//  - the resume validator is a strong ETag, the Last-Modified value, or empty; it never
//    holds a control character (it goes back into an If-Range header);
//  - a caller's header field is refused (an invalid_argument failure) unless its name is a
//    token and its value has no control character but tab: no CR or LF can split the
//    request.
#include "fuzz/support/fuzz_check.hpp"

#include "numerapi/http/content_range.hpp"
#include "numerapi/http/entity_tag.hpp"
#include "numerapi/http/header_fields.hpp"
#include "numerapi/http/retry_after.hpp"
#include "numerapi/transfer/checksums.hpp"

#include <numerapi/error.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace detail = numerapi::detail;

bool lower_hex_md5(const std::optional<std::string>& md5) {
    return !md5 || (md5->size() == 32 && md5->find_first_not_of("0123456789abcdef") == std::string::npos);
}

void retry_after(std::string_view value) {
    using namespace std::chrono;
    // 2026-11-30T12:00:00Z, fixed so that a run can be replayed.
    const system_clock::time_point now = sys_days{year{2026} / 11 / 30} + 12h;
    const auto delay = detail::parse_retry_after(value, now);
    if (!delay) return;
    FUZZ_CHECK(*delay >= 0s && *delay <= 24h);
    std::uint64_t seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc{} && end == value.data() + value.size())
        FUZZ_CHECK(static_cast<std::uint64_t>(delay->count()) == std::min<std::uint64_t>(seconds, 86400));
}

void content_range(std::string_view value) {
    const auto range = detail::parse_content_range(value);
    if (!range) return;
    if (range->is_star) {
        FUZZ_CHECK(range->first == 0 && range->last == 0);
        return;
    }
    FUZZ_CHECK(range->first <= range->last && range->last < range->total);
    const std::string printed = "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
        std::to_string(range->total);
    const auto again = detail::parse_content_range(printed);
    FUZZ_CHECK(again && again->first == range->first && again->last == range->last && again->total == range->total);
}

void validators(std::string_view value) {
    FUZZ_CHECK(lower_hex_md5(detail::md5_from_etag(value)));
    FUZZ_CHECK(lower_hex_md5(detail::md5_from_content_md5(value)));
    if (detail::is_strong_etag(value)) FUZZ_CHECK(detail::resume_validator(value, "") == value);

    const auto eol = value.find('\n');
    const std::string_view etag = value.substr(0, eol);
    const std::string_view last_modified = eol == std::string_view::npos ? std::string_view() : value.substr(eol + 1);
    const std::string validator = detail::resume_validator(etag, last_modified);
    FUZZ_CHECK(validator.empty() || validator == etag || validator == last_modified);
    FUZZ_CHECK(std::none_of(validator.begin(), validator.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    }));
}

void caller_header_field(std::string_view field) {
    const auto colon = field.find(':');
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = colon == std::string_view::npos ? std::string_view() : field.substr(colon + 1);
    if (const auto refused = detail::invalid_header_field(name, value, "fuzz")) {
        FUZZ_CHECK(refused->code == numerapi::errc::invalid_argument && refused->diag.operation == "fuzz");
        return;
    }
    FUZZ_CHECK(!name.empty() && name.find_first_of(" \t\r\n:\"(),/;<=>?@[\\]{}") == std::string_view::npos);
    FUZZ_CHECK(std::none_of(name.begin(), name.end(),
                            [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }));
    FUZZ_CHECK(std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    }));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    retry_after(value);
    content_range(value);
    validators(value);
    caller_header_field(value);
    return 0;
}
