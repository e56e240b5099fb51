#include "sandbox/tls/certificate_authority.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <sys/stat.h>

namespace numerapi::sandbox::tls {
namespace {

struct pkey_free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct x509_free {
    void operator()(X509* p) const { X509_free(p); }
};
struct file_close {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;

[[noreturn]] void fail(const std::string& what) {
    std::string reason = what;
    if (unsigned long e = ERR_get_error(); e != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        reason += ": ";
        reason += buf;
    }
    throw std::runtime_error("sandbox certificate: " + reason);
}

void check(int ok, const char* what) {
    if (ok <= 0) fail(what);
}

pkey_ptr make_key() {
    pkey_ptr key{EVP_EC_gen("P-256")};
    if (!key) fail("EVP_EC_gen");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) fail("X509V3_EXT_conf_nid " + value);
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(ok, "X509_add_ext");
}

x509_ptr make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key) {
    x509_ptr cert{X509_new()};
    if (!cert) fail("X509_new");
    check(X509_set_version(cert.get(), 2), "X509_set_version");

    // A random 64-bit serial keeps browsers and OpenSSL from confusing two sandbox runs.
    unsigned char serial_bytes[8];
    check(RAND_bytes(serial_bytes, sizeof serial_bytes), "RAND_bytes");
    serial_bytes[0] &= 0x7f;
    BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
    check(serial != nullptr && BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get())) != nullptr, "serial");
    BN_free(serial);

    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");

    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("numerapi-sandbox"), -1, -1, 0),
          "subject O");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0),
          "subject CN");
    X509* signer = issuer != nullptr ? issuer : cert.get();
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)), "X509_set_issuer_name");

    if (issuer == nullptr) {
        add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
        add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    }
    (void)issuer_key;
    return cert;
}

void sign(X509* cert, EVP_PKEY* key) { check(X509_sign(cert, key, EVP_sha256()), "X509_sign"); }

std::unique_ptr<std::FILE, file_close> open_for_write(const std::filesystem::path& path, bool secret) {
    std::unique_ptr<std::FILE, file_close> f{std::fopen(path.c_str(), "wb")};
    if (!f) throw std::runtime_error("sandbox certificate: cannot write " + path.string());
    if (secret) ::chmod(path.c_str(), 0600);
    return f;
}

void write_certificate(const std::filesystem::path& path, X509* cert) {
    auto f = open_for_write(path, false);
    check(PEM_write_X509(f.get(), cert), "PEM_write_X509");
}

void write_key(const std::filesystem::path& path, EVP_PKEY* key) {
    auto f = open_for_write(path, true);
    check(PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr), "PEM_write_PrivateKey");
}

std::string subject_alt_names(const std::vector<std::string>& names) {
    std::string san;
    for (const auto& n : names) {
        if (!san.empty()) san += ',';
        boost::system::error_code ec;
        boost::asio::ip::make_address(n, ec);
        san += (ec ? "DNS:" : "IP:") + n;
    }
    return san;
}

} // namespace

certificate_files make_certificates(const std::filesystem::path& directory, const std::vector<std::string>& names) {
    if (names.empty()) throw std::invalid_argument("sandbox certificate: no subject names");
    const pkey_ptr ca_key = make_key();
    const x509_ptr ca = make_certificate(ca_key.get(), "numerapi-sandbox CA", nullptr, nullptr);
    sign(ca.get(), ca_key.get());

    const pkey_ptr server_key = make_key();
    const x509_ptr server = make_certificate(server_key.get(), names.front(), ca.get(), ca_key.get());
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_alt_name, subject_alt_names(names));
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign(server.get(), ca_key.get());

    certificate_files files{directory / "ca.pem", directory / "server.pem", directory / "server.key"};
    write_certificate(files.ca_certificate, ca.get());
    write_certificate(files.server_certificate, server.get());
    write_key(files.server_key, server_key.get());
    return files;
}

} // namespace numerapi::sandbox::tls
