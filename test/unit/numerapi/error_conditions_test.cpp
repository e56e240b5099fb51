// numerapi::condition: the codes a call may fail with fall under the condition their cause
// names, whichever category made them, and a code from a copy of Asio's categories (another
// shared library's) falls under it too.
#include <numerapi/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <netdb.h>

#include <cerrno>

#include <string>

using boost::system::error_code;
using numerapi::condition;

namespace {

/// A category named as one of Asio's, at another address: what a consumer's own copy of
/// Asio's category looks like from the library's side of a shared-library boundary.
class copied_category final : public boost::system::error_category {
public:
    explicit copied_category(const char* name) : name_(name) {}
    const char* name() const noexcept override { return name_; }
    std::string message(int) const override { return "copied"; }

private:
    const char* name_;
};

/// OpenSSL's packed code for an SSL-library reason, as Asio's ssl category carries it.
error_code ssl_reason(int reason) {
    return {static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, reason)), boost::asio::error::get_ssl_category()};
}

/// The conditions `code` falls under, by name.
std::string conditions_of(const error_code& code) {
    std::string names;
    for (const auto& [c, name] : {std::pair{condition::network, "network"}, std::pair{condition::timeout, "timeout"},
                                  std::pair{condition::tls, "tls"}, std::pair{condition::cancelled, "cancelled"}})
        if (code == c) names += names.empty() ? name : std::string(",") + name;
    return names.empty() ? "none" : names;
}

} // namespace

BOOST_AUTO_TEST_SUITE(error_conditions)

BOOST_AUTO_TEST_CASE(a_lost_or_refused_connection_is_a_network_failure) {
    namespace error = boost::asio::error;
    for (const error_code& code :
         {error_code(error::connection_refused), error_code(error::connection_reset), error_code(error::broken_pipe),
          error_code(error::network_unreachable), error_code(error::host_unreachable), error_code(error::eof),
          error_code(error::host_not_found), error_code(error::host_not_found_try_again),
          error_code(boost::asio::ssl::error::stream_truncated), ssl_reason(SSL_R_UNEXPECTED_EOF_WHILE_READING),
          error_code(boost::beast::http::error::end_of_stream),
          error_code(boost::beast::http::error::partial_message)}) {
        BOOST_TEST_INFO(code.category().name() << ":" << code.value() << " " << code.message());
        BOOST_TEST(conditions_of(code) == "network");
    }
}

BOOST_AUTO_TEST_CASE(timeouts_tls_failures_and_cancellations_are_told_apart) {
    BOOST_TEST(conditions_of(numerapi::errc::timeout) == "timeout");
    BOOST_TEST(conditions_of(boost::asio::error::timed_out) == "timeout");
    BOOST_TEST(conditions_of(boost::beast::error::timeout) == "timeout");
    BOOST_TEST(conditions_of(ssl_reason(SSL_R_CERTIFICATE_VERIFY_FAILED)) == "tls");
    BOOST_TEST(conditions_of(ssl_reason(SSL_R_WRONG_VERSION_NUMBER)) == "tls");
    BOOST_TEST(conditions_of(boost::asio::ssl::error::unexpected_result) == "tls");
    BOOST_TEST(conditions_of(boost::asio::error::operation_aborted) == "cancelled");
    // A system call's failure as OpenSSL packs it: its errno tells.
    const error_code reset_under_tls(static_cast<int>(ERR_SYSTEM_FLAG | ECONNRESET),
                                     boost::asio::error::get_ssl_category());
    BOOST_TEST(conditions_of(reset_under_tls) == "network");
}

BOOST_AUTO_TEST_CASE(the_api_s_own_refusals_fall_under_none) {
    for (const auto e :
         {numerapi::errc::graphql_error, numerapi::errc::authentication_failed, numerapi::errc::http_status,
          numerapi::errc::invalid_response, numerapi::errc::url_expired, numerapi::errc::invalid_predictions}) {
        BOOST_TEST_INFO(numerapi::make_error_code(e).message());
        BOOST_TEST(conditions_of(e) == "none");
    }
    BOOST_TEST(conditions_of(boost::asio::error::already_open) == "none");
    BOOST_TEST(conditions_of(boost::asio::error::shut_down) == "none"); // ESHUTDOWN: our own doing
    // A value of 0 is no failure, whatever its category.
    BOOST_TEST(conditions_of(error_code(0, boost::asio::error::get_ssl_category())) == "none");
    BOOST_TEST(conditions_of(error_code(0, boost::asio::error::get_netdb_category())) == "none");
    BOOST_TEST(conditions_of(boost::beast::http::error::bad_target) == "none");
}

// Across a shared-library boundary Asio's categories are copies: the value compares unequal
// to Asio's own, and still falls under the condition.
BOOST_AUTO_TEST_CASE(a_code_of_a_copied_category_keeps_its_condition) {
    static const copied_category misc("asio.misc"), ssl_stream("asio.ssl.stream"), netdb("asio.netdb"),
        addrinfo("asio.addrinfo"), ssl("asio.ssl"), http("beast.http"), beast("boost.beast"), system("system");
    const error_code eof(2, misc);
    BOOST_TEST((eof != boost::asio::error::eof));
    BOOST_TEST((eof == condition::network));
    BOOST_TEST((error_code(1, ssl_stream) == condition::network));
    BOOST_TEST((error_code(3, ssl_stream) == condition::tls));
    BOOST_TEST((error_code(1, netdb) == condition::network));
    BOOST_TEST((error_code(EAI_SERVICE, addrinfo) == condition::network));
    BOOST_TEST((error_code(static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_CERTIFICATE_VERIFY_FAILED)), ssl) ==
                condition::tls));
    BOOST_TEST((error_code(1, http) == condition::network));
    BOOST_TEST((error_code(1, beast) == condition::timeout));
    // A category that only calls itself "system" is not the system's: its values are not errnos.
    BOOST_TEST(conditions_of(error_code(ECONNREFUSED, system)) == "none");
    BOOST_TEST(numerapi::condition_category().name() == std::string("numerapi.condition"));
    BOOST_TEST(numerapi::make_error_condition(condition::tls).message() == "TLS failed");
}

BOOST_AUTO_TEST_SUITE_END()
