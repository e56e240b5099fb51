// Text from a server, made safe to print: a compromised or misconfigured server must not be
// able to drive the user's terminal (clear it, retitle it, hide text) through an error
// message or a file name.
#pragma once

#include <string>
#include <string_view>

namespace numerapi::detail {

/// `text` with every control character (C0, DEL, and C1 as UTF-8) written as an escape
/// (`\x1b`, `\u009b`), and every byte that is not part of valid UTF-8 as `\xNN`. Printable
/// text, UTF-8 included, is unchanged.
std::string printable(std::string_view text);

} // namespace numerapi::detail
