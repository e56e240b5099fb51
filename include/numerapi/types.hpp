/// @file
/// The values the API returns, as plain structs. Money is exact (numerapi::decimal), time is
/// std::chrono (numerapi::timestamp, UTC). Optional fields are those the API may send as null.
#pragma once

#include <numerapi/export.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace numerapi {

/// A tournament, by the API's number: Classic 8, Signals 11, Crypto 12. Scoped, so that a
/// bare number (a round's, say) is not taken for one: `numerapi::tournament::signals`, or
/// `numerapi::tournament(13)` for a tournament this library does not name.
enum class tournament : int { classic = 8, signals = 11, crypto = 12 };

/// The API's number of `t` (8, 11, 12).
constexpr int number_of(tournament t) noexcept { return static_cast<int>(t); }
/// "classic", "signals", "crypto", or the number of a tournament this library does not name.
NUMERAPI_EXPORT std::string to_string(tournament t);
/// Writes to_string(t).
NUMERAPI_EXPORT std::ostream& operator<<(std::ostream& os, tournament t);

/// A round's number (1150), a type of its own: a call that takes a round and a tournament
/// does not compile with the two swapped. Made explicitly, `numerapi::round_number(1150)`;
/// with a constructor, not an aggregate (GCC 12, client.hpp).
class round_number {
public:
    /// Round `number`.
    constexpr explicit round_number(int number) noexcept : number_(number) {}
    /// The number.
    constexpr int value() const noexcept { return number_; }
    /// Rounds compare by number.
    friend constexpr auto operator<=>(round_number, round_number) noexcept = default;

private:
    int number_;
};
/// Writes the number.
NUMERAPI_EXPORT std::ostream& operator<<(std::ostream& os, round_number r);

/// A point in time, UTC, microsecond precision.
using timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// An exact decimal number as the API sends it ("1.010000000000000000"). It is never
/// converted to binary floating point unless you ask (to_double).
class NUMERAPI_EXPORT decimal {
public:
    /// Zero: "0".
    decimal() = default;
    /// Throws std::invalid_argument unless `text` is [-]digits[.digits].
    explicit decimal(std::string text);
    /// The text, as the API sent it or the constructor was given.
    const std::string& str() const noexcept { return text_; }
    /// Lossy: for display and arithmetic where exactness does not matter.
    double to_double() const;
    /// Compares the texts: "1.0" and "1" are different values as sent. compare() compares numbers.
    friend bool operator==(const decimal&, const decimal&) = default;

private:
    std::string text_ = "0";
};

/// Exact arithmetic on decimals (stake differences, amounts to move). The result has the
/// larger number of fraction digits of the two ("10" - "1.50" is "8.50"), and zero is
/// never negative.
NUMERAPI_EXPORT decimal operator+(const decimal& a, const decimal& b);
/// The exact difference, with the same rules as operator+.
NUMERAPI_EXPORT decimal operator-(const decimal& a, const decimal& b);
/// The numeric order: compare(decimal("1.0"), decimal("1")) is equal.
NUMERAPI_EXPORT std::strong_ordering compare(const decimal& a, const decimal& b);

/// Parses the API's ISO-8601 forms: "2026-03-20T00:00:00Z", "2017-12-24T20:48:25.90349Z",
/// "2026-03-20T00:00:00+02:00", "2018-01-01 11:11:11" (no zone: UTC). Throws
/// std::invalid_argument on anything else.
NUMERAPI_EXPORT timestamp parse_timestamp(std::string_view text);
/// "2026-03-20T00:00:00Z" (fractional seconds only when non-zero).
NUMERAPI_EXPORT std::string format_timestamp(timestamp t);

