// How the library reports to client_options::events: one place, so that a sink that
// throws never changes what a call does, and an unset sink costs one test.
#pragma once

#include <numerapi/events.hpp>

namespace numerapi::detail {

/// Calls `sink` with `e` if it is set; whatever it throws is swallowed.
void tell(const event_sink& sink, const event& e) noexcept;
/// The same through a pointer that may be null.
inline void tell(const event_sink* sink, const event& e) noexcept {
    if (sink) tell(*sink, e);
}

} // namespace numerapi::detail
