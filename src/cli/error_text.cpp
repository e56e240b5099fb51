#include "cli/error_text.hpp"

#include "common/printable.hpp"

namespace numerapi::cli {

namespace {

bool is_transfer(const std::string& operation) { return operation == "download" || operation == "upload"; }

std::string attempts_note(const diagnostics& d) {
    return d.retries_exhausted && d.attempts > 1 ? " (gave up after " + std::to_string(d.attempts) + " attempts)" : "";
}

std::string server_says(const error& e) {
    return e.server_message().empty() ? "" : ": the server says \"" + detail::printable(e.server_message()) + "\"";
}

/// Our own explanation, or the condition's when there is none.
std::string explanation(const error& e) {
    return e.diag().client_message.empty() ? e.code().message() : e.diag().client_message;
}

} // namespace

std::string error_line(const error& e, const error_context& context) {
    const auto& d = e.diag();
    const auto code = e.code();
    const std::string endpoint = context.api_url.empty() ? "https://api-tournament.numer.ai" : context.api_url;
    if (code == errc::credentials_missing) return "API keys are needed: set NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY";
    if (code == errc::authentication_failed)
        return "the API at " + endpoint +
            " rejected the keys: check NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY (numer.ai, Account, API keys)";
    if (code == errc::round_not_open)
        return "the round is not open for submissions" + server_says(e) +
            "; try again when the next one opens (numerapi check-new-round)";
    if (code == errc::graphql_error) return "the API refused it" + server_says(e);
    if (code == errc::http_status)
        return (is_transfer(d.operation) ? "the file host" : "the API") + std::string(" answered HTTP ") +
            std::to_string(d.http_status) + server_says(e) + attempts_note(d);
    if (code == errc::timeout) return "timed out: " + explanation(e) + attempts_note(d);
    if (code == errc::invalid_predictions) return explanation(e) + "; nothing was sent";
    if (code.category() == error_category()) return explanation(e) + attempts_note(d); // ours: it says it all
    // The transport's own: a connection, name lookup or TLS failure.
    const std::string where = is_transfer(d.operation) ? "the file host" : endpoint;
    const std::string reason = code.message();
    if (reason.find("certificate verify failed") != std::string::npos)
        return "cannot verify the certificate of " + where + " (certificate verify failed): " +
            (context.ca_file.empty()
                 ? "for the sandbox, or a server with its own CA, pass --ca-file with that CA's PEM file "
                   "(or set NUMERAI_CA_FILE)"
                 : "is " + context.ca_file + " the CA that signed it?");
    return "cannot reach " + where + ": " + reason + attempts_note(d) +
        (is_transfer(d.operation) ? "" : " (check --api-url or NUMERAI_API_URL, and the network)");
}

exit_code exit_code_for(const error& e) {
    const auto code = e.code();
    if (code == errc::authentication_failed || code == errc::credentials_missing) return authentication;
    if (code == errc::invalid_predictions || code == errc::invalid_argument || code == errc::io_error)
        return validation;
    if (e.diag().retries_exhausted || code == errc::timeout || code.category() != error_category()) return network;
    if (code == errc::graphql_error || code == errc::http_status || code == errc::round_not_open) return refused;
    return failure;
}

} // namespace numerapi::cli
