// Names that come from a server (dataset names, submission file names, ZIP entries) become
// paths only through here. A server may be compromised, misconfigured or a proxy: every
// such name is relative, plain, and lands inside the destination the caller chose.
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/error.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::detail {

/// Why `name` may not become a path under a destination directory, or nullopt when it may:
/// it must be relative and '/'-separated, with no empty, "." or ".." component, no component
/// that starts with a dot (a server must not replace .bashrc or .ssh/authorized_keys in a
/// destination that is someone's home), no backslash, and no NUL or other control
/// character. A trailing '/' (a ZIP directory entry) is allowed.
std::optional<std::string> unsafe_name_reason(std::string_view name);

/// Why a set of names fetched or extracted side by side may not be, or nullopt: a name is
/// listed twice, or is another's temporary file (`x` and `x.part`, or `x.part.etag`), so that
/// two transfers would write one file; or a name is a file and another's directory (`x` and
/// `x/y`).
std::optional<std::string> clashing_names_reason(const std::vector<std::string>& names);

/// `root / name`, after checking `name` (unsafe_name_reason) and then, with the parent
/// directories created, that the parent resolves (symbolic links followed) inside `root`.
/// Fails with `code` and `operation` when it does not; with io_error when the directories
/// cannot be made. Names are quoted in errors printable (control characters escaped).
outcome<std::filesystem::path> path_inside(const std::filesystem::path& root, std::string_view name, errc code,
                                           std::string_view operation);

} // namespace numerapi::detail
