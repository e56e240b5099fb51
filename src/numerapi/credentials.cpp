#include <numerapi/credentials.hpp>

#include <cstdlib>

namespace numerapi {

std::optional<credentials> credentials::from_environment() {
    const char* id = std::getenv("NUMERAI_PUBLIC_ID");
    const char* secret = std::getenv("NUMERAI_SECRET_KEY");
    if (id == nullptr || secret == nullptr || *id == '\0' || *secret == '\0') return std::nullopt;
    return credentials{id, secret};
}

} // namespace numerapi
