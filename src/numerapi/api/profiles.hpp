// Public model profiles (docs/protocol.md §3.8): building the operation and decoding its
// `data` object. Classic (8) asks v3UserProfile, Signals (11) and Crypto (12) v2SignalsProfile.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace numerapi::detail {

/// "get_profile". Throws std::invalid_argument for a tournament other than 8, 11 or 12.
operation profile_query(int tournament, std::string model_name);
/// data.v3UserProfile or data.v2SignalsProfile, whichever is present.
profile decode_profile(const boost::json::object& data);

} // namespace numerapi::detail
