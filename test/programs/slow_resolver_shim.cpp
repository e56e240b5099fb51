// LD_PRELOAD shim for resolve_timeout_test.sh: getaddrinfo() of "slow-resolver.test" takes
// 5 s (as a DNS server that does not answer does) and then fails; every other name goes to
// the C library's resolver.
#include <dlfcn.h>
#include <netdb.h>
#include <unistd.h>

#include <cstring>

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints, addrinfo** res) {
    if (node != nullptr && std::strcmp(node, "slow-resolver.test") == 0) {
        ::sleep(5);
        return EAI_AGAIN;
    }
    using real_fn = int (*)(const char*, const char*, const addrinfo*, addrinfo**);
    static const auto real = reinterpret_cast<real_fn>(::dlsym(RTLD_NEXT, "getaddrinfo"));
    return real(node, service, hints, res);
}
