#include <numerapi/detail/call_completion.hpp>

namespace numerapi::detail {

boost::system::error_code error_code_of(const std::exception_ptr& failure, diagnostics* sink) {
    try {
        std::rethrow_exception(failure);
    } catch (const error& e) {
        if (sink) *sink = e.diag();
        return e.code();
    } catch (const boost::system::system_error& e) {
        if (sink) *sink = diagnostics{.client_message = e.what()};
        return e.code();
    }
}

void clear_diagnostics(diagnostics* sink) noexcept {
    if (sink) *sink = diagnostics{};
}

} // namespace numerapi::detail
