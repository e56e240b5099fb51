// numerapi::condition (error.hpp): which codes fall under which condition. Codes are told by
// their category's name and their value, never by the category's address: a consumer's copy
// of Asio's categories (Asio is header-only) is not the library's, and a code made on one
// side of a shared-library boundary compares unequal to the other side's Asio values.
#include <numerapi/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <optional>
#include <string>
#include <string_view>

namespace numerapi {
namespace {

std::optional<condition> system_condition(int value) {
    switch (value) {
        case ECONNREFUSED:
        case ECONNRESET:
        case ECONNABORTED:
        case EPIPE:
        case ENETUNREACH:
        case ENETDOWN:
        case ENETRESET:
        case EHOSTUNREACH:
        case EHOSTDOWN:
        case ENOTCONN:
        case EADDRNOTAVAIL: return condition::network;
        case ETIMEDOUT: return condition::timeout;
        case ECANCELED: return condition::cancelled;
        default: return std::nullopt;
    }
}

/// The condition `code` falls under, if any.
std::optional<condition> condition_of(const boost::system::error_code& code) {
    const std::string_view category = code.category().name();
    const int value = code.value();
    if (category == "system" || category == "generic") return system_condition(value);
    if (category == "numerapi")
        return static_cast<errc>(value) == errc::timeout ? std::optional(condition::timeout) : std::nullopt;
    if (category == "asio.netdb" || category == "asio.addrinfo") return condition::network; // names that do not resolve
    if (category == "asio.misc") return value == 2 ? std::optional(condition::network) : std::nullopt; // eof
    if (category == "asio.ssl.stream") // 1: stream_truncated (no close_notify); 2, 3: TLS went wrong
        return value == 1 ? condition::network : condition::tls;
    if (category == "asio.ssl") // OpenSSL's packed error: the connection ended, or TLS failed
        return ERR_GET_REASON(static_cast<unsigned long>(value)) == SSL_R_UNEXPECTED_EOF_WHILE_READING
            ? condition::network
            : condition::tls;
    if (category == "beast.http") // 1: end_of_stream, 2: partial_message
        return value == 1 || value == 2 ? std::optional(condition::network) : std::nullopt;
    if (category == "boost.beast") return value == 1 ? std::optional(condition::timeout) : std::nullopt; // timeout
    return std::nullopt;
}

class condition_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "numerapi.condition"; }
    std::string message(int value) const override {
        switch (static_cast<condition>(value)) {
            case condition::network: return "the connection could not be made or was lost";
            case condition::timeout: return "timed out";
            case condition::tls: return "TLS failed";
            case condition::cancelled: return "cancelled";
        }
        return "unknown numerapi condition";
    }
    bool equivalent(const boost::system::error_code& code, int value) const noexcept override {
        const std::optional<condition> c = condition_of(code);
        return c && static_cast<int>(*c) == value;
    }
};

} // namespace

const boost::system::error_category& condition_category() noexcept {
    static const condition_category_impl instance;
    return instance;
}

boost::system::error_condition make_error_condition(condition c) noexcept {
    return {static_cast<int>(c), condition_category()};
}

} // namespace numerapi
