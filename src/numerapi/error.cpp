#include <numerapi/error.hpp>
#include <numerapi/detail/outcome.hpp>

#include "common/printable.hpp"

#include <ostream>

namespace numerapi {
namespace {

class category_impl final : public boost::system::error_category {
public:
    /// A fixed id: two copies of the library (static, in two shared objects) make codes that
    /// compare equal.
    constexpr category_impl() noexcept : boost::system::error_category(0x6e756d6572617069ULL) {}
    const char* name() const noexcept override { return "numerapi"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::success: return "success";
            case errc::graphql_error: return "the API answered with an error";
            case errc::authentication_failed: return "the API rejected the keys";
            case errc::credentials_missing:
                return "API keys are required for this call (NUMERAI_PUBLIC_ID, NUMERAI_SECRET_KEY)";
            case errc::round_not_open: return "the current round is not open";
            case errc::http_status: return "unexpected HTTP status";
            case errc::invalid_response: return "the response is not what the API sends";
            case errc::response_too_large: return "the response is larger than max_response_body";
            case errc::invalid_argument: return "invalid argument";
            case errc::timeout: return "timed out";
            case errc::url_expired: return "the presigned URL has expired";
            case errc::size_mismatch: return "the transfer ended with the wrong size";
            case errc::checksum_mismatch: return "the file's checksum does not match the server's";
            case errc::io_error: return "local file error";
            case errc::invalid_predictions: return "the predictions file breaks the submission rules";
        }
        return "unknown numerapi error";
    }
};

} // namespace

const boost::system::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

boost::system::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), error_category()}; }

std::ostream& operator<<(std::ostream& os, errc e) { return os << error_category().message(static_cast<int>(e)); }

error::error(boost::system::error_code code, diagnostics diag)
    : boost::system::system_error(code, describe(code, diag)), diag_(std::move(diag)),
      what_(describe(code, diag_) + ": " + code.message()) {}

const std::string& error::server_message() const noexcept {
    static const std::string none;
    return diag_.server_messages.empty() ? none : diag_.server_messages.back();
}

std::string error::describe(const boost::system::error_code& code, const diagnostics& diag) {
    // system_error appends ": " + code.message() to this.
    std::string text = diag.operation.empty() ? std::string("numerapi") : diag.operation;
    if (diag.http_status != 0) text += " (HTTP " + std::to_string(diag.http_status) + ")";
    if (!diag.client_message.empty()) text += ": " + diag.client_message;
    // The server's words are untrusted: what() is printed, so their control characters are
    // escaped (diag() keeps them verbatim).
    if (!diag.server_messages.empty())
        text += ": server says \"" + detail::printable(diag.server_messages.back()) + "\"";
    if (diag.retries_exhausted)
        text += " [retries exhausted after " + std::to_string(diag.attempts) + " attempt" +
            (diag.attempts == 1 ? "]" : "s]");
    else if (diag.attempts > 0)
        text += " [permanent failure after " + std::to_string(diag.attempts) + " attempt" +
            (diag.attempts == 1 ? "]" : "s]");
    (void)code;
    return text;
}

} // namespace numerapi

namespace numerapi::detail {

void throw_exception_from_error(const failure& f, const boost::source_location&) { throw error(f.code, f.diag); }

} // namespace numerapi::detail
