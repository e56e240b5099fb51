#include "sandbox/world/world.hpp"

#include "sandbox/files/parquet_table.hpp"
#include "sandbox/files/zip_writer.hpp"
#include "sandbox/world/random.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <set>

namespace numerapi::sandbox {
namespace {

using namespace std::chrono_literals;

constexpr const char* adjectives[] = {"quiet", "brave",  "lucky",  "rapid",   "silent", "golden", "hidden",
                                      "bold",  "clever", "cosmic", "crimson", "swift",  "wise",   "wild"};
constexpr const char* nouns[] = {"otter", "falcon", "tensor", "gradient", "forest", "signal", "quant",
                                 "alpha", "lynx",   "raven",  "delta",    "sigma",  "vector", "nomad"};

std::string csv_number(rng& r) { return decimal_text(r.uniform(), 5); }

std::string legacy_csv(rng& r, int rows, bool with_target, const char* data_type, int first_era) {
    std::string csv = "id,era,data_type";
    for (int f = 1; f <= 21; ++f) csv += ",feature" + std::to_string(f);
    csv += ",target\n";
    for (int i = 0; i < rows; ++i) {
        csv += "n" + r.alnum(15) + ",era" + std::to_string(first_era + i / 100) + "," + data_type;
        for (int f = 1; f <= 21; ++f) csv += "," + csv_number(r);
        csv += with_target ? (r.uniform() < 0.5 ? ",0\n" : ",1\n") : ",\n";
    }
    return csv;
}

} // namespace

world::world(world_config config) : config_(std::move(config)) {
    make_rounds();
    make_account();
    make_submissions();
    make_public_users();
    make_legacy_zip();
}

sys_seconds world::now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + clock_offset_;
}

std::uint64_t world::file_version(const std::string& path) const {
    auto it = file_versions_.find(path);
    return it == file_versions_.end() ? 0 : it->second;
}

std::uint64_t world::seed_for(std::string_view name) const {
    return hash_name(name, config_.seed * 0x9e3779b97f4a7c15ULL + 1);
}

void world::make_rounds() {
    // The open round opened at the last whole hour before start-up, so that openTime <
    // now < closeStakingTime holds for a day (what check_round_open tests).
    const sys_seconds current_open = std::chrono::floor<std::chrono::hours>(config_.start_time) - 1h;
    for (int t : tournaments) {
        rng r{seed_for("rounds/" + std::to_string(t))};
        auto& list = rounds_[t];
        for (int n = config_.current_round - config_.past_rounds; n <= config_.current_round; ++n) {
            round_record rr;
            rr.id = r.uuid();
            rr.tournament = t;
            rr.number = n;
            rr.open_time = current_open - std::chrono::days{config_.current_round - n};
            rr.close_staking_time = rr.open_time + 24h;
            rr.close_time = rr.open_time + 24h;
            rr.score_time = rr.open_time + std::chrono::days{3};
            rr.resolve_time = rr.open_time + std::chrono::days{31};
            rr.payout_factor = decimal_text(r.uniform(0.3, 1.0), 6);
            rr.stake_threshold = 0.1;
            list.push_back(std::move(rr));
        }
    }
}

void world::start_rollover(std::chrono::milliseconds window) {
    rollover_until_ = std::chrono::steady_clock::now() + window;
}

void world::tick() {
    if (!rollover_until_ || std::chrono::steady_clock::now() < *rollover_until_) return;
    rollover_until_.reset();
    open_next_round();
}

int world::open_next_round(std::chrono::seconds close_in) {
    const sys_seconds open = now() - std::chrono::seconds{1};
    for (int t : tournaments) {
        auto& list = rounds_[t];
        rng r{seed_for("rounds/" + std::to_string(t) + "/" + std::to_string(list.back().number + 1))};
        round_record rr = list.back();
        rr.id = r.uuid();
        rr.number += 1;
        rr.open_time = open;
        rr.close_staking_time = rr.close_time = open + std::chrono::seconds{1} + close_in;
        rr.score_time = open + std::chrono::days{3};
        rr.resolve_time = open + std::chrono::days{31};
        list.push_back(std::move(rr));
    }
    return rounds_.at(tournaments[0]).back().number;
}

