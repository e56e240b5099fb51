// Validates and executes GraphQL requests against the sandbox's schema. Root fields are
// answered by resolvers that return JSON trees; the executor keeps exactly the fields a
// query selects, in the order it selects them, under the names (or aliases) it uses.
//
// HTTP statuses follow the real API (docs/protocol.md §2.5): a document that does not parse
// or validate gets `validation_error_status` (400) with `errors` and no `data`; a resolver's
// error, or a private field asked for without valid keys, gets 200 with `data.<field>: null`
// and `errors`.
//
// The work of a request is bounded as well as its text: fragments that spread themselves
// are refused before anything is expanded, selections nest at most `max_nesting` deep, and
// an operation may expand to at most `execution_options::max_selections` selections.
#pragma once

#include "sandbox/graphql/type_system.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::sandbox::graphql {

/// What a resolver receives.
struct field_call {
    std::string_view name;                ///< the root field's name as the schema spells it
    const boost::json::object& arguments; ///< coerced, keyed by the schema's spelling; unsupplied ones absent
    const boost::json::value& context;    ///< execution_options::context
};

/// A resolver's refusal: reported with the field's data null and HTTP 200, or the status
/// given (the real API answers 400 to a submission during a round rollover).
class resolver_error : public std::runtime_error {
public:
    explicit resolver_error(const std::string& message, unsigned http_status = 200)
        : std::runtime_error(message), http_status_(http_status) {}
    unsigned http_status() const noexcept { return http_status_; }

private:
    unsigned http_status_;
};

using resolver = std::function<boost::json::value(const field_call&)>;

struct execution_options {
    bool authenticated = false;             ///< the caller's Authorization header was valid
    unsigned validation_error_status = 400; ///< for syntax, validation and type errors
    boost::json::value context;             ///< passed to resolvers
    /// Most selections (fields, fragment spreads, inline fragments) an operation may
    /// expand to, counted as validation expands them: each use of a fragment counts its
    /// selections again. Beyond it the request is a validation error, "Operation is too
    /// complex". numerapi's largest query expands to well under a hundred.
    std::size_t max_selections = 10000;
};

struct execution_result {
    unsigned http_status = 200;
    boost::json::object body;             ///< {"data": ...} and/or {"errors": [...]}
    std::vector<std::string> root_fields; ///< canonical names of the root fields executed
};

class executor {
public:
    explicit executor(schema s);
    /// Answers the root field `root_field` (of Query or Mutation, any spelling).
    void resolve(std::string_view root_field, resolver r);
    /// Executes an HTTP body `{"query": ..., "variables": ..., "operationName": ...}`.
    execution_result execute(std::string_view http_body, const execution_options& options) const;

    const schema& types() const { return schema_; }

private:
    schema schema_;
    std::map<std::string, resolver, std::less<>> resolvers_;
};

} // namespace numerapi::sandbox::graphql