/// A round of a tournament [list_rounds, get_round]: the API's `rounds` fields.
struct round {
    std::string id;                              ///< the round's id in the API
    int tournament = 0;                          ///< 8 Classic, 11 Signals, 12 Crypto
    int number = 0;                              ///< the round's number
    std::string target;                          ///< the round's target, as the API names it
    std::optional<timestamp> open_time;          ///< when it opened (`openTime`)
    std::optional<timestamp> close_time;         ///< the API's `closeTime`
    std::optional<timestamp> close_staking_time; ///< when it stops taking submissions (check_round_open)
    std::optional<timestamp> score_time;         ///< the API's `scoreTime`
    std::optional<timestamp> resolve_time;       ///< the API's `resolveTime`
    bool resolved_general = false;               ///< the API's `resolvedGeneral`
    bool resolved_staking = false;               ///< the API's `resolvedStaking`
    std::optional<decimal> payout_factor;        ///< the API's `payoutFactor`, exact
    std::optional<double> stake_threshold;       ///< the API's `stakeThreshold`
    std::optional<int> data_datestamp;           ///< e.g. 20260320
    // The bounds and defaults of the payout multipliers a stake may choose in this round.
    std::optional<double> min_corr_multiplier, ///< the least CORR multiplier
        max_corr_multiplier,                   ///< the greatest CORR multiplier
        default_corr_multiplier;               ///< the default CORR multiplier
    std::optional<double> min_mmc_multiplier,  ///< the least MMC multiplier
        max_mmc_multiplier,                    ///< the greatest MMC multiplier
        default_mmc_multiplier;                ///< the default MMC multiplier
};

/// Filters of list_rounds; unset fields do not filter.
struct round_filter {
    std::optional<round_number> number; ///< only the round with this number
    std::optional<std::string> target;  ///< only the rounds with this target
    std::optional<std::string> status;  ///< "UPCOMING", "OPEN", "RESOLVING" or "RESOLVED" (any case)
    std::optional<int> limit;           ///< at most this many rounds
};

/// A model [get_models, models_of_account, account::models].
struct model {
    std::string id;     ///< the model's id: what the calls that take a `model` accept
    std::string name;   ///< its name (models_of_account: the API's `displayName`)
    int tournament = 0; ///< its tournament (8, 11, 12); 0 if the API did not say
};

/// One of the account's API keys, without its secret.
struct api_token {
    std::string name;                ///< the name the key was given
    std::string public_id;           ///< its public id
    std::vector<std::string> scopes; ///< what it may do, as the API names the scopes
};

/// A deposit or withdrawal of NMR [wallet_transactions].
struct wallet_transaction {
    decimal amount;                     ///< NMR, exact
    std::string from,                   ///< where the NMR came from, as the API gives it
        to,                             ///< where it went, as the API gives it
        status,                         ///< the transaction's status, as the API words it
        type;                           ///< its type, as the API words it
    std::optional<std::string> tx_hash; ///< the hash of the on-chain transaction
    std::optional<timestamp> time;      ///< when it happened
    std::optional<int> tournament;      ///< the tournament it concerns, if any
};

/// One day of the scoring pipeline of a tournament [pipeline_status].
struct pipeline_status_report {
    std::string tournament;                 ///< "classic" or "signals", as the API names them
    bool is_scoring_day = false;            ///< whether the day is a scoring day
    std::optional<timestamp> started_at;    ///< when the day's pipeline started (`startedAt`)
    std::optional<timestamp> data_ready_at; ///< when the day's data was ready (`dataReadyAt`)
    std::optional<timestamp> resolved_at;   ///< the API's `resolvedAt`
    std::optional<timestamp> scored_at;     ///< when the day's scores were done (`scoredAt`)
};

/// Who the keys belong to [get_account].
struct account {
    std::string id;                       ///< the account's id
    std::string username;                 ///< its name
    std::string email;                    ///< its email address
    std::string wallet_address;           ///< its wallet's address (`walletAddress`)
    decimal available_nmr;                ///< the NMR it has available (`availableNmr`), exact
    bool mfa_enabled = false;             ///< whether multi-factor authentication is on
    std::string status;                   ///< its status, as the API words it
    std::optional<timestamp> inserted_at; ///< when it was created
    std::vector<model> models;            ///< its models (their tournament is 0: not asked here)
    std::vector<api_token> api_tokens;    ///< its API keys: names, public ids and scopes
};

