// A throw-away certificate authority for the sandbox: one CA and one server certificate,
// made with OpenSSL at start-up and written as PEM files into the state directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace numerapi::sandbox::tls {

/// Where the generated PEM files are.
struct certificate_files {
    std::filesystem::path ca_certificate;     ///< trust anchor for clients (`ca.pem`)
    std::filesystem::path server_certificate; ///< leaf followed by nothing else (`server.pem`)
    std::filesystem::path server_key;         ///< private key of the leaf (`server.key`, mode 0600)
};

/// Generates an EC P-256 CA ("numerapi-sandbox CA") and a server certificate signed by it
/// whose subjectAltName holds `names` (IP addresses become IP entries, the rest DNS entries).
/// Both are valid from one hour ago for 30 days. Writes the files into `directory`, which must
/// exist. Throws std::runtime_error with OpenSSL's reason on failure.
certificate_files make_certificates(const std::filesystem::path& directory, const std::vector<std::string>& names);

} // namespace numerapi::sandbox::tls
