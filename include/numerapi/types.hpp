// The values the API returns, as plain structs. Money is exact (numerapi::decimal), time is
// std::chrono (numerapi::timestamp, UTC). Optional fields are those the API may send as null.
#pragma once

#include <numerapi/export.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace numerapi {

/// Tournament ids: the API's numbers for Classic, Signals and Crypto.
enum tournament : int { classic = 8, signals = 11, crypto = 12 };

/// A point in time, UTC, microsecond precision.
using timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// An exact decimal number as the API sends it ("1.010000000000000000"). It is never
/// converted to binary floating point unless you ask (to_double).
class NUMERAPI_EXPORT decimal {
public:
    decimal() = default;
    /// Throws std::invalid_argument unless `text` is [-]digits[.digits].
    explicit decimal(std::string text);
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
NUMERAPI_EXPORT decimal operator-(const decimal& a, const decimal& b);
/// The numeric order: compare(decimal("1.0"), decimal("1")) is equal.
NUMERAPI_EXPORT std::strong_ordering compare(const decimal& a, const decimal& b);

/// Parses the API's ISO-8601 forms: "2026-03-20T00:00:00Z", "2017-12-24T20:48:25.90349Z",
/// "2026-03-20T00:00:00+02:00", "2018-01-01 11:11:11" (no zone: UTC). Throws
/// std::invalid_argument on anything else.
NUMERAPI_EXPORT timestamp parse_timestamp(std::string_view text);
/// "2026-03-20T00:00:00Z" (fractional seconds only when non-zero).
NUMERAPI_EXPORT std::string format_timestamp(timestamp t);

struct round {
    std::string id;
    int tournament = 0;
    int number = 0;
    std::string target;
    std::optional<timestamp> open_time;
    std::optional<timestamp> close_time;
    std::optional<timestamp> close_staking_time;
    std::optional<timestamp> score_time;
    std::optional<timestamp> resolve_time;
    bool resolved_general = false;
    bool resolved_staking = false;
    std::optional<decimal> payout_factor;
    std::optional<double> stake_threshold;
    std::optional<int> data_datestamp; ///< e.g. 20260320
    /// The bounds and defaults of the payout multipliers a stake may choose in this round.
    std::optional<double> min_corr_multiplier, max_corr_multiplier, default_corr_multiplier;
    std::optional<double> min_mmc_multiplier, max_mmc_multiplier, default_mmc_multiplier;
};

/// Filters of list_rounds; unset fields do not filter.
struct round_filter {
    std::optional<int> number;
    std::optional<std::string> target;
    std::optional<std::string> status; ///< "UPCOMING", "OPEN", "RESOLVING" or "RESOLVED" (any case)
    std::optional<int> limit;
};

struct model {
    std::string id;
    std::string name;
    int tournament = 0;
};

struct api_token {
    std::string name;
    std::string public_id;
    std::vector<std::string> scopes;
};

struct wallet_transaction {
    decimal amount;
    std::string from, to, status, type;
    std::optional<std::string> tx_hash;
    std::optional<timestamp> time;
    std::optional<int> tournament;
};

/// One day of the scoring pipeline of a tournament [pipeline_status].
struct pipeline_status_report {
    std::string tournament; ///< "classic" or "signals", as the API names them
    bool is_scoring_day = false;
    std::optional<timestamp> started_at;
    std::optional<timestamp> data_ready_at;
    std::optional<timestamp> resolved_at;
    std::optional<timestamp> scored_at;
};

struct account {
    std::string id;
    std::string username;
    std::string email;
    std::string wallet_address;
    decimal available_nmr;
    bool mfa_enabled = false;
    std::string status;
    std::optional<timestamp> inserted_at;
    std::vector<model> models;
    std::vector<api_token> api_tokens;
};

/// A model's public profile (v3UserProfile for Classic, v2SignalsProfile otherwise).
struct profile {
    std::string id;
    std::string username;
    std::string bio;
    std::optional<timestamp> start_date;
    std::optional<decimal> nmr_staked;
};

struct submission {
    std::string id;
    std::string filename;
    std::optional<timestamp> inserted_at;
    std::optional<int> round_number;
    std::optional<int> tournament;
    std::optional<std::string> trigger_id;
    bool selected = false;
};

/// The result of a diagnostics run [diagnostics]: the fields a caller usually branches on,
/// and every value as the server sent it (70-odd validation metrics, perEraDiagnostics).
struct diagnostics_report {
    std::string status; ///< e.g. "succeeded", "pending", "failed"
    std::string message;
    bool trained_on_val = false;
    std::optional<int> eras_accepted_count;
    std::optional<timestamp> updated_at;
    boost::json::object values;
};

struct submission_score {
    std::string round_id;
    std::string submission_id;
    int round_number = 0;
    std::string display_name; ///< the metric: "CORR20", "MMC", ...
    std::string version;      ///< e.g. "v5"
    std::optional<double> value;
    std::optional<double> percentile;
    int day = 0;
    bool resolved = false;
    std::optional<timestamp> date;
    std::optional<timestamp> resolve_date;
    std::optional<timestamp> round_resolve_time;
    std::optional<timestamp> round_score_time;
    std::optional<timestamp> round_close_staking_time;
};

/// Filters of submission_scores; unset fields do not filter.
struct score_filter {
    std::optional<std::string> display_name;
    std::optional<std::string> version;
    std::optional<int> day;
    std::optional<bool> resolved;
    std::optional<int> last_n_rounds;
    std::optional<bool> distinct_on_round;
};

/// One metric's score and payout in a round (v2RoundModelPerformances.submissionScores).
struct metric_payout {
    std::string display_name; ///< "CORR20", "MMC", ...
    std::optional<double> value;
    std::optional<double> percentile;
    std::optional<decimal> payout_pending; ///< NMR
    std::optional<decimal> payout_settled; ///< NMR
    std::optional<timestamp> date;
    int day = 0;
};

/// What one model earned, or stands to earn, in one round [get_earnings_per_round].
struct round_payout {
    int round_number = 0;
    bool resolved = false;
    std::optional<timestamp> round_open_time;
    std::optional<timestamp> round_resolve_time;
    std::optional<decimal> at_risk; ///< NMR at stake
    std::optional<decimal> payout_factor;
    std::vector<metric_payout> scores;     ///< the round's latest score per metric
    std::optional<double> corr_multiplier; ///< the multipliers the model's stake used
    std::optional<double> mmc_multiplier;
    std::string round_target; ///< the round's target, e.g. "cyrusd_20"
};

/// A model's scores within one round, day by day [intra_round_scores].
struct round_scores {
    int round_number = 0;
    std::vector<metric_payout> scores; ///< every day's score of every metric
};

/// One payout of one of the account's models in one round [pending_model_payouts].
struct model_payout {
    std::string round_id;
    int round_number = 0;
    std::optional<timestamp> round_resolve_time;
    std::string model_id;
    std::string model_name;
    std::string model_display_name;
    std::optional<decimal> payout_nmr;
    std::optional<decimal> payout_value; ///< in currency_symbol
    std::string currency_symbol;
};

/// The account's payouts of a tournament: settled ones (actual) and those still to come.
struct pending_payouts {
    std::vector<model_payout> actual;
    std::vector<model_payout> pending;
};

/// The server's answer to a stake change (v2ChangeStake or releaseStake).
struct stake_request {
    std::optional<std::string> id;
    std::string type;   ///< "increase", "decrease" or, for a drain, what the server calls it
    std::string status; ///< as the server says, e.g. "pending"; may be empty
    std::optional<decimal> requested_amount;
    std::optional<timestamp> due_date; ///< when a decrease is released; null for increases
    bool drain = false;
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
    decimal stake_before; ///< the model's stake just before the change was sent
    decimal stake;        ///< the model's stake read after it
};

/// One line of a leaderboard [leaderboard, account_leaderboard]. Each tournament's
/// leaderboard has its own columns: the common ones are members, the others are in
/// `values` and `amounts` under the API's names.
struct leaderboard_entry {
    std::string username;
    std::string display_name; ///< the account leaderboard only
    int rank = 0;
    std::optional<int> prev_rank; ///< Signals
    std::optional<decimal> nmr_staked;
    std::optional<bool> team; ///< Classic
    /// Every numeric column but the ranks, e.g. {"corr20Rep", 0.021}, {"return_52_weeks", 1.3},
    /// in the order of the query; a column the server sent as null is left out.
    std::vector<std::pair<std::string, double>> values;
    /// The other rank columns (Signals' mmcRank, icRank, tcRank).
    std::vector<std::pair<std::string, int>> ranks;
    /// The account leaderboard's NMR amounts (return1yNmr, return3mNmr, returnAllTimeNmr).
    std::vector<std::pair<std::string, decimal>> amounts;
};

/// One metric of one day: its reputation value and rank.
struct daily_metric {
    std::string name; ///< "corr", "mmc", "fnc", "fncV3", "tc", "corr20d", "ic", ...
    std::optional<double> reputation;
    std::optional<int> rank;
};

/// One day of a model's public performance [daily_model_performances].
struct daily_performance {
    timestamp date;
    std::vector<daily_metric> metrics; ///< in the order of the query
};

/// What a staker signs to stake on a submission on-chain [v3_stake_auth]. Addresses,
/// hashes and ids as the API sends them.
struct v3_stake_authorization {
    std::string authorization_signer, authorization_digest, chain_id;
    std::optional<timestamp> deadline;
    std::optional<decimal> max_amount;
    std::string model_id, nmr_address, nonce, round_id, signature, staker, staking_address;
    std::string submission_id, submission_hash, tournament_id;
};

/// The staking contract's settings [v3_stake_config].
struct v3_stake_configuration {
    std::string address, authorization_signer, nmr_address, owner, pending_owner, service_wallet;
    bool paused = false;
};

/// One round of the staking contract [v3_stake_round]; amounts exact.
struct v3_stake_round {
    std::optional<timestamp> open_time, close_time, resolve_time;
    std::string merkle_root, round_id, state, tournament_id;
    std::optional<decimal> payout_factor, remaining_burn, remaining_payout, stake_cap, stake_threshold;
    std::optional<decimal> total_payout, total_staked;
    bool resolved = false;
};

/// What a staker claims for a model in a resolved round [v3_stake_claim], with its
/// Merkle proof; amounts in wei, exact.
struct v3_stake_claim {
    std::string api_model_id, merkle_root, model_id, round_id, staker, submission_id, tournament_id;
    std::optional<decimal> burn_amount_wei, payout_amount_wei;
    std::vector<std::string> proof;
};

} // namespace numerapi