/// A model's public profile (v3UserProfile for Classic, v2SignalsProfile otherwise).
struct profile {
    std::string id;                      ///< the model's id
    std::string username;                ///< its name
    std::string bio;                     ///< its bio (set_bio)
    std::optional<timestamp> start_date; ///< the API's `startDate`
    std::optional<decimal> nmr_staked;   ///< its stake, exact
};

/// A submission of a model [list_submissions, get_submission_for_round, submission_filenames].
struct submission {
    std::string id;                        ///< the submission's id (download_submission takes it)
    std::string filename;                  ///< the file's name on the server
    std::optional<timestamp> inserted_at;  ///< when it was made
    std::optional<int> round_number;       ///< its round's number
    std::optional<int> tournament;         ///< its round's tournament
    std::optional<std::string> trigger_id; ///< the triggerId it was made with (Numerai Compute), if any
    bool selected = false;                 ///< whether it is the model's selected submission of its round
};

/// The result of a diagnostics run [diagnostics]: the fields a caller usually branches on,
/// and every value as the server sent it (70-odd validation metrics, perEraDiagnostics).
struct diagnostics_report {
    std::string status;                     ///< e.g. "succeeded", "pending", "failed"
    std::string message;                    ///< the run's message (why it failed, say); may be empty
    bool trained_on_val = false;            ///< the API's `trainedOnVal`
    std::optional<int> eras_accepted_count; ///< the API's `erasAcceptedCount`
    std::optional<timestamp> updated_at;    ///< when the run last changed (`updatedAt`)
    boost::json::object values;             ///< the whole diagnostics object, as the server sent it
};

/// One score of a model's submission [submission_scores].
struct submission_score {
    std::string round_id;                              ///< the round's id
    std::string submission_id;                         ///< the scored submission's id
    int round_number = 0;                              ///< the round's number
    std::string display_name;                          ///< the metric: "CORR20", "MMC", ...
    std::string version;                               ///< e.g. "v5"
    std::optional<double> value;                       ///< the score, when there is one
    std::optional<double> percentile;                  ///< its percentile, when there is one
    int day = 0;                                       ///< the round's scoring day it is from
    bool resolved = false;                             ///< whether it is final
    std::optional<timestamp> date;                     ///< the score's date
    std::optional<timestamp> resolve_date;             ///< the API's `resolveDate`
    std::optional<timestamp> round_resolve_time;       ///< the round's `resolveTime`
    std::optional<timestamp> round_score_time;         ///< the round's `scoreTime`
    std::optional<timestamp> round_close_staking_time; ///< the round's `closeStakingTime`
};

/// Filters of submission_scores; unset fields do not filter.
struct score_filter {
    std::optional<std::string> display_name; ///< only this metric, e.g. "CORR20"
    std::optional<std::string> version;      ///< only this version, e.g. "v5"
    std::optional<int> day;                  ///< only this scoring day
    std::optional<bool> resolved;            ///< only final scores (true) or only the others (false)
    std::optional<int> last_n_rounds;        ///< only the last n rounds (`lastNRounds`)
    std::optional<bool> distinct_on_round;   ///< the API's `distinctOnRound`
};

/// One metric's score and payout in a round (v2RoundModelPerformances.submissionScores).
struct metric_payout {
    std::string display_name;              ///< "CORR20", "MMC", ...
    std::optional<double> value;           ///< the score, when there is one
    std::optional<double> percentile;      ///< its percentile, when there is one
    std::optional<decimal> payout_pending; ///< NMR
    std::optional<decimal> payout_settled; ///< NMR
    std::optional<timestamp> date;         ///< the score's date
    int day = 0;                           ///< the round's scoring day it is from
};

