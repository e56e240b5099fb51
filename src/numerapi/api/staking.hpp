// Staking v2 (docs/protocol.md §3.9): the stake of a model, and the two mutations that move
// it. Both mutations move money: they are marked not idempotent, so the retry loop never
// sends one twice; operations/staking.cpp reads the stake around them.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace numerapi::detail {

/// "stake_get": numerapi's v3UserProfile.stakeValue query for Classic (public). Signals and
/// Crypto have no stakeValue (numerapi's SignalsAPI.stake_get reads a field it never asks
/// for): their profile's nmrStaked is asked instead.
operation stake_value_query(int tournament, std::string model_name);
/// data.v3UserProfile.stakeValue or data.v2SignalsProfile.nmrStaked; null is 0. The
/// value may come as a decimal string or, as numerapi's docstring shows, a JSON number.
decimal decode_stake_value(const boost::json::object& data);

/// "latest_nmr_price": latestNmrPrice { priceUsd }, public, as numerapi's tests ask it.
operation latest_nmr_price_query();
/// data.latestNmrPrice.priceUsd: a decimal string or a JSON number; a missing or null
/// price is an invalid answer (there is no price to give).
decimal decode_latest_nmr_price(const boost::json::object& data);

enum class stake_direction { increase, decrease };
/// "stake_increase" / "stake_decrease": v2ChangeStake, private, not idempotent. `amount`
/// is sent as its decimal text.
operation change_stake_mutation(stake_direction direction, const decimal& amount, std::string model_id, int tournament);
/// "stake_drain": releaseStake with drain true and numerapi's amount, private, not idempotent.
operation drain_stake_mutation(std::string model_id);
/// data.v2ChangeStake or data.releaseStake.
stake_request decode_stake_request(const boost::json::object& data);

} // namespace numerapi::detail
