#include "sandbox/world/random.hpp"

#include <cstdio>

namespace numerapi::sandbox {

std::string rng::uuid() {
    const std::uint64_t a = next();
    const std::uint64_t b = (next() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

std::string rng::alnum(std::size_t n) {
    static constexpr char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string s(n, ' ');
    for (auto& c : s) c = chars[below(sizeof chars - 1)];
    return s;
}

std::uint64_t hash_name(std::string_view s, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

} // namespace numerapi::sandbox
