// Streaming gzip decoding (zlib) for downloads served with `Content-Encoding: gzip`: what
// arrives is inflated into a fixed buffer and handed on piece by piece, within
// decompression_limits (a bomb is refused as it expands, not after).
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/transfer.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace numerapi::detail {

class gzip_decoder {
public:
    explicit gzip_decoder(decompression_limits limits = decompression_limits());
    ~gzip_decoder();
    gzip_decoder(const gzip_decoder&) = delete;
    gzip_decoder& operator=(const gzip_decoder&) = delete;

    /// Inflates `encoded`, passing each decoded piece to `sink`. Fails with
    /// errc::invalid_response for data that is not gzip, that goes on past its end, or that
    /// decodes beyond the limits (or when zlib could not start); with the sink's failure when
    /// it fails.
    outcome<void> feed(std::span<const char> encoded, const std::function<outcome<void>(std::span<const char>)>& sink);
    /// Whether zlib could start (it needs memory of its own); feed() fails if not.
    bool started() const { return started_; }
    /// Whether the gzip stream has ended (its trailer, with the CRC, was checked).
    bool finished() const { return finished_; }

private:
    struct state;
    std::unique_ptr<state> state_;
    decompression_limits limits_;
    std::vector<char> out_;
    std::uint64_t encoded_ = 0, decoded_ = 0;
    bool started_ = false; ///< zlib is ready (it needs memory of its own)
    bool finished_ = false;
};

} // namespace numerapi::detail
