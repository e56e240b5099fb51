// Reads a response body, after its header, in pieces as large as the caller's buffer: the
// one body loop of every download. A body framed by Content-Length is read straight from
// the stream into the buffer, one stream operation per piece; a chunked or close-delimited
// body goes through Beast's parser. Generic over the stream: the exchange reads a TLS
// connection, the fuzz harness fuzz/answer_framing.cpp scripted bytes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/system/error_code.hpp>

#include <algorithm>
#include <cstdint>
#include <span>

namespace numerapi::detail {

using body_parser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;

template <class Stream>
class body_reader {
public:
    /// `parser` has read the header from `stream` through `buffer` (read_answer_head), and
    /// `buffer` holds what came after it.
    body_reader(Stream& stream, boost::beast::flat_buffer& buffer, body_parser& parser)
        : stream_(stream), buffer_(buffer), parser_(parser),
          // An answer with no body (to a HEAD, a 204, a 304) is done with its header,
          // whatever its Content-Length says.
          direct_(parser.is_done() || (!parser.chunked() && parser.content_length().has_value())),
          left_(direct_ && !parser.is_done() ? *parser.content_length() : 0) {
        // Beast reads as much as the buffer's free capacity (at least 512 bytes): give it room.
        if (!direct_) buffer_.reserve(std::min<std::size_t>(64 * 1024, buffer_.max_size()));
    }

    bool done() const { return direct_ ? left_ == 0 : parser_.is_done(); }

    /// Reads the next bytes of the body into `into` and returns how many (0 once done). A
    /// failure is set in `ec`, after the bytes read before it were returned.
    boost::asio::awaitable<std::size_t> read(std::span<char> into, boost::system::error_code& ec) {
        namespace asio = boost::asio;
        ec = {};
        if (done() || into.empty()) co_return 0;
        if (direct_) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(into.size(), left_));
            std::size_t n = 0;
            if (buffer_.size() > 0) { // what came in with the header
                n = asio::buffer_copy(asio::buffer(into.data(), want), buffer_.data());
                buffer_.consume(n);
            } else {
                n = co_await stream_.async_read_some(asio::buffer(into.data(), want),
                                                     asio::redirect_error(asio::use_awaitable, ec));
            }
            left_ -= n;
            co_return n;
        }
        parser_.get().body().data = into.data();
        parser_.get().body().size = into.size();
        co_await boost::beast::http::async_read(stream_, buffer_, parser_,
                                                asio::redirect_error(asio::use_awaitable, ec));
        if (ec == boost::beast::http::error::need_buffer) ec = {};
        co_return into.size() - parser_.get().body().size;
    }

private:
    Stream& stream_;
    boost::beast::flat_buffer& buffer_;
    body_parser& parser_;
    bool direct_;
    std::uint64_t left_ = 0; // of a Content-Length body
};

} // namespace numerapi::detail
