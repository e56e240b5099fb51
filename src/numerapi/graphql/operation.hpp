// One GraphQL operation as the client sends it: the document, its variables and how it
// must be treated. The api/ files build these (no I/O); graphql::call sends them.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace numerapi::detail {

struct operation {
    std::string name;             ///< the client function, for diagnostics ("get_current_round")
    std::string_view document;    ///< the query text; static storage
    boost::json::value variables; ///< an object, or null when the operation has none
    bool authorization = false;   ///< send `Authorization: Token id$secret`
    bool idempotent = true;       ///< false for mutations: never repeated blindly
};

/// An operation that needs the keys (authorization = true).
inline operation private_operation(std::string name, std::string_view document, boost::json::value variables) {
    operation op{std::move(name), document, std::move(variables)};
    op.authorization = true;
    return op;
}

} // namespace numerapi::detail
