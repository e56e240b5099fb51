// Names that come from a server (dataset names, submission file names, ZIP entries) become
// paths only through here. A server may be compromised, misconfigured or a proxy: every
// such name is relative, plain, and lands inside the destination the caller chose.
#pragma once

#include <numerapi/error.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace numerapi::detail {

/// Why `name` may not become a path under a destination directory, or nullopt when it may:
/// it must be relative and '/'-separated, with no empty, "." or ".." component, no
/// backslash, and no NUL or other control character. A trailing '/' (a ZIP directory
/// entry) is allowed.
std::optional<std::string> unsafe_name_reason(std::string_view name);

/// `root / name`, after checking `name` (unsafe_name_reason) and then, with the parent
/// directories created, that the parent resolves (symbolic links followed) inside `root`.
/// Throws numerapi::error with `code` and `operation` when it does not; io_error when the
/// directories cannot be made. Names are quoted in errors printable (control characters
/// escaped).
std::filesystem::path path_inside(const std::filesystem::path& root, std::string_view name, errc code,
                                  std::string_view operation);

} // namespace numerapi::detail
