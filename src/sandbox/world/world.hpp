// The sandbox's state: tournaments, rounds, datasets, the account and its models,
// submissions, scores, payouts, public profiles and leaderboards. Generated
// deterministically from a seed at start-up, then changed by mutations.
//
// Not thread-safe: the sandbox's server runs every request on one strand.
#pragma once

#include "sandbox/world/wire_format.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace numerapi::sandbox {

/// Tournament ids used by numerapi: 8 Classic, 11 Signals, 12 Crypto.
inline constexpr int tournaments[] = {8, 11, 12};

struct world_config {
    sys_seconds start_time;            ///< "now" at start-up; rounds are laid out around it
    std::uint64_t dataset_size = 8u << 20; ///< bytes of the largest dataset file (train.parquet)
    int current_round = 1150;          ///< number of the open round, the same in every tournament
    int past_rounds = 40;              ///< rounds generated before the current one
    std::string public_id;             ///< the account's API key id (shown in apiTokens)
    std::uint64_t seed = 20171121;     ///< the date numerapi moved to GraphQL
};

struct round_record {
    std::string id;
    int tournament = 0;
    int number = 0;
    sys_seconds open_time, close_staking_time, close_time, score_time, resolve_time;
    std::string payout_factor; ///< decimal string
    double stake_threshold = 0.0;
    std::string target = "main";
};

struct dataset_record {
    std::string name;     ///< e.g. "v5.2/train.parquet"
    std::uint64_t size = 0;
    bool per_round = false; ///< content differs per round (live files)
};

struct model_record {
    std::string id;
    std::string name;
    int tournament = 0;
    std::string bio;
    std::string link_text, link_url;
    std::optional<std::string> webhook;
    sys_seconds start_date;
    std::string nmr_staked; ///< decimal string
};

struct submission_record {
    std::string id;
    std::string model_id;
    int tournament = 0;
    int round = 0;
    std::string filename;
    sys_seconds inserted_at;
    std::optional<std::string> trigger_id;
    std::string source;
    std::optional<int> data_datestamp;
    bool selected = true;
    std::string content; ///< the uploaded bytes
};

struct score_record {
    std::string submission_id;
    std::string metric; ///< displayName, e.g. "CORR20"
    int day = 0;
    sys_seconds date;
    double value = 0, percentile = 0;
};

struct public_user_record {
    std::string id;
    std::string username;
    int tournament = 0;
    sys_seconds start_date;
    std::string bio;
    std::string nmr_staked;
    int rank = 0;
    double corr = 0, mmc = 0, tc = 0, fnc = 0, ic = 0, ret = 0;
};

class world {
public:
    explicit world(world_config config);

    const world_config& config() const { return config_; }
    /// Wall-clock time as the sandbox sees it (whole seconds).
    sys_seconds now() const;

    // Rounds
    /// The open round, or nullptr while the sandbox is between rounds.
    const round_record* current_round(int tournament) const;
    const round_record* find_round(int tournament, int number) const;
    const std::vector<round_record>& rounds(int tournament) const;
    /// "UPCOMING", "OPEN", "RESOLVING" or "RESOLVED" at now().
    std::string round_status(const round_record& r) const;
    void set_between_rounds(bool between) { between_rounds_ = between; }

    // Datasets
    std::vector<dataset_record> datasets(int tournament, int round) const;
    /// Content seed of a dataset file of a round.
    std::uint64_t dataset_seed(int tournament, int round, const dataset_record& d) const;
    /// The legacy `numerai_dataset.zip` (three CSVs), built once.
    const std::string& legacy_zip() const { return legacy_zip_; }

    // Account
    const std::string& account_id() const { return account_id_; }
    const std::string& username() const { return username_; }
    std::vector<model_record>& models() { return models_; }
    const std::vector<model_record>& models() const { return models_; }
    model_record* find_model(std::string_view id_or_name);
    const model_record* find_model(std::string_view id_or_name) const;

    // Submissions and scores
    const std::vector<submission_record>& submissions() const { return submissions_; }
    const submission_record* find_submission(std::string_view id) const;
    std::vector<const submission_record*> submissions_of(const model_record& m) const;
    const std::vector<score_record>& scores() const { return scores_; }

    // Public users (leaderboards and profiles of other participants)
    const std::vector<public_user_record>& public_users() const { return public_users_; }

    /// Version of a served file (0 at start); a "change_file" fault bumps it.
    std::uint64_t file_version(const std::string& path) const;
    void bump_file_version(const std::string& path) { ++file_versions_[path]; }

    /// Seed for derived pseudo-random values (stable for the same name).
    std::uint64_t seed_for(std::string_view name) const;

private:
    void make_rounds();
    void make_account();
    void make_submissions();
    void make_public_users();
    void make_legacy_zip();

    world_config config_;
    std::chrono::seconds clock_offset_{0};
    bool between_rounds_ = false;
    std::map<int, std::vector<round_record>> rounds_;
    std::string account_id_;
    std::string username_ = "sandbox_user";
    std::vector<model_record> models_;
    std::vector<submission_record> submissions_;
    std::vector<score_record> scores_;
    std::vector<public_user_record> public_users_;
    std::string legacy_zip_;
    std::map<std::string, std::uint64_t> file_versions_;
};

/// The metrics reported per submission, in the order the sandbox lists them.
inline constexpr const char* score_metrics[] = {"CORR20", "MMC", "FNC", "BMC", "CORJ60"};

} // namespace numerapi::sandbox
