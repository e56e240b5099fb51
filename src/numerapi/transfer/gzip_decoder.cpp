#include "numerapi/transfer/gzip_decoder.hpp"
#include "numerapi/transfer/expansion_grace.hpp"

#include <numerapi/error.hpp>

#include <zlib.h>

namespace numerapi::detail {

struct gzip_decoder::state {
    z_stream z{};
};

namespace {
[[noreturn]] void bad(const std::string& what) {
    throw error(make_error_code(errc::invalid_response),
                {.operation = "download", .client_message = "gzip body: " + what, .attempts = 1});
}
} // namespace

gzip_decoder::gzip_decoder(decompression_limits limits)
    : state_(std::make_unique<state>()), limits_(limits), out_(256u << 10) {
    if (inflateInit2(&state_->z, 16 + MAX_WBITS) != Z_OK) bad("zlib could not start");
}

gzip_decoder::~gzip_decoder() { inflateEnd(&state_->z); }

void gzip_decoder::feed(std::span<const char> encoded, const std::function<void(std::span<const char>)>& sink) {
    auto& z = state_->z;
    if (encoded.empty()) return;
    if (finished_) bad("data after the end of the gzip stream");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(encoded.data()));
    z.avail_in = static_cast<uInt>(encoded.size());
    do {
        z.next_out = reinterpret_cast<Bytef*>(out_.data());
        z.avail_out = static_cast<uInt>(out_.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) bad(z.msg != nullptr ? z.msg : "corrupt data");
        const std::size_t produced = out_.size() - z.avail_out;
        encoded_ = z.total_in;
        decoded_ += produced;
        if (decoded_ > limits_.max_size)
            bad("it decodes to more than " + std::to_string(limits_.max_size) +
                " bytes (decompression_limits::max_size)");
        if (decoded_ > expansion_ratio_grace &&
            static_cast<double>(decoded_) > limits_.max_ratio * static_cast<double>(encoded_))
            bad("it expands more than " + std::to_string(static_cast<unsigned>(limits_.max_ratio)) +
                " times (decompression_limits::max_ratio): a decompression bomb?");
        if (produced > 0) sink({out_.data(), produced});
        if (rc == Z_STREAM_END) finished_ = true;
        else if (rc == Z_BUF_ERROR && produced == 0) break; // needs more input
    } while (!finished_ && (z.avail_in > 0 || z.avail_out == 0));
    if (finished_ && z.avail_in > 0) bad("data after the end of the gzip stream");
}

} // namespace numerapi::detail
