// Account and models (numerai-api.md 2.4): building the operations and decoding their
// `data` objects. Both are private calls (authorization = true).
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <vector>

namespace numerapi::detail {

/// "get_account"; variables null.
operation account_query();
/// data.account.
account decode_account(const boost::json::object& data);

/// "get_models"; variables null.
operation models_query();
/// data.account.models, only those of `tournament` when it is given.
std::vector<model> decode_models(const boost::json::object& data, std::optional<int> tournament);

} // namespace numerapi::detail
