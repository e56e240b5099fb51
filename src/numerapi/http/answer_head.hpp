// Reads an answer's head: interim (1xx) answers are skipped, within a bound, until the final
// one. The exchange's one way to read a head, generic over the stream so that the fuzz
// harness fuzz/answer_framing.cpp drives it over scripted bytes too.
#pragma once

#include "numerapi/http/body_reader.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/system/error_code.hpp>

#include <optional>

namespace numerapi::detail {

/// Interim (1xx) answers accepted before the answer: 100 Continue and a few 103 Early Hints
/// are normal; more is a server holding the call (each one restarts the read timeout).
inline constexpr unsigned max_interim_answers = 8;

/// How reading an answer's head ended.
enum class answer_head_end {
    final_answer,       ///< `parser` holds a head with a status of 200 or more
    read_failed,        ///< the read failed (`ec`), before a final head
    switched_protocols, ///< a 101: never asked for, and what follows it is not HTTP
    too_many_interim,   ///< more than max_interim_answers interim answers
};

/// Reads heads from `stream` through `buffer` into `parser` (made afresh for each) until the
/// final answer's. `head_request`: the answer has no body, whatever it says.
/// `before_each_head()` runs before each head is read (the exchange restarts its read
/// timeout there). `interim_seen` is set when an interim answer arrived.
template <class Stream, class BeforeEachHead>
boost::asio::awaitable<answer_head_end> read_answer_head(Stream& stream, boost::beast::flat_buffer& buffer,
                                                         std::optional<body_parser>& parser, bool head_request,
                                                         BeforeEachHead& before_each_head, bool& interim_seen,
                                                         boost::system::error_code& ec) {
    for (unsigned interim = 0;; ++interim) {
        parser.emplace();
        parser->body_limit(boost::none); // bodies stream through fixed buffers: no bound needed
        parser->skip(head_request);
        before_each_head();
        co_await boost::beast::http::async_read_header(stream, buffer, *parser,
                                                       boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        if (ec) co_return answer_head_end::read_failed;
        const unsigned status = parser->get().result_int();
        if (status >= 200) co_return answer_head_end::final_answer;
        interim_seen = true;
        if (status == 101) co_return answer_head_end::switched_protocols;
        if (interim + 1 > max_interim_answers) co_return answer_head_end::too_many_interim;
    }
}

} // namespace numerapi::detail