/// What one model earned, or stands to earn, in one round [get_earnings_per_round].
struct round_payout {
    int round_number = 0;                        ///< the round's number
    bool resolved = false;                       ///< whether the round has resolved
    std::optional<timestamp> round_open_time;    ///< when the round opened
    std::optional<timestamp> round_resolve_time; ///< the round's `resolveTime`
    std::optional<decimal> at_risk;              ///< NMR at stake
    std::optional<decimal> payout_factor;        ///< the round's payout factor (`roundPayoutFactor`)
    std::vector<metric_payout> scores;           ///< the round's latest score per metric
    std::optional<double> corr_multiplier;       ///< the CORR multiplier the model's stake used
    std::optional<double> mmc_multiplier;        ///< the MMC multiplier the model's stake used
    std::string round_target;                    ///< the round's target, e.g. "cyrusd_20"
};

/// A model's scores within one round, day by day [intra_round_scores].
struct round_scores {
    int round_number = 0;              ///< the round's number
    std::vector<metric_payout> scores; ///< every day's score of every metric
};

/// One payout of one of the account's models in one round [pending_model_payouts].
struct model_payout {
    std::string round_id;                        ///< the round's id
    int round_number = 0;                        ///< the round's number
    std::optional<timestamp> round_resolve_time; ///< the round's `resolveTime`
    std::string model_id;                        ///< the model's id
    std::string model_name;                      ///< its name
    std::string model_display_name;              ///< its display name
    std::optional<decimal> payout_nmr;           ///< the payout in NMR, exact
    std::optional<decimal> payout_value;         ///< in currency_symbol
    std::string currency_symbol;                 ///< the currency of payout_value
};

/// The account's payouts of a tournament: settled ones (actual) and those still to come.
struct pending_payouts {
    std::vector<model_payout> actual;  ///< the settled payouts
    std::vector<model_payout> pending; ///< the payouts still to come
};

/// The server's answer to a stake change (v2ChangeStake or releaseStake).
struct stake_request {
    std::optional<std::string> id;           ///< the request's id, when the server gives one
    std::string type;                        ///< "increase", "decrease" or, for a drain, what the server calls it
    std::string status;                      ///< as the server says, e.g. "pending"; may be empty
    std::optional<decimal> requested_amount; ///< the NMR the change asked for
    std::optional<timestamp> due_date;       ///< when a decrease is released; null for increases
    bool drain = false;                      ///< whether it releases the whole stake
};

/// What a stake change did [stake_increase, stake_decrease, stake_drain, stake_set]. The
/// stake is read from the server before and after the change, so `stake` is what the
/// server holds once the call is over, even when the change's own answer was lost.
struct stake_change_result {
    /// The server's answer; empty when answer_lost, or when stake_set found the stake
    /// already at the asked value and sent nothing.
    std::optional<stake_request> request;
    /// The change was sent and its answer was lost (a reset, a timeout, a 5xx) or could not
    /// be read: it may have run, and it was not sent again. Compare `stake` with
    /// `stake_before`: an increase shows at once. A decrease or a drain may be held by the
    /// service until its due date, so an unchanged stake does not prove it did not run:
    /// look at the model's pending stake changes before you send it again.
    bool answer_lost = false;
    /// When answer_lost: what happened to the answer, as the client saw it (a reset, a
    /// timeout, a 502, an unreadable body), for the caller to report.
    std::string answer_lost_reason;
    decimal stake_before; ///< the model's stake just before the change was sent
    decimal stake;        ///< the model's stake read after it
};

/// One line of a leaderboard [leaderboard, account_leaderboard]. Each tournament's
/// leaderboard has its own columns: the common ones are members, the others are in
/// `values` and `amounts` under the API's names.
struct leaderboard_entry {
    std::string username;              ///< the model's name (the account's, on the account leaderboard)
    std::string display_name;          ///< the account leaderboard only
    int rank = 0;                      ///< its rank
    std::optional<int> prev_rank;      ///< Signals
    std::optional<decimal> nmr_staked; ///< its stake, exact
    std::optional<bool> team;          ///< Classic
    /// Every numeric column but the ranks, for example {"corr20Rep", 0.021}, {"return_52_weeks", 1.3},
    /// in the order of the query; a column the server sent as null is left out.
    std::vector<std::pair<std::string, double>> values;
    /// The other rank columns (Signals' mmcRank, icRank, tcRank).
    std::vector<std::pair<std::string, int>> ranks;
    /// The account leaderboard's NMR amounts (return1yNmr, return3mNmr, returnAllTimeNmr).
    std::vector<std::pair<std::string, decimal>> amounts;
};

