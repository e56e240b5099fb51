// The streaming gzip decoder of downloads, two ways:
//  - the input as a gzip body, fed whole and fed in small pieces: both fail or neither
//    does, both end the same way, and when neither refuses the body
//    both give the same bytes (the network decides where a body is cut, so the cuts must
//    not matter; after a refusal what was delivered before it is discarded anyway);
//  - the input compressed with zlib's gzip writer, fed in pieces: it decodes back to
//    the input, and the stream is finished.
#include "fuzz/support/fuzz_check.hpp"

#include "numerapi/transfer/gzip_decoder.hpp"

#include <numerapi/detail/outcome.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace {

struct decoded {
    std::string bytes;
    bool finished = false;
    bool refused = false;
};

/// Feeds `body` in pieces of `piece` bytes (all at once when 0).
decoded decode(std::string_view body, std::size_t piece) {
    numerapi::detail::gzip_decoder decoder;
    decoded out;
    const auto sink = [&out](std::span<const char> p) {
        out.bytes.append(p.data(), p.size());
        return numerapi::detail::outcome<void>();
    };
    if (piece == 0) piece = std::max<std::size_t>(body.size(), 1);
    for (std::size_t at = 0; at < body.size() && !out.refused; at += piece) {
        const auto part = body.substr(at, piece);
        out.refused = !decoder.feed({part.data(), part.size()}, sink);
    }
    out.finished = decoder.finished();
    return out;
}

std::string gzip(std::string_view plain) {
    z_stream z{};
    FUZZ_CHECK(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(plain.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const decoded whole = decode(input, 0);
    const decoded pieces = decode(input, 7);
    FUZZ_CHECK(whole.refused == pieces.refused);
    FUZZ_CHECK(whole.finished == pieces.finished);
    if (!whole.refused) FUZZ_CHECK(whole.bytes == pieces.bytes);

    const decoded back = decode(gzip(input), 5);
    FUZZ_CHECK(!back.refused && back.finished);
    FUZZ_CHECK(back.bytes == input);
    return 0;
}
