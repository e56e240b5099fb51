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

std::exception_ptr deadline_failure(const std::exception_ptr& failure, std::chrono::milliseconds deadline) {
    boost::system::error_code code;
    diagnostics diag;
    try {
        std::rethrow_exception(failure);
    } catch (const error& e) {
        code = e.code();
        diag = e.diag();
    } catch (const boost::system::system_error& e) {
        code = e.code();
    } catch (...) {
        return failure; // not a failure of the call (the caller's own callback threw)
    }
    const std::string passed = "the call's deadline of " + std::to_string(deadline.count()) + " ms passed";
    if (code == boost::asio::error::operation_aborted) {
        code = make_error_code(errc::timeout);
        diag.client_message = passed;
    } else {
        diag.client_message = passed + (diag.client_message.empty() ? "" : ": " + diag.client_message);
    }
    return std::make_exception_ptr(error(code, std::move(diag)));
}

} // namespace numerapi::detail