double payout_nmr(const submission_record& s, const round_record& r, double score) {
    return std::stod(s.at_risk) * std::stod(r.payout_factor) * score;
}

std::pair<int, int> world::release_scores(int tournament, std::optional<int> round) {
    const auto days_of = [this](const submission_record& s) {
        int day = 0;
        for (const auto& sc : scores_)
            if (sc.submission_id == s.id) day = std::max(day, sc.day);
        return day;
    };
    if (!round) // the newest round with a selected submission still to be scored
        for (const auto& s : submissions_)
            if (s.tournament == tournament && s.selected && days_of(s) < scoring_days && (!round || s.round > *round))
                round = s.round;
    if (!round) return {0, 0};
    int released = 0;
    rng r{seed_for("released/" + std::to_string(tournament) + "/" + std::to_string(*round) + "/" +
                   std::to_string(scores_.size()))};
    const auto* rr = find_round(tournament, *round);
    for (const auto& s : submissions_) {
        if (s.tournament != tournament || s.round != *round || !s.selected) continue;
        const int day = days_of(s) + 1;
        if (day > scoring_days) continue;
        double corr = 0;
        for (const char* metric : score_metrics) {
            score_record sc;
            sc.submission_id = s.id;
            sc.metric = metric;
            sc.day = day;
            sc.date = (rr ? rr->score_time : now()) + std::chrono::days{day - 1};
            sc.value = r.uniform(-0.05, 0.07);
            sc.percentile = r.uniform();
            if (sc.metric == std::string_view{"CORR20"}) corr = sc.value;
            scores_.push_back(sc);
        }
        if (day == scoring_days && rr) settle_payout(s, *rr, corr);
        released = day;
    }
    return {*round, released};
}

void world::settle_payout(const submission_record& s, const round_record& r, double corr) {
    model_record* m = find_model(s.model_id);
    // A round pays a model once: a later submission to it (which replaced this one) does not.
    if (m == nullptr || !settled_.emplace(m->id, r.id).second) return;
    const nmr_units payout = parse_nmr(decimal_text(payout_nmr(s, r, corr), 6)).value_or(0);
    m->nmr_staked = nmr_text(std::max<nmr_units>(parse_nmr(m->nmr_staked).value_or(0) + payout, 0));
}

submission_record& world::add_submission(submission_record s) {
    if (const model_record* m = find_model(s.model_id)) s.at_risk = m->nmr_staked;
    for (auto& other : submissions_)
        if (other.model_id == s.model_id && other.round == s.round) other.selected = false; // the latest counts
    submissions_.push_back(std::move(s));
    return submissions_.back();
}

upload_record& world::authorize_upload(std::string_view filename, std::string purpose, std::string model_id,
                                       int tournament) {
    std::string base(
        filename.substr(filename.find_last_of("/\\") == std::string_view::npos ? 0 : filename.find_last_of("/\\") + 1));
    for (char& c : base)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    if (base.empty() || base == "." || base == "..") base = "upload";
    rng r{seed_for("upload/" + std::to_string(next_upload_++))};
    upload_record u;
    u.key = r.alnum(16) + "-" + base;
    u.purpose = std::move(purpose);
    u.model_id = std::move(model_id);
    u.tournament = tournament;
    auto [it, inserted] = uploads_.emplace(u.key, std::move(u));
    return it->second;
}

upload_record* world::find_upload(std::string_view key) {
    auto it = uploads_.find(key);
    return it == uploads_.end() ? nullptr : &it->second;
}

const round_record* world::current_round(int tournament) const {
    if (between_rounds_ || rollover_until_) return nullptr;
    auto it = rounds_.find(tournament);
    if (it == rounds_.end() || it->second.empty()) return nullptr;
    return &it->second.back();
}

const round_record* world::find_round(int tournament, int number) const {
    auto it = rounds_.find(tournament);
    if (it == rounds_.end()) return nullptr;
    for (const auto& r : it->second)
        if (r.number == number) return &r;
    return nullptr;
}

const std::vector<round_record>& world::rounds(int tournament) const {
    static const std::vector<round_record> none;
    auto it = rounds_.find(tournament);
    return it == rounds_.end() ? none : it->second;
}