/// One metric of one day: its reputation value and rank.
struct daily_metric {
    std::string name;                 ///< "corr", "mmc", "fnc", "fncV3", "tc", "corr20d", "ic", ...
    std::optional<double> reputation; ///< the metric's reputation (the API's `<name>Rep`)
    std::optional<int> rank;          ///< the model's rank on it (the API's `<name>Rank`)
};

/// One day of a model's public performance [daily_model_performances].
struct daily_performance {
    timestamp date;                    ///< the day
    std::vector<daily_metric> metrics; ///< in the order of the query
};

/// What a staker signs to stake on a submission on-chain [v3_stake_auth]. Addresses,
/// hashes and ids as the API sends them.
struct v3_stake_authorization {
    std::string authorization_signer,  ///< the address that signs the authorization
        authorization_digest,          ///< the digest it signs
        chain_id;                      ///< the chain's id
    std::optional<timestamp> deadline; ///< the API's `deadline` (sent as unix seconds)
    std::optional<decimal> max_amount; ///< the most NMR the authorization is for, exact
    std::string model_id,              ///< the model's id
        nmr_address,                   ///< the NMR token's address
        nonce,                         ///< the authorization's nonce
        round_id,                      ///< the round's id
        signature,                     ///< the signature
        staker,                        ///< the staker's address
        staking_address;               ///< the staking contract's address
    std::string submission_id,         ///< the submission's id
        submission_hash,               ///< the submission's hash
        tournament_id;                 ///< the tournament's id
};

/// The staking contract's settings [v3_stake_config].
struct v3_stake_configuration {
    std::string address,      ///< the staking contract's address
        authorization_signer, ///< the address that signs stake authorizations
        nmr_address,          ///< the NMR token's address
        owner,                ///< the contract's owner
        pending_owner,        ///< the API's `pendingOwner`
        service_wallet;       ///< the API's `serviceWallet`
    bool paused = false;      ///< whether the contract is paused
};

/// One round of the staking contract [v3_stake_round]; amounts exact.
struct v3_stake_round_info {
    std::optional<timestamp> open_time,   ///< when the round opens (sent as unix seconds)
        close_time,                       ///< when it closes
        resolve_time;                     ///< when it resolves
    std::string merkle_root,              ///< the root of the Merkle tree of its claims
        round_id,                         ///< the round's id
        state,                            ///< its state, as the API words it
        tournament_id;                    ///< the tournament's id
    std::optional<decimal> payout_factor, ///< the API's `payoutFactor`
        remaining_burn,                   ///< the API's `remainingBurn`
        remaining_payout,                 ///< the API's `remainingPayout`
        stake_cap,                        ///< the API's `stakeCap`
        stake_threshold;                  ///< the API's `stakeThreshold`
    std::optional<decimal> total_payout,  ///< the API's `totalPayout`
        total_staked;                     ///< the API's `totalStaked`
    bool resolved = false;                ///< whether the round has resolved
};

/// What a staker claims for a model in a resolved round [v3_stake_claim], with its
/// Merkle proof; amounts in wei, exact.
struct v3_stake_claim_info {
    std::string api_model_id,               ///< the API's `apiModelId`
        merkle_root,                        ///< the root the proof leads to
        model_id,                           ///< the API's `modelId`
        round_id,                           ///< the round's id
        staker,                             ///< the staker's address
        submission_id,                      ///< the submission's id
        tournament_id;                      ///< the tournament's id
    std::optional<decimal> burn_amount_wei, ///< what is burned, in wei
        payout_amount_wei;                  ///< what is paid, in wei
    std::vector<std::string> proof;         ///< the Merkle proof
};

} // namespace numerapi
