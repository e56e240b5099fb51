// Staking v3, on-chain (docs/protocol.md §3.10; new in numerapi 2.23): four private queries
// that hand a staker what the staking contract needs. Wei amounts and factors become exact
// decimals, unix-second strings become timestamps, addresses and hashes stay text.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace numerapi::detail {

operation v3_stake_auth_query(std::string submission_id, std::string staker, const decimal& max_amount);
v3_stake_authorization decode_v3_stake_auth(const boost::json::object& data);

operation v3_stake_config_query();
v3_stake_configuration decode_v3_stake_config(const boost::json::object& data);

operation v3_stake_round_query(int round_id);
v3_stake_round_info decode_v3_stake_round(const boost::json::object& data);

operation v3_stake_claim_query(int round_id, std::string model_id, std::string staker);
v3_stake_claim_info decode_v3_stake_claim(const boost::json::object& data);

} // namespace numerapi::detail
