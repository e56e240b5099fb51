#include "sandbox/graphql/tokenizer.hpp"

#include <cctype>

namespace numerapi::sandbox::graphql {
namespace {
bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_continue(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}
} // namespace

tokenizer::tokenizer(std::string_view source) : src_(source) {
    if (src_.starts_with("\xEF\xBB\xBF")) src_.remove_prefix(3);
}

void tokenizer::fail(const std::string& what, location where) const { throw syntax_error(what, where); }

void tokenizer::advance(std::size_t n) {
    for (std::size_t i = 0; i < n && pos_ < src_.size(); ++i) {
        if (src_[pos_] == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
        ++pos_;
    }
}

void tokenizer::skip_ignored() {
    for (;;) {
        const char c = peek();
        if (c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r') {
            advance();
        } else if (c == '#') {
            while (pos_ < src_.size() && peek() != '\n' && peek() != '\r') advance();
        } else {
            return;
        }
    }
}

token tokenizer::next() {
    skip_ignored();
    const location where{line_, column_};
    if (pos_ >= src_.size()) return {token::kind::end, "", where};
    const char c = peek();
    if (c == '.') {
        if (peek(1) == '.' && peek(2) == '.') {
            advance(3);
            return {token::kind::punctuator, "...", where};
        }
        fail("syntax error before: \".\"", where);
    }
    if (std::string_view("!$&()::=@[]{}|").find(c) != std::string_view::npos) {
        advance();
        return {token::kind::punctuator, std::string(1, c), where};
    }
    if (name_start(c)) {
        const auto start = pos_;
        while (name_continue(peek())) advance();
        return {token::kind::name, std::string(src_.substr(start, pos_ - start)), where};
    }
    if (c == '-' || digit(c)) return number(where);
    if (c == '"') return peek(1) == '"' && peek(2) == '"' ? block_string(where) : string_literal(where);
    const unsigned char u = static_cast<unsigned char>(c);
    fail(u < 0x20 || u >= 0x7f ? "syntax error: unexpected character"
                               : "syntax error before: \"" + std::string(1, c) + "\"",
         where);
}

token tokenizer::number(location where) {
    const auto start = pos_;
    if (peek() == '-') advance();
    if (peek() == '0' && digit(peek(1))) fail("syntax error: leading zero in a number", where);
    if (!digit(peek())) fail("syntax error: a number needs digits", where);
    while (digit(peek())) advance();
    bool is_float = false;
    if (peek() == '.') {
        is_float = true;
        advance();
        if (!digit(peek())) fail("syntax error: a number needs digits after '.'", where);
        while (digit(peek())) advance();
    }
    if (peek() == 'e' || peek() == 'E') {
        is_float = true;
        advance();
        if (peek() == '+' || peek() == '-') advance();
        if (!digit(peek())) fail("syntax error: an exponent needs digits", where);
        while (digit(peek())) advance();
    }
    if (name_start(peek()) || peek() == '.') fail("syntax error: invalid number", where);
    return {is_float ? token::kind::floating : token::kind::integer, std::string(src_.substr(start, pos_ - start)),
            where};
}

token tokenizer::string_literal(location where) {
    advance(); // opening quote
    std::string out;
    for (;;) {
        if (pos_ >= src_.size() || peek() == '\n' || peek() == '\r') fail("syntax error: unterminated string", where);
        const char c = peek();
        if (c == '"') {
            advance();
            return {token::kind::string, std::move(out), where};
        }
        if (c != '\\') {
            out += c;
            advance();
            continue;
        }
        advance();
        const char e = peek();
        advance();
        switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = 0;
                for (int i = 0; i < 4; ++i) {
                    const char h = peek();
                    if (!std::isxdigit(static_cast<unsigned char>(h))) fail("syntax error: bad \\u escape", where);
                    cp = cp * 16 +
                        static_cast<unsigned>(
                             std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
                    advance();
                }
                append_utf8(out, cp);
                break;
            }
            default: fail("syntax error: bad escape in a string", where);
        }
    }
}

token tokenizer::block_string(location where) {
    advance(3);
    std::string raw;
    for (;;) {
        if (pos_ >= src_.size()) fail("syntax error: unterminated block string", where);
        if (peek() == '"' && peek(1) == '"' && peek(2) == '"') {
            advance(3);
            break;
        }
        if (peek() == '\\' && peek(1) == '"' && peek(2) == '"' && peek(3) == '"') {
            raw += "\"\"\"";
            advance(4);
            continue;
        }
        raw += peek();
        advance();
    }
    // Block string value (spec 2.9.5): strip the common indentation and blank edge lines.
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= raw.size(); ++i)
        if (i == raw.size() || raw[i] == '\n') {
            std::string l = raw.substr(start, i - start);
            if (!l.empty() && l.back() == '\r') l.pop_back();
            lines.push_back(std::move(l));
            start = i + 1;
        }
    std::size_t common = std::string::npos;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto indent = lines[i].find_first_not_of(" \t");
        if (indent != std::string::npos && indent < common) common = indent;
    }
    if (common != std::string::npos)
        for (std::size_t i = 1; i < lines.size(); ++i)
            lines[i] = lines[i].size() >= common ? lines[i].substr(common) : "";
    auto blank = [](const std::string& l) { return l.find_first_not_of(" \t") == std::string::npos; };
    while (!lines.empty() && blank(lines.front())) lines.erase(lines.begin());
    while (!lines.empty() && blank(lines.back())) lines.pop_back();
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return {token::kind::string, std::move(out), where};
}

} // namespace numerapi::sandbox::graphql
