// numerapi::condition (error.hpp): which codes fall under which condition. Codes of Asio's
// and Beast's categories are told by their category's name and their value, never by the
// category's address: a consumer's copy of Asio's categories (Asio is header-only) is not
// the library's, and a code made on one side of a shared-library boundary compares unequal
// to the other side's Asio values.
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

/// An OpenSSL error as Asio's SSL category packs it: a system call's errno, the connection
/// ended, or TLS failed.
std::optional<condition> openssl_condition(unsigned long packed) {
    if (ERR_SYSTEM_ERROR(packed)) return system_condition(ERR_GET_REASON(packed));
    if (ERR_GET_LIB(packed) == ERR_LIB_SSL && ERR_GET_REASON(packed) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        return condition::network;
    return condition::tls;
}

/// The condition `code` falls under, if any. The system's and numerapi's categories are
/// told by identity (Boost.System gives the system's a fixed id, which every copy shares;
/// numerapi's come from the library, with fixed ids too); Asio's and Beast's, which have no
/// id, by name.
std::optional<condition> condition_of(const boost::system::error_code& code) {
    if (!code) return std::nullopt; // a value of 0 is no failure, in any category
    const int value = code.value();
    if (code.category() == boost::system::system_category() || code.category() == boost::system::generic_category())
        return system_condition(value);
    if (code.category() == error_category())
        return static_cast<errc>(value) == errc::timeout ? std::optional(condition::timeout) : std::nullopt;
    const std::string_view category = code.category().name();
    if (category == "asio.netdb" || category == "asio.addrinfo") return condition::network; // names that do not resolve
    if (category == "asio.misc") return value == 2 ? std::optional(condition::network) : std::nullopt; // eof
    if (category == "asio.ssl.stream") // 1: stream_truncated (no close_notify); 2, 3: TLS went wrong
        return value == 1 ? condition::network : condition::tls;
    if (category == "asio.ssl") return openssl_condition(static_cast<unsigned int>(value)); // as packed
    if (category == "beast.http") // 1: end_of_stream, 2: partial_message
        return value == 1 || value == 2 ? std::optional(condition::network) : std::nullopt;
    if (category == "boost.beast") return value == 1 ? std::optional(condition::timeout) : std::nullopt; // timeout
    return std::nullopt;
}

class condition_category_impl final : public boost::system::error_category {
public:
    /// A fixed id: two copies of the library (static, in two shared objects) make conditions
    /// that compare equal.
    constexpr condition_category_impl() noexcept : boost::system::error_category(0x6e756d6572636f6eULL) {}
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