std::string world::round_status(const round_record& r) const {
    const auto t = now();
    if (t < r.open_time) return "UPCOMING";
    if (t < r.close_time) return "OPEN";
    if (t < r.resolve_time) return "RESOLVING";
    return "RESOLVED";
}

std::vector<dataset_record> world::datasets(int tournament, int round) const {
    const std::uint64_t base = config_.dataset_size;
    auto part = [base](std::uint64_t divisor) { return std::max<std::uint64_t>(base / divisor, 4096); };
    const std::string live_round = "live_" + std::to_string(round) + ".parquet";
    switch (tournament) {
        case 8:
            return {{"v5.2/features.json", std::min<std::uint64_t>(base, 64 * 1024), false},
                    {"v5.2/train.parquet", base, false},
                    {"v5.2/validation.parquet", part(2), false},
                    {"v5.2/validation_example_preds.parquet", part(32), false},
                    {"v5.2/meta_model.parquet", part(64), false},
                    {"v5.2/live.parquet", part(64), true},
                    {"v5.2/" + live_round, part(64), true},
                    {"v5.2/live_example_preds.parquet", part(256), true},
                    {"v5.2/live_benchmark_models.parquet", part(128), true}};
        case 11:
            return {{"signals/v1.0/live.parquet", 0, true, true}, // the universe numerapi's ticker_universe reads
                    {"signals/v2.0/train.parquet", part(2), false},
                    {"signals/v2.0/validation.parquet", part(4), false},
                    {"signals/v2.0/live.parquet", part(64), true},
                    {"signals/v2.0/" + live_round, part(64), true},
                    {"signals/v2.0/live_example_preds.parquet", part(256), true}};
        case 12:
            return {{"crypto/v2.0/train_targets.parquet", part(8), false},
                    {"crypto/v2.0/live_universe.parquet", part(256), true}};
        default: return {};
    }
}

std::string world::ticker_universe(int round) const {
    static constexpr const char* markets[] = {" US", " US", " US", " JP", " GB", " DE", " FR", " CA"};
    rng r{seed_for("tickers/" + std::to_string(round))};
    std::set<std::string> tickers;
    while (tickers.size() < 500) {
        std::string t;
        for (std::uint64_t n = 2 + r.below(4); n > 0; --n) t += static_cast<char>('A' + r.below(26));
        tickers.insert(t + markets[r.below(std::size(markets))]);
    }
    return files::parquet_string_table("numerai_ticker", {tickers.begin(), tickers.end()});
}

std::uint64_t world::dataset_seed(int tournament, int round, const dataset_record& d) const {
    const std::string key =
        std::to_string(tournament) + "/" + (d.per_round ? std::to_string(round) : "") + "/" + d.name;
    return seed_for(key);
}

void world::make_account() {
    rng r{seed_for("account")};
    account_id_ = r.uuid();
    struct seed_model {
        const char* name;
        int tournament;
    };
    const seed_model seeds[] = {
        {"sandbox_model", 8}, {"sandbox_model_2", 8}, {"sandbox_signals", 11}, {"sandbox_crypto", 12}};
    for (const auto& s : seeds) {
        model_record m;
        m.id = r.uuid();
        m.name = s.name;
        m.tournament = s.tournament;
        m.bio = "A model of the numerapi-cpp sandbox.";
        m.start_date = config_.start_time - std::chrono::days{400 + r.below(300)};
        m.nmr_staked = decimal_text(r.uniform(1, 500), 18);
        models_.push_back(std::move(m));
    }
}

model_record* world::find_model(std::string_view id_or_name) {
    for (auto& m : models_)
        if (m.id == id_or_name || m.name == id_or_name) return &m;
    return nullptr;
}

const model_record* world::find_model(std::string_view id_or_name) const {
    return const_cast<world*>(this)->find_model(id_or_name);
}

