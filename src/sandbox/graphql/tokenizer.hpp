// GraphQL's lexical grammar (spec section 2.1): punctuators, names, numbers and strings;
// white space, commas, line terminators, comments and a BOM are ignored.
#pragma once

#include "sandbox/graphql/syntax.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace numerapi::sandbox::graphql {

/// A document that is not GraphQL. The message names what was found and where.
class syntax_error : public std::runtime_error {
public:
    syntax_error(const std::string& message, location where) : std::runtime_error(message), where_(where) {}
    location where() const { return where_; }

private:
    location where_;
};

struct token {
    enum class kind { end, punctuator, name, integer, floating, string };
    kind type = kind::end;
    std::string text; ///< punctuator, name, number text, or the string's value
    location where;
};

class tokenizer {
public:
    explicit tokenizer(std::string_view source);
    /// The next token (kind::end at the end). Throws syntax_error.
    token next();

private:
    void skip_ignored();
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0'; }
    void advance(std::size_t n = 1);
    token number(location where);
    token string_literal(location where);
    token block_string(location where);
    [[noreturn]] void fail(const std::string& what, location where) const;

    std::string_view src_;
    std::size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
};

} // namespace numerapi::sandbox::graphql
