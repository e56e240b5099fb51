// An answer's framing as the exchange reads it, with any bytes as the server's side: the
// head (read_answer_head, with its interim 1xx answers) and then the body (body_reader:
// Content-Length read straight from the stream, chunked or close-delimited through Beast's
// parser), over a buffer bounded at framing_limit as a connection's is. The server's bytes
// reach the reader in pieces of the sizes chosen by the first input byte, and the body is
// read into buffers of the size chosen by the second, so that every cut is tried; bit 2 of
// the first byte makes it the answer to a HEAD (no body, whatever it says). Bit 7 of
// the first byte repeats the input's last 64 bytes to 300 KiB after it, so that a small
// input can run past the framing bound (an endless chunk-size line, extension or trailer).
//
// Properties (nothing may throw):
//  - the buffer never holds more than framing_limit;
//  - too many interim answers end after exactly max_interim_answers + 1 heads; a 101 ends
//    the head at once; a final head has a status of 200 or more;
//  - a body read returns at most the room it was given, never more bytes than the server
//    sent, and either makes progress, fails, or is done (a reader that returns nothing
//    forever would spin the exchange);
//  - a body read whole is the server's bytes: exactly Content-Length bytes after the head;
//    the rest of the stream for a close-delimited body; for a chunked body, the chunks'
//    data whenever a plain decoder of chunked framing (below) also accepts the bytes; and
//    nothing for an answer without a body (204, 304).
#include "fuzz/support/fuzz_check.hpp"

#include "numerapi/http/answer_head.hpp"
#include "numerapi/http/body_reader.hpp"
#include "numerapi/http/connection.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace detail = numerapi::detail;

/// The server's side of a connection: its bytes, handed out in pieces of the given sizes
/// in turn, then the end of the stream.
class scripted_stream {
public:
    using executor_type = asio::any_io_executor;

    scripted_stream(executor_type ex, std::string_view bytes, std::span<const std::size_t> pieces)
        : ex_(std::move(ex)), bytes_(bytes), pieces_(pieces) {}

    executor_type get_executor() const { return ex_; }
    /// Bytes handed to the reader so far.
    std::size_t handed_out() const { return at_; }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const MutableBuffers& into) {
                boost::system::error_code ec;
                std::size_t n = 0;
                if (asio::buffer_size(into) == 0) {
                    // nothing asked, nothing read
                } else if (at_ == bytes_.size()) {
                    ec = asio::error::eof;
                } else {
                    const std::size_t piece = pieces_[turn_++ % pieces_.size()];
                    n = asio::buffer_copy(into,
                                          asio::buffer(bytes_.data() + at_, std::min(piece, bytes_.size() - at_)));
                    at_ += n;
                }
                asio::post(ex_, [h = std::move(handler), ec, n]() mutable { std::move(h)(ec, n); });
            },
            token, buffers);
    }

private:
    executor_type ex_;
    std::string_view bytes_;
    std::span<const std::size_t> pieces_;
    std::size_t at_ = 0;
    std::size_t turn_ = 0;
};

constexpr std::array<std::array<std::size_t, 4>, 4> piece_patterns{{
    {1, 1, 1, 1},
    {5, 1, 300, 4096},
    {4096, 4096, 4096, 4096},
    {7, 64, 3, 65536},
}};
constexpr std::array<std::size_t, 4> read_sizes{1, 7, 4096, 256u << 10};

bool hex_digit(char c, unsigned& value) {
    if (c >= '0' && c <= '9') value = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') value = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') value = static_cast<unsigned>(c - 'A' + 10);
    else return false;
    return true;
}

