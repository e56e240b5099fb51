// Parses GraphQL executable documents (operations and fragments) into syntax trees.
#pragma once

#include "sandbox/graphql/syntax.hpp"
#include "sandbox/graphql/tokenizer.hpp"

#include <string_view>

namespace numerapi::sandbox::graphql {

/// Deepest nesting of selections, lists and objects accepted in a document: the input is
/// untrusted and the parser is recursive.
inline constexpr int max_nesting = 64;

/// Throws syntax_error.
document parse_document(std::string_view source);

namespace detail {
/// The recursive-descent machinery, shared with the schema parser.
class parser_base {
public:
    explicit parser_base(std::string_view source) : lexer_(source) { advance(); }

protected:
    void advance() { current_ = lexer_.next(); }
    bool at(std::string_view punct) const { return current_.type == token::kind::punctuator && current_.text == punct; }
    bool at_name(std::string_view name) const { return current_.type == token::kind::name && current_.text == name; }
    bool at_end() const { return current_.type == token::kind::end; }
    void expect(std::string_view punct);
    std::string expect_name();
    [[noreturn]] void unexpected() const;

    value parse_value(bool constant, int depth);
    type_ref parse_type(int depth = 0);
    std::vector<argument> parse_arguments(bool constant, int depth);
    std::vector<directive> parse_directives(bool constant, int depth);

    token current_;

private:
    tokenizer lexer_;
};
} // namespace detail

} // namespace numerapi::sandbox::graphql
