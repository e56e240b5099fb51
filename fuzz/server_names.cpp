// The check every name from a server goes through before it becomes a path (dataset and
// submission file names, ZIP entries), and the escaping of server text before it is
// printed, on any name.
//
// Properties:
//  - a name unsafe_name_reason accepts is relative, has no empty component and none that
//    starts with a dot, no backslash and no control character;
//  - path_inside fails, or gives a path inside the destination, lexically
//    and once resolved, and creates nothing outside it;
//  - printable() gives valid UTF-8 with no control character (C0, DEL, C1), leaves text
//    that has none unchanged, and changes nothing when applied again.
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/scratch_dir.hpp"

#include "common/printable.hpp"
#include "numerapi/files/server_names.hpp"

#include <numerapi/error.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& root, const fs::path& p) {
    return std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first == root.end();
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

/// Whether `s` is UTF-8 (RFC 3629: shortest forms, no surrogates, nothing above U+10FFFF),
/// and whether it holds a C1 control (U+0080 to U+009F).
struct utf8_scan {
    bool valid = true;
    bool c1 = false;
};

utf8_scan scan_utf8(std::string_view s) {
    utf8_scan out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
        if (n == 0 || i + n > s.size()) return {false, out.c1};
        std::uint32_t cp = n == 1 ? b : b & (0x7f >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xc0) != 0x80) return {false, out.c1};
            cp = cp << 6 | (c & 0x3f);
        }
        constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < smallest[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {false, out.c1};
        if (cp >= 0x80 && cp <= 0x9f) out.c1 = true;
        i += n;
    }
    return out;
}

void check_printable(std::string_view text) {
    const std::string shown = numerapi::detail::printable(text);
    const utf8_scan scanned = scan_utf8(shown);
    FUZZ_CHECK(scanned.valid && !scanned.c1 && !has_control(shown));
    const utf8_scan original = scan_utf8(text);
    if (original.valid && !original.c1 && !has_control(text)) FUZZ_CHECK(shown == text);
    FUZZ_CHECK(numerapi::detail::printable(shown) == shown);
}

void check_name(std::string_view name) {
    if (numerapi::detail::unsafe_name_reason(name)) return;
    FUZZ_CHECK(!name.empty() && name.front() != '/' && name.find('\\') == std::string_view::npos && !has_control(name));
    const std::string_view trimmed = name.ends_with('/') ? name.substr(0, name.size() - 1) : name;
    for (std::size_t start = 0; start <= trimmed.size();) {
        const std::size_t end = std::min(trimmed.find('/', start), trimmed.size());
        const std::string_view part = trimmed.substr(start, end - start);
        FUZZ_CHECK(!part.empty() && part.front() != '.');
        start = end + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const numerapi::fuzz::scratch_dir scratch;
    static const fs::path destination = scratch.path() / "dest";
    const std::string_view name(reinterpret_cast<const char*>(data), size);
    check_printable(name);
    check_name(name);
    const auto placed = numerapi::detail::path_inside(destination, name, numerapi::errc::invalid_response, "fuzz");
    if (placed) {
        const fs::path& p = *placed;
        FUZZ_CHECK(inside(destination, p.lexically_normal()));
        FUZZ_CHECK(inside(fs::canonical(destination), fs::weakly_canonical(p)));
    }
    for (const auto& e : fs::directory_iterator(scratch.path())) FUZZ_CHECK(e.path() == destination);
    fs::remove_all(destination);
    return 0;
}
