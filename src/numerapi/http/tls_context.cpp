#include "numerapi/http/tls_context.hpp"

#include <numerapi/error.hpp>

namespace numerapi::detail {

boost::asio::ssl::context make_tls_context(const std::string& ca_file) {
    namespace ssl = boost::asio::ssl;
    ssl::context ctx{ssl::context::tls_client};
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    // A TLS 1.2 server may not renegotiate mid-connection (a needless attack surface).
    SSL_CTX_set_options(ctx.native_handle(), SSL_OP_NO_RENEGOTIATION);
    ctx.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (ca_file.empty()) ctx.set_default_verify_paths(ec);
    else ctx.load_verify_file(ca_file, ec);
    if (ec)
        throw error(make_error_code(errc::invalid_argument),
                    {.client_message = "cannot load trust roots" +
                         (ca_file.empty() ? std::string() : " from " + ca_file) + ": " + ec.message()});
    // TLS 1.3 suites in the order browsers offer them: AES-128-GCM first, the cheapest for
    // both ends with AES instructions (OpenSSL's default puts AES-256-GCM first).
    SSL_CTX_set_ciphersuites(ctx.native_handle(),
                             "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384");
    // Whole buffers of records are taken from the engine's input at once, not one record
    // header and then its body.
    SSL_CTX_set_read_ahead(ctx.native_handle(), 1);
    return ctx;
}

} // namespace numerapi::detail
