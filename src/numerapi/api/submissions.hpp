// Listing submissions (docs/protocol.md §3.6): building the operation and decoding its `data`
// object. A private call (authorization = true).
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace numerapi::detail {

/// "list_submissions"; `model_id` nullopt is sent as null.
operation submissions_query(std::optional<std::string> model_id);
/// data.submissions.
std::vector<submission> decode_submissions(const boost::json::object& data);

} // namespace numerapi::detail
