#include "cli/event_lines.hpp"

#include "common/printable.hpp"

#include <sstream>

namespace numerapi::cli {

std::string event_line(const event& e) {
    std::ostringstream line;
    const auto failure = [&] {
        if (e.http_status != 0) line << "HTTP " << e.http_status;
        if (e.error && e.http_status != 0) line << ", ";
        if (e.error) line << detail::printable(e.error.message());
    };
    switch (e.what) {
        case event::kind::attempt:
            line << "attempt " << e.operation << ' ' << e.method << ' ' << e.host << ": ";
            if (e.error) failure();
            else line << e.http_status << ", " << e.bytes_sent << " bytes out, " << e.bytes_received << " bytes in";
            line << ", " << e.duration.count() << " ms";
            if (e.attempt > 1) line << " (sent again on a fresh connection)";
            break;
        case event::kind::retry:
            line << "retry " << e.operation << " (" << e.host << ") after attempt " << e.attempt << " failed (";
            failure();
            line << "): next in " << e.delay.count() << " ms";
            break;
        case event::kind::rate_limit_pause:
            line << "rate gate: " << e.host << " paused for " << e.delay.count() << " ms";
            break;
        case event::kind::rollover_wait:
            line << "round rollover: " << e.operation << " waits " << e.delay.count() << " ms for the round to open";
            break;
    }
    return line.str();
}

} // namespace numerapi::cli
