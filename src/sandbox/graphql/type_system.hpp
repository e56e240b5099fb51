// The schema the sandbox serves, read from SDL: scalars, enums and object types whose
// fields take arguments and may be marked `@auth`. Names are looked up by their
// canonical (snake_case) form, as Absinthe, the real server's GraphQL library, does.
#pragma once

#include "sandbox/graphql/syntax.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::sandbox::graphql {

/// camelCase to snake_case: "v3UserProfile" -> "v3_user_profile", "public_id" stays.
std::string canonical_name(std::string_view name);

struct input_value_definition {
    std::string name; ///< as written in the SDL
    type_ref type;
    std::optional<value> default_value;
};

struct field_definition {
    std::string name; ///< as written in the SDL
    std::vector<input_value_definition> arguments;
    type_ref type;
    bool requires_auth = false; ///< `@auth`

    const input_value_definition* find_argument(std::string_view any_spelling) const;
};

struct type_definition {
    enum class kind { scalar, enumeration, object };
    kind type = kind::object;
    std::string name;
    std::vector<field_definition> fields; ///< objects
    std::vector<std::string> values;      ///< enums

    const field_definition* find_field(std::string_view any_spelling) const;
};

class schema {
public:
    /// Type names as GraphQL validation messages show them (Absinthe's root type names).
    static constexpr const char* query_type_name = "RootQueryType";
    static constexpr const char* mutation_type_name = "RootMutationType";

    /// Built-in scalars Int, Float, String, Boolean and ID, plus the aliases `Str` (String)
    /// and `bool` (Boolean) that numerapi declares its variables with.
    schema();
    void add(type_definition t);

    const type_definition* find_type(std::string_view name) const;
    const type_definition* query() const { return find_type("Query"); }
    const type_definition* mutation() const { return find_type("Mutation"); }
    /// The name shown in messages ("RootQueryType" for Query).
    static std::string display_name(const type_definition& t);
    const std::map<std::string, type_definition, std::less<>>& types() const { return types_; }

private:
    std::map<std::string, type_definition, std::less<>> types_;
};

/// Parses the SDL subset: `scalar`, `enum`, `type` with field arguments, defaults and
/// `@auth`. Throws syntax_error, or std::invalid_argument for an unknown type reference.
schema parse_schema(std::string_view sdl);

} // namespace numerapi::sandbox::graphql
