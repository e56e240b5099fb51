#include "sandbox/files/url_signer.hpp"

#include "common/hex.hpp"

#include <boost/url/parse.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

namespace numerapi::sandbox::files {
namespace {
std::string_view method_class(std::string_view method) { return method == "HEAD" ? std::string_view{"GET"} : method; }
} // namespace

url_signer::url_signer() : key_(32, '\0') {
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) != 1)
        throw std::runtime_error("url_signer: RAND_bytes failed");
}

std::string url_signer::mac(std::string_view method, std::string_view path, std::int64_t expires) const {
    std::string message;
    message.append(method_class(method)).append("\n").append(path).append("\n").append(std::to_string(expires));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &len);
    return detail::to_hex({digest, len});
}

std::string url_signer::sign(std::string_view method, std::string_view path, std::chrono::sys_seconds expires) const {
    const auto e = expires.time_since_epoch().count();
    return std::string(path) + "?expires=" + std::to_string(e) + "&signature=" + mac(method, path, e);
}

url_verdict url_signer::verify(std::string_view method, std::string_view target, std::chrono::sys_seconds now) const {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return url_verdict::bad_signature;
    auto params = parsed->params();
    auto expires_it = params.find("expires");
    auto signature_it = params.find("signature");
    if (expires_it == params.end() || signature_it == params.end()) return url_verdict::unsigned_url;
    if (params.size() != 2) return url_verdict::bad_signature;

    const std::string expires_text = (*expires_it).value;
    std::int64_t expires = 0;
    auto [ptr, ec] = std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
    if (ec != std::errc{} || ptr != expires_text.data() + expires_text.size()) return url_verdict::bad_signature;

    const std::string expected = mac(method, parsed->encoded_path(), expires);
    const std::string given = (*signature_it).value;
    if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0)
        return url_verdict::bad_signature;
    if (now.time_since_epoch().count() >= expires) return url_verdict::expired;
    return url_verdict::valid;
}

} // namespace numerapi::sandbox::files
