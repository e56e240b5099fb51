// The Retry-After header of an HTTP answer (RFC 9110 10.2.3).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace numerapi::detail {

/// Retry-After as delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"),
/// relative to `now`; nullopt if it is neither. A date in the past is 0 s; more than a day is a day.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

} // namespace numerapi::detail