/// The data of a chunked body, decoded plainly: a hexadecimal size, anything up to CRLF
/// (extensions), the data and CRLF; after the zero-size chunk, lines up to an empty one
/// (the trailer). nullopt where the framing is broken or cut.
std::optional<std::string> dechunk(std::string_view in) {
    std::string out;
    for (;;) {
        std::uint64_t size = 0;
        std::size_t digits = 0;
        unsigned v = 0;
        while (digits < in.size() && hex_digit(in[digits], v)) {
            if (size > (UINT64_MAX >> 4)) return std::nullopt;
            size = size * 16 + v;
            ++digits;
        }
        if (digits == 0) return std::nullopt;
        const auto eol = in.find("\r\n", digits);
        if (eol == std::string_view::npos) return std::nullopt;
        in.remove_prefix(eol + 2);
        if (size == 0) {
            for (;;) {
                const auto end = in.find("\r\n");
                if (end == std::string_view::npos) return std::nullopt;
                if (end == 0) return out;
                in.remove_prefix(end + 2);
            }
        }
        if (size > in.size() || in.size() - size < 2 || in.substr(size, 2) != "\r\n") return std::nullopt;
        out.append(in.substr(0, size));
        in.remove_prefix(size + 2);
    }
}

asio::awaitable<void> read_answer(std::string_view server, std::span<const std::size_t> pieces, std::size_t read_size,
                                  bool head_request) {
    const auto ex = co_await asio::this_coro::executor; // not inside braces: GCC 12
    scripted_stream stream(ex, server, pieces);
    boost::beast::flat_buffer buffer{detail::framing_limit};
    std::optional<detail::body_parser> parser;
    unsigned heads = 0;
    auto count_head = [&heads] { ++heads; };
    bool interim_seen = false;
    boost::system::error_code ec;
    const auto end =
        co_await detail::read_answer_head(stream, buffer, parser, head_request, count_head, interim_seen, ec);
    FUZZ_CHECK(buffer.size() <= detail::framing_limit);
    switch (end) {
        case detail::answer_head_end::too_many_interim:
            FUZZ_CHECK(heads == detail::max_interim_answers + 1 && interim_seen);
            co_return;
        case detail::answer_head_end::switched_protocols:
            FUZZ_CHECK(parser->get().result_int() == 101 && interim_seen);
            co_return;
        case detail::answer_head_end::read_failed:
            FUZZ_CHECK(ec && heads <= detail::max_interim_answers + 1);
            co_return;
        case detail::answer_head_end::final_answer: break;
    }
    FUZZ_CHECK(parser->get().result_int() >= 200);
    const std::size_t body_start = stream.handed_out() - buffer.size();
    const bool no_body = parser->is_done();
    const bool chunked = parser->chunked();
    const auto length = parser->content_length();

    detail::body_reader<scripted_stream> body(stream, buffer, *parser);
    std::vector<char> into(read_size);
    std::string got;
    bool whole = true;
    while (!body.done()) {
        boost::system::error_code read_ec;
        const std::size_t n = co_await body.read(into, read_ec);
        FUZZ_CHECK(n <= into.size());
        FUZZ_CHECK(buffer.size() <= detail::framing_limit);
        got.append(into.data(), n);
        FUZZ_CHECK(got.size() <= server.size());
        if (read_ec) {
            whole = false;
            break;
        }
        FUZZ_CHECK(n > 0 || body.done());
    }
    if (!whole) co_return;
    const std::string_view rest = server.substr(body_start);
    if (no_body) {
        FUZZ_CHECK(got.empty());
    } else if (chunked) {
        if (const auto data = dechunk(rest)) FUZZ_CHECK(got == *data);
    } else if (length) {
        FUZZ_CHECK(got.size() == *length && got == rest.substr(0, got.size()));
    } else {
        FUZZ_CHECK(got == rest);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint8_t shape = data[0];
    const auto& pieces = piece_patterns[shape & 3];
    const std::size_t read_size = read_sizes[data[1] & 3];
    std::string server(reinterpret_cast<const char*>(data) + 2, size - 2);
    if ((shape & 0x80) && !server.empty()) {
        // An endless line, made from the input's own last bytes.
        const std::string unit = server.substr(server.size() - std::min<std::size_t>(64, server.size()));
        while (server.size() < (300u << 10)) server += unit;
    }
    asio::io_context ioc;
    std::exception_ptr failure;
    const bool head_request = (shape & 0x04) != 0; // the answer to a HEAD: no body, whatever it says
    asio::co_spawn(ioc, read_answer(server, pieces, read_size, head_request),
                   [&](std::exception_ptr e) { failure = e; });
    ioc.run();
    FUZZ_CHECK(!failure); // nothing throws: every failure is an error code
    return 0;
}
