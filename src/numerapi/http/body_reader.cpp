#include "numerapi/http/body_reader.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include <algorithm>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

body_reader::body_reader(connection& conn, body_parser& parser)
    : conn_(conn), parser_(parser),
      // An answer with no body (to a HEAD, a 204, a 304) is done with its header, whatever
      // its Content-Length says.
      direct_(parser.is_done() || (!parser.chunked() && parser.content_length().has_value())),
      left_(direct_ && !parser.is_done() ? *parser.content_length() : 0) {
    // Beast reads as much as the buffer's free capacity (at least 512 bytes): give it room.
    if (!direct_) conn_.buffer.reserve(64 * 1024);
}

bool body_reader::done() const { return direct_ ? left_ == 0 : parser_.is_done(); }

asio::awaitable<std::size_t> body_reader::read(std::span<char> into, boost::system::error_code& ec) {
    ec = {};
    if (done() || into.empty()) co_return 0;
    if (direct_) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(into.size(), left_));
        std::size_t n = 0;
        if (conn_.buffer.size() > 0) { // what came in with the header
            n = asio::buffer_copy(asio::buffer(into.data(), want), conn_.buffer.data());
            conn_.buffer.consume(n);
        } else {
            n = co_await conn_.stream.async_read_some(asio::buffer(into.data(), want),
                                                      asio::redirect_error(asio::use_awaitable, ec));
        }
        left_ -= n;
        co_return n;
    }
    parser_.get().body().data = into.data();
    parser_.get().body().size = into.size();
    co_await http::async_read(conn_.stream, conn_.buffer, parser_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::need_buffer) ec = {};
    co_return into.size() - parser_.get().body().size;
}

} // namespace numerapi::detail
