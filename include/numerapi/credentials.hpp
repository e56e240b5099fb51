/// @file
/// API keys. Numerai authenticates private calls with `Authorization: Token <id>$<secret>`.
#pragma once

#include <numerapi/export.hpp>

#include <optional>
#include <string>

namespace numerapi {

/// A Numerai API key: what client_options::keys holds, sent on private calls only.
struct credentials {
    std::string public_id;  ///< the key's public id (NUMERAI_PUBLIC_ID)
    std::string secret_key; ///< never printed, logged or put into an error by this library

    /// Reads NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY (the variables numerapi uses).
    /// Returns nullopt unless both are set and non-empty.
    NUMERAPI_EXPORT static std::optional<credentials> from_environment();
};

} // namespace numerapi
