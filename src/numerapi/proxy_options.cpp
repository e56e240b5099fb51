#include <numerapi/proxy.hpp>

#include <cstdlib>

namespace numerapi {
namespace {
const char* first_set(std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
    return nullptr;
}
} // namespace

std::optional<proxy_options> proxy_options::from_environment() {
    const char* url = first_set({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
    if (url == nullptr) return std::nullopt;
    const char* no_proxy = first_set({"no_proxy", "NO_PROXY"});
    return proxy_options{url, no_proxy ? no_proxy : ""};
}

} // namespace numerapi
