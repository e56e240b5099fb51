// Reads a response body, after its header, in pieces as large as the caller's buffer: the
// one body loop of every download. A body framed by Content-Length is read straight from
// the TLS stream into the buffer, one stream operation per piece; a chunked or
// close-delimited body goes through Beast's parser.
#pragma once

#include "numerapi/http/connection.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <span>

namespace numerapi::detail {

using body_parser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;

class body_reader {
public:
    /// `parser` has read the header from `conn` (async_read_header).
    body_reader(connection& conn, body_parser& parser);

    bool done() const;

    /// Reads the next bytes of the body into `into` and returns how many (0 once done). A
    /// failure is set in `ec`, after the bytes read before it were returned.
    boost::asio::awaitable<std::size_t> read(std::span<char> into, boost::system::error_code& ec);

private:
    connection& conn_;
    body_parser& parser_;
    bool direct_;
    std::uint64_t left_ = 0; // of a Content-Length body
};

} // namespace numerapi::detail
