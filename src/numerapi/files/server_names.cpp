#include "numerapi/files/server_names.hpp"

#include "common/printable.hpp"

#include <algorithm>
#include <set>

namespace numerapi::detail {

std::optional<std::string> unsafe_name_reason(std::string_view name) {
    if (name.empty()) return "an empty name";
    if (name.front() == '/') return "an absolute path";
    if (name.size() > 1 && name[1] == ':') return "a drive letter";
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return "a control character";
    if (name.find('\\') != std::string_view::npos) return "a backslash";
    if (name.back() == '/') name.remove_suffix(1); // a directory
    for (std::size_t start = 0;;) {
        const std::size_t end = std::min(name.find('/', start), name.size());
        const std::string_view part = name.substr(start, end - start);
        if (part.empty()) return "an empty path component";
        if (part == ".") return "a \".\" component";
        if (part == "..") return "a \"..\" component, which would leave the destination";
        if (part.front() == '.') return "a component that starts with a dot (a hidden file such as .bashrc)";
        if (end == name.size()) return std::nullopt;
        start = end + 1;
    }
}

std::optional<std::string> clashing_names_reason(const std::vector<std::string>& names) {
    const std::set<std::string_view> listed(names.begin(), names.end());
    if (listed.size() != names.size()) {
        std::set<std::string_view> seen;
        for (const auto& name : names)
            if (!seen.insert(name).second) return "\"" + printable(name) + "\" is listed twice";
    }
    for (const auto& name : names) {
        for (const char* suffix : {".part", ".part.etag"})
            if (listed.contains(name + suffix))
                return "\"" + printable(name) + suffix + "\" is where \"" + printable(name) +
                    "\" is written before it is complete";
        // A file and a directory of one name ("x" and "x/y"): one of them cannot be made.
        if (name.ends_with('/')) continue;
        const std::string below = name + "/";
        if (const auto it = listed.lower_bound(below); it != listed.end() && it->starts_with(below))
            return "\"" + printable(name) + "\" is both a file and the directory of \"" + printable(*it) + "\"";
    }
    return std::nullopt;
}

outcome<std::filesystem::path> path_inside(const std::filesystem::path& root, std::string_view name, errc code,
                                           std::string_view operation) {
    const auto fail = [&](errc c, std::string what) {
        return make_failure(c, std::string(operation), std::move(what));
    };
    const std::string quoted = "\"" + printable(name) + "\"";
    if (const auto why = unsafe_name_reason(name)) return fail(code, "refused the name " + quoted + ": " + *why);
    const bool directory = name.back() == '/';
    const std::filesystem::path target = root / std::filesystem::path(name).relative_path();
    const std::filesystem::path parent = directory ? target : target.parent_path();
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    if (ec) return fail(errc::io_error, "cannot create " + printable(root.string()) + ": " + ec.message());
    // A symbolic link already in the destination must not carry the name outside it: the
    // part of the parent that exists is resolved and checked before anything is created.
    const auto real_root = std::filesystem::canonical(root, ec);
    if (ec) return fail(errc::io_error, "cannot resolve " + printable(root.string()) + ": " + ec.message());
    const auto real_parent = std::filesystem::weakly_canonical(parent, ec);
    if (ec) return fail(errc::io_error, "cannot resolve " + printable(parent.string()) + ": " + ec.message());
    const auto [root_end, parent_end] =
        std::mismatch(real_root.begin(), real_root.end(), real_parent.begin(), real_parent.end());
    if (root_end != real_root.end())
        return fail(code, "refused the name " + quoted + ": it resolves outside the destination");
    std::filesystem::create_directories(parent, ec);
    if (ec) return fail(errc::io_error, "cannot create " + printable(parent.string()) + ": " + ec.message());
    return target;
}

} // namespace numerapi::detail
