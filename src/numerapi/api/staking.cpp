#include "numerapi/api/staking.hpp"

#include "numerapi/api/json_decode.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi NumerAPI.stake_get, and nmrStaked: stakeValue is a JSON number (a float, which
// may round an 18-decimal stake), nmrStaked the exact decimal string.
constexpr std::string_view classic_stake_document = R"(query($modelname: String!) {
  v3UserProfile(modelName: $modelname) {
     stakeValue
     nmrStaked
  }
})";

// numerapi SignalsAPI.public_user_profile's root field, asking only for the stake
constexpr std::string_view signals_stake_document = R"(query($username: String!) {
  v2SignalsProfile(modelName: $username) {
    nmrStaked
  }
})";

// the query numerapi's own tests make through raw_query
constexpr std::string_view latest_nmr_price_document = R"(query {
  latestNmrPrice {
    priceUsd
  }
})";

// numerapi Api.stake_change
constexpr std::string_view change_stake_document = R"(mutation($value: String!
           $type: String!
           $tournamentNumber: Int!
           $modelId: String) {
      v2ChangeStake(value: $value
                    type: $type
                    modelId: $modelId
                    tournamentNumber: $tournamentNumber) {
        dueDate
        requestedAmount
        status
        type
      }
})";

// numerapi Api.stake_drain (its variable type is bool!, as numerapi sends it)
constexpr std::string_view drain_stake_document = R"(mutation($drain: bool!
         $amount: String
         $modelId: String) {
    releaseStake(drain: $drain
                 modelId: $modelId
                 amount: $amount) {
        id
        dueDate
        status
        type
        requestedAmount
        drain
    }
})";

/// The amount numerapi asks to release with a drain: more than any stake.
constexpr std::string_view drain_amount = "11000000";

/// A private mutation that moves money: never repeated blindly.
operation money_mutation(std::string name, std::string_view document, boost::json::object variables) {
    operation op = private_operation(std::move(name), document, std::move(variables));
    op.idempotent = false;
    return op;
}

/// A stake or a price sent as a JSON number: the decimal text of its double (exact only
/// when the API sends text).
decimal number_as_decimal(const boost::json::value& v, const json_path& path) {
    if (v.is_int64()) return decimal(std::to_string(v.get_int64()));
    if (v.is_uint64()) return decimal(std::to_string(v.get_uint64()));
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v.get_double(), std::chars_format::fixed);
    if (ec != std::errc{}) decode_error(path, "a number too large to read");
    return decimal(std::string(buffer, end));
}

} // namespace

operation stake_value_query(int tournament, std::string model_name) {
    if (tournament == number_of(numerapi::tournament::classic))
        return operation{"stake_get", classic_stake_document,
                         boost::json::object{{"modelname", std::move(model_name)}}};
    if (tournament == number_of(numerapi::tournament::signals) || tournament == number_of(numerapi::tournament::crypto))
        return operation{"stake_get", signals_stake_document, boost::json::object{{"username", std::move(model_name)}}};
    throw std::invalid_argument("stake_get: no stakes in tournament " + std::to_string(tournament) +
                                " (only 8, 11 and 12)");
}

operation latest_nmr_price_query() { return operation{"latest_nmr_price", latest_nmr_price_document}; }

decimal decode_latest_nmr_price(const boost::json::object& data) {
    const auto& price = root_object(data, "latestNmrPrice");
    const json_path path = json_path("latestNmrPrice").field("priceUsd");
    const auto* value = find_non_null(price, "priceUsd");
    if (value == nullptr) decode_error(path, "missing or null");
    if (value->is_number()) return number_as_decimal(*value, path);
    return decode_value<decimal>(*value, path);
}

decimal decode_stake_value(const boost::json::object& data) {
    for (const auto& [root, field] : {std::pair<std::string_view, std::string_view>{"v3UserProfile", "stakeValue"},
                                      {"v2SignalsProfile", "nmrStaked"}}) {
        if (!data.contains(root)) continue;
        const json_path path(root);
        const auto& profile = root_object(data, root);
        // The exact decimal when the answer has it; else the number (or string) asked for.
        if (const auto* exact = find_non_null(profile, "nmrStaked"); exact && exact->is_string())
            return decode_value<decimal>(*exact, path.field("nmrStaked"));
        const auto* value = find_non_null(profile, field);
        if (value == nullptr) return decimal("0");
        if (value->is_number()) return number_as_decimal(*value, path.field(field));
        return decode_value<decimal>(*value, path.field(field));
    }
    throw std::invalid_argument("v3UserProfile / v2SignalsProfile: missing from the response");
}

operation change_stake_mutation(stake_direction direction, const decimal& amount, std::string model_id,
                                int tournament) {
    const bool up = direction == stake_direction::increase;
    return money_mutation(up ? "stake_increase" : "stake_decrease", change_stake_document,
                          {{"value", amount.str()},
                           {"type", up ? "increase" : "decrease"},
                           {"modelId", std::move(model_id)},
                           {"tournamentNumber", tournament}});
}

operation drain_stake_mutation(std::string model_id) {
    return money_mutation("stake_drain", drain_stake_document,
                          {{"drain", true}, {"modelId", std::move(model_id)}, {"amount", drain_amount}});
}

stake_request decode_stake_request(const boost::json::object& data) {
    for (const std::string_view root : {"v2ChangeStake", "releaseStake"})
        if (const auto* v = data.if_contains(root)) return decode_value<stake_request>(*v, json_path(root));
    throw std::invalid_argument("v2ChangeStake / releaseStake: missing from the response");
}

} // namespace numerapi::detail
