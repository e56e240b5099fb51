#include "numerapi/events/tell.hpp"

namespace numerapi::detail {

void tell(const event_sink& sink, const event& e) noexcept {
    if (!sink) return;
    try {
        sink(e);
    } catch (...) { // a metrics hook must not change what a call does
    }
}

} // namespace numerapi::detail
