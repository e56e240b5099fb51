#include "sandbox/graphql/type_system.hpp"

#include "sandbox/graphql/document_parser.hpp"

#include <cctype>
#include <stdexcept>

namespace numerapi::sandbox::graphql {

std::string canonical_name(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 4);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (std::isupper(static_cast<unsigned char>(c))) {
            const char prev = i > 0 ? name[i - 1] : '\0';
            if (i > 0 &&
                (std::islower(static_cast<unsigned char>(prev)) || std::isdigit(static_cast<unsigned char>(prev))))
                out += '_';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            out += c;
        }
    }
    return out;
}

const input_value_definition* field_definition::find_argument(std::string_view any_spelling) const {
    const std::string key = canonical_name(any_spelling);
    for (const auto& a : arguments)
        if (canonical_name(a.name) == key) return &a;
    return nullptr;
}

const field_definition* type_definition::find_field(std::string_view any_spelling) const {
    const std::string key = canonical_name(any_spelling);
    for (const auto& f : fields)
        if (canonical_name(f.name) == key) return &f;
    return nullptr;
}

schema::schema() {
    for (const char* s : {"Int", "Float", "String", "Boolean", "ID"}) add({type_definition::kind::scalar, s, {}, {}});
}

void schema::add(type_definition t) {
    const std::string name = t.name;
    types_[name] = std::move(t);
}

const type_definition* schema::find_type(std::string_view name) const {
    // numerapi declares variables as `Str!` and `bool!`; the real server evidently accepts them.
    if (name == "Str") name = "String";
    if (name == "bool") name = "Boolean";
    auto it = types_.find(name);
    return it == types_.end() ? nullptr : &it->second;
}

std::string schema::display_name(const type_definition& t) {
    if (t.name == "Query") return query_type_name;
    if (t.name == "Mutation") return mutation_type_name;
    return t.name;
}

namespace {

class schema_parser : public detail::parser_base {
public:
    using parser_base::parser_base;

    schema parse() {
        schema s;
        while (!at_end()) {
            const std::string keyword = expect_name();
            if (keyword == "scalar") {
                s.add({type_definition::kind::scalar, expect_name(), {}, {}});
            } else if (keyword == "enum") {
                type_definition t{type_definition::kind::enumeration, expect_name(), {}, {}};
                expect("{");
                while (!at("}")) t.values.push_back(expect_name());
                advance();
                s.add(std::move(t));
            } else if (keyword == "type") {
                type_definition t{type_definition::kind::object, expect_name(), {}, {}};
                expect("{");
                while (!at("}")) t.fields.push_back(field());
                advance();
                s.add(std::move(t));
            } else {
                throw syntax_error("schema: unsupported definition \"" + keyword + "\"", current_.where);
            }
        }
        return s;
    }

private:
    field_definition field() {
        field_definition f;
        f.name = expect_name();
        if (at("(")) {
            advance();
            while (!at(")")) {
                input_value_definition a;
                a.name = expect_name();
                expect(":");
                a.type = parse_type();
                if (at("=")) {
                    advance();
                    a.default_value = parse_value(true, 1);
                }
                f.arguments.push_back(std::move(a));
            }
            advance();
        }
        expect(":");
        f.type = parse_type();
        for (const auto& d : parse_directives(true, 1))
            if (d.name == "auth") f.requires_auth = true;
        return f;
    }
};

void check_type_exists(const schema& s, const type_ref& t, const std::string& where) {
    if (s.find_type(t.base_name()) == nullptr)
        throw std::invalid_argument("schema: unknown type " + t.base_name() + " in " + where);
}

} // namespace

schema parse_schema(std::string_view sdl) {
    schema s = schema_parser{sdl}.parse();
    if (s.query() == nullptr) throw std::invalid_argument("schema: no Query type");
    for (const auto& [name, t] : s.types())
        for (const auto& f : t.fields) {
            check_type_exists(s, f.type, name + "." + f.name);
            for (const auto& a : f.arguments) check_type_exists(s, a.type, name + "." + f.name + "(" + a.name + ")");
        }
    return s;
}

} // namespace numerapi::sandbox::graphql
