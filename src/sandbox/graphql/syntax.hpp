// The syntax tree of GraphQL documents (executable documents and the schema-definition
// subset the sandbox uses), as the parser builds it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace numerapi::sandbox::graphql {

struct location {
    int line = 0;   ///< 1-based
    int column = 0; ///< 1-based
};

struct object_field;

struct value {
    enum class kind { variable, integer, floating, string, boolean, null, enumeration, list, object };
    kind type = kind::null;
    std::string text; ///< variable or enum name, string content
    std::int64_t integer = 0;
    double floating = 0;
    bool boolean = false;
    std::vector<value> items;         ///< list
    std::vector<object_field> fields; ///< object
    location where;
};

/// One `name: value` of an object value. (Not a std::pair<std::string, value>: a pair needs
/// complete types, and `value` is not complete inside itself; clang refuses it.)
struct object_field {
    std::string name;
    value val;
};

/// `Int`, `Int!`, `[String!]!`
struct type_ref {
    std::string name;                  ///< named type; empty for a list
    std::shared_ptr<type_ref> element; ///< the element type of a list
    bool non_null = false;

    bool is_list() const { return element != nullptr; }
    const std::string& base_name() const { return is_list() ? element->base_name() : name; }
    std::string to_string() const;
};

struct argument {
    std::string name;
    value val;
    location where;
};

struct directive {
    std::string name;
    std::vector<argument> arguments;
    location where;
};

struct selection;

struct field {
    std::string alias; ///< empty if none
    std::string name;
    std::vector<argument> arguments;
    std::vector<directive> directives;
    std::vector<selection> selections;
    location where;
    bool has_selection_set = false;

    const std::string& response_key() const { return alias.empty() ? name : alias; }
};

struct fragment_spread {
    std::string name;
    std::vector<directive> directives;
    location where;
};

struct inline_fragment {
    std::string type_condition; ///< empty if none
    std::vector<directive> directives;
    std::vector<selection> selections;
    location where;
};

struct selection {
    std::variant<field, fragment_spread, inline_fragment> node;
};

struct variable_definition {
    std::string name;
    type_ref type;
    std::optional<value> default_value;
    location where;
};

struct operation_definition {
    std::string kind = "query"; ///< "query" or "mutation" ("subscription" is refused)
    std::string name;
    std::vector<variable_definition> variables;
    std::vector<directive> directives;
    std::vector<selection> selections;
    location where;
};

struct fragment_definition {
    std::string name;
    std::string type_condition;
    std::vector<selection> selections;
    location where;
};

struct document {
    std::vector<operation_definition> operations;
    std::vector<fragment_definition> fragments;
};

} // namespace numerapi::sandbox::graphql
