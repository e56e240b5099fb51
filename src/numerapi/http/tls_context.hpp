// The client's TLS configuration: TLS 1.2 or newer, peer verification always on, trust
// roots from the system or from one PEM file.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <string>

namespace numerapi::detail {

/// Throws numerapi::error (errc::invalid_argument) if `ca_file` cannot be loaded.
boost::asio::ssl::context make_tls_context(const std::string& ca_file);

} // namespace numerapi::detail