void world::make_submissions() {
    rng r{seed_for("submissions")};
    const auto t_now = config_.start_time;
    for (const auto& m : models_) {
        const auto& list = rounds_.at(m.tournament);
        // One submission for each of the last 24 closed rounds.
        for (std::size_t i = list.size() >= 25 ? list.size() - 25 : 0; i + 1 < list.size(); ++i) {
            const auto& round = list[i];
            submission_record s;
            s.id = r.uuid();
            s.model_id = m.id;
            s.tournament = m.tournament;
            s.round = round.number;
            s.filename = "predictions-" + r.alnum(10) + ".csv";
            s.inserted_at = round.open_time + std::chrono::minutes{20 + r.below(30)};
            s.source = "numerapi";
            s.data_datestamp = datestamp(round.open_time);
            s.at_risk = m.nmr_staked;
            s.content = m.tournament == 8 ? "id,prediction\n"
                                          : (m.tournament == 11 ? "numerai_ticker,signal\n" : "symbol,signal\n");
            for (int row = 0; row < 100; ++row)
                s.content +=
                    (m.tournament == 8 ? "n" + r.alnum(15) : r.alnum(4)) + "," + decimal_text(r.uniform(), 6) + "\n";

            // Daily scores from the round's score time up to now, 20 days at most.
            if (t_now > round.score_time) {
                const auto days = std::min<long>(scoring_days, (t_now - round.score_time) / std::chrono::days{1} + 1);
                for (long d = 1; d <= days; ++d)
                    for (const char* metric : score_metrics) {
                        score_record sc;
                        sc.submission_id = s.id;
                        sc.metric = metric;
                        sc.day = static_cast<int>(d);
                        sc.date = round.score_time + std::chrono::days{d - 1};
                        sc.value = r.uniform(-0.05, 0.07);
                        sc.percentile = r.uniform();
                        scores_.push_back(sc);
                    }
            }
            submissions_.push_back(std::move(s));
        }
    }
}

const submission_record* world::find_submission(std::string_view id) const {
    for (const auto& s : submissions_)
        if (s.id == id) return &s;
    return nullptr;
}

std::vector<const submission_record*> world::submissions_of(const model_record& m) const {
    std::vector<const submission_record*> out;
    for (const auto& s : submissions_)
        if (s.model_id == m.id) out.push_back(&s);
    return out;
}

void world::make_public_users() {
    rng r{seed_for("public users")};
    for (int t : tournaments) {
        std::vector<public_user_record> users;
        for (int i = 0; i < 300; ++i) {
            public_user_record u;
            u.id = r.uuid();
            u.username = std::string(adjectives[r.below(std::size(adjectives))]) + "_" +
                nouns[r.below(std::size(nouns))] + "_" + std::to_string(t) + "_" + std::to_string(i);
            u.tournament = t;
            u.start_date = config_.start_time - std::chrono::days{30 + r.below(2000)};
            u.bio = "Public sandbox participant " + std::to_string(i) + ".";
            u.nmr_staked = decimal_text(r.uniform(0, 20000), 18);
            u.corr = r.uniform(-0.02, 0.05);
            u.mmc = r.uniform(-0.01, 0.02);
            u.tc = r.uniform(-0.05, 0.05);
            u.fnc = r.uniform(-0.02, 0.04);
            u.ic = r.uniform(-0.02, 0.04);
            u.ret = r.uniform(-0.5, 1.5);
            users.push_back(std::move(u));
        }
        std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) { return a.corr > b.corr; });
        for (std::size_t i = 0; i < users.size(); ++i) users[i].rank = static_cast<int>(i + 1);
        public_users_.insert(public_users_.end(), users.begin(), users.end());
    }
}

void world::make_legacy_zip() {
    rng r{seed_for("legacy zip")};
    // About a quarter of the largest dataset's size (some 200 bytes a row), so that a sandbox
    // with large datasets has an archive whose extraction takes a while too.
    const int training_rows = static_cast<int>(std::clamp<std::uint64_t>(config_.dataset_size / 1024, 2000, 1u << 20));
    std::string training = legacy_csv(r, training_rows, true, "train", 1);
    std::string tournament = legacy_csv(r, 1000, false, "live", 121);
    std::string predictions = "id,probability\n";
    for (int i = 0; i < 1000; ++i) predictions += "n" + r.alnum(15) + "," + csv_number(r) + "\n";
    legacy_zip_ = files::make_zip({{"numerai_training_data.csv", std::move(training)},
                                   {"numerai_tournament_data.csv", std::move(tournament)},
                                   {"example_predictions.csv", std::move(predictions)}});
}

} // namespace numerapi::sandbox
