// Deterministic pseudo-random values for the sandbox's generated world: the same seed
// always yields the same ids, names and numbers, so runs and tests are reproducible.
#pragma once

#include <cstdint>
#include <string>

namespace numerapi::sandbox {

/// splitmix64: tiny, fast and good enough for test data (not for secrets).
class rng {
public:
    explicit rng(std::uint64_t seed) : state_(seed) {}

    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t next() { return mix(state_ += 0x9e3779b97f4a7c15ULL); }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

    /// A version-4 style UUID string.
    std::string uuid();
    /// `n` characters from [a-zA-Z0-9].
    std::string alnum(std::size_t n);

private:
    std::uint64_t state_;
};

/// FNV-1a, to derive seeds from names.
std::uint64_t hash_name(std::string_view s, std::uint64_t seed = 0xcbf29ce484222325ULL);

} // namespace numerapi::sandbox
