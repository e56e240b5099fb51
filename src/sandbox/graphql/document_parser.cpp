#include "sandbox/graphql/document_parser.hpp"

#include <charconv>
#include <cstdlib>

namespace numerapi::sandbox::graphql {

std::string type_ref::to_string() const {
    std::string s = is_list() ? "[" + element->to_string() + "]" : name;
    return non_null ? s + "!" : s;
}

namespace detail {

void parser_base::unexpected() const {
    if (at_end()) throw syntax_error("syntax error: unexpected end of document", current_.where);
    const std::string shown = current_.type == token::kind::string ? "\"" + current_.text + "\"" : current_.text;
    throw syntax_error("syntax error before: \"" + shown + "\"", current_.where);
}

void parser_base::expect(std::string_view punct) {
    if (!at(punct)) unexpected();
    advance();
}

std::string parser_base::expect_name() {
    if (current_.type != token::kind::name) unexpected();
    std::string n = std::move(current_.text);
    advance();
    return n;
}

value parser_base::parse_value(bool constant, int depth) {
    if (depth > max_nesting) throw syntax_error("document nested too deeply", current_.where);
    value v;
    v.where = current_.where;
    switch (current_.type) {
        case token::kind::punctuator:
            if (at("$")) {
                if (constant) unexpected();
                advance();
                v.type = value::kind::variable;
                v.text = expect_name();
                return v;
            }
            if (at("[")) {
                advance();
                v.type = value::kind::list;
                while (!at("]")) {
                    if (at_end()) unexpected();
                    v.items.push_back(parse_value(constant, depth + 1));
                }
                advance();
                return v;
            }
            if (at("{")) {
                advance();
                v.type = value::kind::object;
                while (!at("}")) {
                    std::string name = expect_name();
                    expect(":");
                    v.fields.push_back({std::move(name), parse_value(constant, depth + 1)});
                }
                advance();
                return v;
            }
            unexpected();
        case token::kind::integer: {
            v.type = value::kind::integer;
            auto [p, ec] =
                std::from_chars(current_.text.data(), current_.text.data() + current_.text.size(), v.integer);
            if (ec != std::errc{}) { // too large for 64 bits: keep it as a float, coercion to Int will refuse it
                v.type = value::kind::floating;
                v.floating = std::strtod(current_.text.c_str(), nullptr);
            }
            (void)p;
            v.text = current_.text;
            advance();
            return v;
        }
        case token::kind::floating:
            v.type = value::kind::floating;
            v.floating = std::strtod(current_.text.c_str(), nullptr);
            v.text = current_.text;
            advance();
            return v;
        case token::kind::string:
            v.type = value::kind::string;
            v.text = std::move(current_.text);
            advance();
            return v;
        case token::kind::name:
            if (current_.text == "true" || current_.text == "false") {
                v.type = value::kind::boolean;
                v.boolean = current_.text == "true";
            } else if (current_.text == "null") {
                v.type = value::kind::null;
            } else {
                v.type = value::kind::enumeration;
                v.text = current_.text;
            }
            advance();
            return v;
        case token::kind::end: unexpected();
    }
    unexpected();
}

type_ref parser_base::parse_type(int depth) {
    if (depth > max_nesting) throw syntax_error("document nested too deeply", current_.where);
    type_ref t;
    if (at("[")) {
        advance();
        t.element = std::make_shared<type_ref>(parse_type(depth + 1));
        expect("]");
    } else {
        t.name = expect_name();
    }
    if (at("!")) {
        t.non_null = true;
        advance();
    }
    return t;
}

std::vector<argument> parser_base::parse_arguments(bool constant, int depth) {
    std::vector<argument> args;
    if (!at("(")) return args;
    advance();
    while (!at(")")) {
        argument a;
        a.where = current_.where;
        a.name = expect_name();
        expect(":");
        a.val = parse_value(constant, depth + 1);
        args.push_back(std::move(a));
    }
    advance();
    if (args.empty()) unexpected();
    return args;
}

std::vector<directive> parser_base::parse_directives(bool constant, int depth) {
    std::vector<directive> out;
    while (at("@")) {
        directive d;
        d.where = current_.where;
        advance();
        d.name = expect_name();
        d.arguments = parse_arguments(constant, depth);
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace detail

namespace {

class document_parser : public detail::parser_base {
public:
    using parser_base::parser_base;

    document parse() {
        document doc;
        if (at_end()) throw syntax_error("syntax error: the document is empty", current_.where);
        while (!at_end()) {
            if (at("{")) {
                operation_definition op;
                op.where = current_.where;
                op.selections = selection_set(1);
                doc.operations.push_back(std::move(op));
            } else if (at_name("query") || at_name("mutation") || at_name("subscription")) {
                doc.operations.push_back(operation());
            } else if (at_name("fragment")) {
                doc.fragments.push_back(fragment());
            } else {
                unexpected();
            }
        }
        return doc;
    }

private:
    operation_definition operation() {
        operation_definition op;
        op.where = current_.where;
        op.kind = expect_name();
        if (current_.type == token::kind::name) op.name = expect_name();
        if (at("(")) {
            advance();
            while (!at(")")) {
                variable_definition v;
                v.where = current_.where;
                expect("$");
                v.name = expect_name();
                expect(":");
                v.type = parse_type();
                if (at("=")) {
                    advance();
                    v.default_value = parse_value(true, 1);
                }
                parse_directives(true, 1);
                op.variables.push_back(std::move(v));
            }
            advance();
        }
        op.directives = parse_directives(false, 1);
        op.selections = selection_set(1);
        return op;
    }

    fragment_definition fragment() {
        fragment_definition f;
        f.where = current_.where;
        advance(); // "fragment"
        f.name = expect_name();
        if (f.name == "on") unexpected();
        if (!at_name("on")) unexpected();
        advance();
        f.type_condition = expect_name();
        parse_directives(false, 1);
        f.selections = selection_set(1);
        return f;
    }

    std::vector<selection> selection_set(int depth) {
        if (depth > max_nesting) throw syntax_error("document nested too deeply", current_.where);
        expect("{");
        std::vector<selection> out;
        while (!at("}")) {
            if (at_end()) unexpected();
            out.push_back(one_selection(depth));
        }
        advance();
        if (out.empty()) unexpected();
        return out;
    }

    selection one_selection(int depth) {
        const location where = current_.where;
        if (at("...")) {
            advance();
            if (current_.type == token::kind::name && !at_name("on")) {
                fragment_spread s;
                s.where = where;
                s.name = expect_name();
                s.directives = parse_directives(false, depth);
                return {std::move(s)};
            }
            inline_fragment f;
            f.where = where;
            if (at_name("on")) {
                advance();
                f.type_condition = expect_name();
            }
            f.directives = parse_directives(false, depth);
            f.selections = selection_set(depth + 1);
            return {std::move(f)};
        }
        field fl;
        fl.where = where;
        fl.name = expect_name();
        if (at(":")) {
            advance();
            fl.alias = std::move(fl.name);
            fl.name = expect_name();
        }
        fl.arguments = parse_arguments(false, depth);
        fl.directives = parse_directives(false, depth);
        if (at("{")) {
            fl.has_selection_set = true;
            fl.selections = selection_set(depth + 1);
        }
        return {std::move(fl)};
    }
};

} // namespace

document parse_document(std::string_view source) { return document_parser{source}.parse(); }

} // namespace numerapi::sandbox::graphql
