// Streaming gzip decoding (zlib) for downloads served with `Content-Encoding: gzip`: what
// arrives is inflated into a fixed buffer and handed on piece by piece.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace numerapi::detail {

class gzip_decoder {
public:
    gzip_decoder();
    ~gzip_decoder();
    gzip_decoder(const gzip_decoder&) = delete;
    gzip_decoder& operator=(const gzip_decoder&) = delete;

    /// Inflates `encoded`, passing each decoded piece to `sink`. Throws numerapi::error
    /// (errc::invalid_response) for data that is not gzip, or that goes on past its end.
    void feed(std::span<const char> encoded, const std::function<void(std::span<const char>)>& sink);
    /// Whether the gzip stream has ended (its trailer, with the CRC, was checked).
    bool finished() const { return finished_; }

private:
    struct state;
    std::unique_ptr<state> state_;
    std::vector<char> out_;
    bool finished_ = false;
};

} // namespace numerapi::detail
