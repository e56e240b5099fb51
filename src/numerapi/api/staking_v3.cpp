#include "numerapi/api/staking_v3.hpp"

#include "numerapi/api/json_decode.hpp"

#include <charconv>
#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi Api.v3_stake_auth
constexpr std::string_view auth_text = R"(
            query($submissionId: ID!, $staker: String!, $maxAmount: String!) {
              v3StakeAuth(
                submissionId: $submissionId
                staker: $staker
                maxAmount: $maxAmount
              ) {
                authorizationSigner
                authorizationDigest
                chainId
                deadline
                maxAmount
                modelId
                nmrAddress
                nonce
                roundId
                signature
                staker
                stakingAddress
                submissionId
                submissionHash
                tournamentId
              }
            }
        )";

// numerapi Api.v3_stake_config
constexpr std::string_view config_text = R"(
            query {
              v3StakeConfig {
                address
                authorizationSigner
                nmrAddress
                owner
                paused
                pendingOwner
                serviceWallet
              }
            }
        )";

// numerapi Api.v3_stake_round
constexpr std::string_view round_text = R"(
            query($roundId: String!) {
              v3StakeRound(roundId: $roundId) {
                closeTime
                merkleRoot
                openTime
                payoutFactor
                remainingBurn
                remainingPayout
                resolveTime
                resolved
                roundId
                stakeCap
                stakeThreshold
                state
                totalPayout
                totalStaked
                tournamentId
              }
            }
        )";

// numerapi Api.v3_stake_claim
constexpr std::string_view claim_text = R"(
            query($roundId: String!, $modelId: ID!, $staker: String!) {
              v3StakeClaim(roundId: $roundId, modelId: $modelId, staker: $staker) {
                apiModelId
                burnAmountWei
                merkleRoot
                modelId
                payoutAmountWei
                proof
                roundId
                staker
                submissionId
                tournamentId
              }
            }
        )";

std::string text(const boost::json::object& o, std::string_view key, const json_path& path) {
    return member_or_default<std::string>(o, key, path);
}

/// A contract's unix time, sent as a decimal string of seconds ("1770000000").
std::optional<timestamp> unix_time(const boost::json::object& o, std::string_view key, const json_path& path) {
    const auto s = optional_member<std::string>(o, key, path);
    if (!s) return std::nullopt;
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), seconds);
    if (ec != std::errc{} || end != s->data() + s->size()) decode_error(path.field(key), "expected unix seconds");
    constexpr long long limit = 253402300799; // 9999-12-31T23:59:59Z: as far as timestamps print
    if (seconds < -limit || seconds > limit) decode_error(path.field(key), "unix seconds out of range");
    return timestamp{std::chrono::seconds{seconds}};
}

} // namespace

operation v3_stake_auth_query(std::string submission_id, std::string staker, const decimal& max_amount) {
    return private_operation("v3_stake_auth", auth_text,
                             boost::json::object{{"submissionId", std::move(submission_id)},
                                                 {"staker", std::move(staker)},
                                                 {"maxAmount", max_amount.str()}});
}

v3_stake_authorization decode_v3_stake_auth(const boost::json::object& data) {
    const json_path p("v3StakeAuth");
    const auto& o = root_object(data, "v3StakeAuth");
    v3_stake_authorization a;
    a.authorization_signer = text(o, "authorizationSigner", p);
    a.authorization_digest = text(o, "authorizationDigest", p);
    a.chain_id = text(o, "chainId", p);
    a.deadline = unix_time(o, "deadline", p);
    a.max_amount = optional_member<decimal>(o, "maxAmount", p);
    a.model_id = text(o, "modelId", p);
    a.nmr_address = text(o, "nmrAddress", p);
    a.nonce = text(o, "nonce", p);
    a.round_id = text(o, "roundId", p);
    a.signature = text(o, "signature", p);
    a.staker = text(o, "staker", p);
    a.staking_address = text(o, "stakingAddress", p);
    a.submission_id = text(o, "submissionId", p);
    a.submission_hash = text(o, "submissionHash", p);
    a.tournament_id = text(o, "tournamentId", p);
    return a;
}

operation v3_stake_config_query() { return private_operation("v3_stake_config", config_text, nullptr); }

v3_stake_configuration decode_v3_stake_config(const boost::json::object& data) {
    const json_path p("v3StakeConfig");
    const auto& o = root_object(data, "v3StakeConfig");
    v3_stake_configuration c;
    c.address = text(o, "address", p);
    c.authorization_signer = text(o, "authorizationSigner", p);
    c.nmr_address = text(o, "nmrAddress", p);
    c.owner = text(o, "owner", p);
    c.paused = member_or_default<bool>(o, "paused", p);
    c.pending_owner = text(o, "pendingOwner", p);
    c.service_wallet = text(o, "serviceWallet", p);
    return c;
}

operation v3_stake_round_query(int round_id) {
    return private_operation("v3_stake_round", round_text, boost::json::object{{"roundId", std::to_string(round_id)}});
}

v3_stake_round_info decode_v3_stake_round(const boost::json::object& data) {
    const json_path p("v3StakeRound");
    const auto& o = root_object(data, "v3StakeRound");
    v3_stake_round_info r;
    r.open_time = unix_time(o, "openTime", p);
    r.close_time = unix_time(o, "closeTime", p);
    r.resolve_time = unix_time(o, "resolveTime", p);
    r.merkle_root = text(o, "merkleRoot", p);
    r.payout_factor = optional_member<decimal>(o, "payoutFactor", p);
    r.remaining_burn = optional_member<decimal>(o, "remainingBurn", p);
    r.remaining_payout = optional_member<decimal>(o, "remainingPayout", p);
    r.resolved = member_or_default<bool>(o, "resolved", p);
    r.round_id = text(o, "roundId", p);
    r.stake_cap = optional_member<decimal>(o, "stakeCap", p);
    r.stake_threshold = optional_member<decimal>(o, "stakeThreshold", p);
    r.state = text(o, "state", p);
    r.total_payout = optional_member<decimal>(o, "totalPayout", p);
    r.total_staked = optional_member<decimal>(o, "totalStaked", p);
    r.tournament_id = text(o, "tournamentId", p);
    return r;
}

operation v3_stake_claim_query(int round_id, std::string model_id, std::string staker) {
    return private_operation("v3_stake_claim", claim_text,
                             boost::json::object{{"roundId", std::to_string(round_id)},
                                                 {"modelId", std::move(model_id)},
                                                 {"staker", std::move(staker)}});
}

v3_stake_claim_info decode_v3_stake_claim(const boost::json::object& data) {
    const json_path p("v3StakeClaim");
    const auto& o = root_object(data, "v3StakeClaim");
    v3_stake_claim_info c;
    c.api_model_id = text(o, "apiModelId", p);
    c.burn_amount_wei = optional_member<decimal>(o, "burnAmountWei", p);
    c.merkle_root = text(o, "merkleRoot", p);
    c.model_id = text(o, "modelId", p);
    c.payout_amount_wei = optional_member<decimal>(o, "payoutAmountWei", p);
    c.proof = array_member<std::string>(o, "proof", p);
    c.round_id = text(o, "roundId", p);
    c.staker = text(o, "staker", p);
    c.submission_id = text(o, "submissionId", p);
    c.tournament_id = text(o, "tournamentId", p);
    return c;
}

} // namespace numerapi::detail
