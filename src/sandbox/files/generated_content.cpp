#include "sandbox/files/generated_content.hpp"

#include "sandbox/world/random.hpp"

#include <cstdio>
#include <cstring>

namespace numerapi::sandbox::files {
namespace {
constexpr char magic[] = {'P', 'A', 'R', '1'};
}

void generated_file::read(std::uint64_t offset, std::span<char> out) const {
    const std::uint64_t key = rng::mix(seed ^ (version * 0x9e3779b97f4a7c15ULL));
    std::uint64_t pos = offset;
    std::size_t written = 0;
    while (written < out.size()) {
        const std::uint64_t word_index = pos / 8;
        const std::uint64_t word = rng::mix(key + word_index);
        const std::size_t in_word = pos % 8;
        const std::size_t n = std::min<std::size_t>(8 - in_word, out.size() - written);
        std::memcpy(out.data() + written, reinterpret_cast<const char*>(&word) + in_word, n);
        written += n;
        pos += n;
    }
    if (parquet_magic && size >= 8) {
        for (std::uint64_t i = 0; i < 4; ++i) {
            if (i >= offset && i < offset + out.size()) out[i - offset] = magic[i];
            const std::uint64_t tail = size - 4 + i;
            if (tail >= offset && tail < offset + out.size()) out[tail - offset] = magic[i];
        }
    }
}

std::string generated_file::etag() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "\"%016llx%016llx-1\"", static_cast<unsigned long long>(rng::mix(seed + version)),
                  static_cast<unsigned long long>(rng::mix(seed ^ size ^ (version << 32))));
    return buf;
}

std::string generated_file::to_string() const {
    std::string s(size, '\0');
    read(0, s);
    return s;
}

} // namespace numerapi::sandbox::files
