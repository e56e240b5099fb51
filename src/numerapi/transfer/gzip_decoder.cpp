#include "numerapi/transfer/gzip_decoder.hpp"
#include "numerapi/transfer/expansion_grace.hpp"

#include <numerapi/error.hpp>

#include <zlib.h>

namespace numerapi::detail {

struct gzip_decoder::state {
    z_stream z{};
};

namespace {
failure bad(const std::string& what) {
    failure f = make_failure(errc::invalid_response, "download", "gzip body: " + what);
    f.diag.attempts = 1;
    return f;
}
} // namespace

gzip_decoder::gzip_decoder(decompression_limits limits)
    : state_(std::make_unique<state>()), limits_(limits), out_(256u << 10) {
    started_ = inflateInit2(&state_->z, 16 + MAX_WBITS) == Z_OK;
}

gzip_decoder::~gzip_decoder() {
    if (started_) inflateEnd(&state_->z);
}

outcome<void> gzip_decoder::feed(std::span<const char> encoded,
                                 const std::function<outcome<void>(std::span<const char>)>& sink) {
    auto& z = state_->z;
    if (encoded.empty()) return {};
    if (!started_) return bad("zlib could not start");
    if (finished_) return bad("data after the end of the gzip stream");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(encoded.data()));
    z.avail_in = static_cast<uInt>(encoded.size());
    do {
        z.next_out = reinterpret_cast<Bytef*>(out_.data());
        z.avail_out = static_cast<uInt>(out_.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return bad(z.msg != nullptr ? z.msg : "corrupt data");
        const std::size_t produced = out_.size() - z.avail_out;
        encoded_ = z.total_in;
        decoded_ += produced;
        if (decoded_ > limits_.max_size)
            return bad("it decodes to more than " + std::to_string(limits_.max_size) +
                       " bytes (decompression_limits::max_size)");
        if (decoded_ > expansion_ratio_grace &&
            static_cast<double>(decoded_) > limits_.max_ratio * static_cast<double>(encoded_))
            return bad("it expands more than " + std::to_string(static_cast<unsigned>(limits_.max_ratio)) +
                       " times (decompression_limits::max_ratio): a decompression bomb?");
        if (produced > 0) {
            if (outcome<void> taken = sink({out_.data(), produced}); !taken) return taken;
        }
        if (rc == Z_STREAM_END) finished_ = true;
        else if (rc == Z_BUF_ERROR && produced == 0) break; // needs more input
    } while (!finished_ && (z.avail_in > 0 || z.avail_out == 0));
    if (finished_ && z.avail_in > 0) return bad("data after the end of the gzip stream");
    return {};
}

} // namespace numerapi::detail
