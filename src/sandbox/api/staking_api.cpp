// Staking (docs/protocol.md §3.9, §3.10). v2ChangeStake and releaseStake: the stake of one of the
// account's models moves at once (the real service may hold a decrease until its due date),
// so that v3UserProfile.stakeValue shows what a change did; amounts are exact (18 decimals).
// v3StakeAuth, v3StakeConfig, v3StakeRound, v3StakeClaim: what the staking contract needs,
// generated and stable per sandbox.
#include "sandbox/api/services.hpp"
#include "sandbox/world/random.hpp"

#include <exception>
#include <string>

namespace numerapi::sandbox::api {
namespace {

nmr_units stake_of(const model_record& m) { return parse_nmr(m.nmr_staked).value_or(0); }

nmr_units positive_amount(const std::optional<std::string>& text) {
    const auto amount = text ? parse_nmr(*text) : std::nullopt;
    if (!amount || *amount <= 0)
        throw graphql::resolver_error("Invalid stake amount: " + text.value_or("(none)") +
                                      " (a positive decimal with at most 18 places)");
    return *amount;
}

/// When a decrease is released: the resolve time of the open round, if there is one.
boost::json::value due_date(const world& w, int tournament) {
    if (const auto* r = w.current_round(tournament)) return boost::json::value(iso_time(r->resolve_time));
    return nullptr;
}

/// Takes `amount` off the model's stake, back into the wallet; more than it holds is
/// refused, nothing moves.
void decrease(world& w, model_record& m, nmr_units amount) {
    const nmr_units stake = stake_of(m);
    if (amount > stake)
        throw graphql::resolver_error("Insufficient stake: cannot release " + nmr_text(amount) + " NMR of " +
                                      nmr_text(stake));
    m.nmr_staked = nmr_text(stake - amount);
    w.available_nmr() = nmr_text(parse_nmr(w.available_nmr()).value_or(0) + amount);
}

/// A round's times as the staking contract gives them: unix seconds, as text.
std::string unix_seconds(sys_seconds t) { return std::to_string(t.time_since_epoch().count()); }

/// A stable 0x-prefixed hex value of `digits` digits, named by `what`.
std::string hex_of(const world& w, const std::string& what, std::size_t digits) {
    rng r{w.seed_for("v3/" + what)};
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "0x";
    for (std::size_t i = 0; i < digits; ++i) out += hex[r.below(16)];
    return out;
}

int round_argument(const graphql::field_call& call) {
    const auto text = string_argument(call.arguments, "roundId").value_or("");
    try {
        std::size_t used = 0;
        const int n = std::stoi(text, &used);
        if (used == text.size()) return n;
    } catch (const std::exception&) {}
    throw graphql::resolver_error("Invalid roundId: " + text);
}

} // namespace

void register_staking(graphql::executor& e, services& s) {
    // Staking v3 (on-chain): what the staking contract needs, generated, stable per sandbox.
    e.resolve("v3StakeConfig", [&s](const graphql::field_call&) -> boost::json::value {
        const world& w = s.state;
        return boost::json::object{{"address", hex_of(w, "staking", 40)},
                                   {"authorizationSigner", hex_of(w, "signer", 40)},
                                   {"nmrAddress", hex_of(w, "nmr", 40)},
                                   {"owner", hex_of(w, "owner", 40)},
                                   {"paused", false},
                                   {"pendingOwner", nullptr},
                                   {"serviceWallet", hex_of(w, "service", 40)}};
    });
    e.resolve("v3StakeAuth", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const auto id = string_argument(call.arguments, "submissionId").value_or("");
        const auto* sub = w.find_submission(id);
        if (sub == nullptr) throw graphql::resolver_error("Submission not found: " + id);
        const auto staker = string_argument(call.arguments, "staker").value_or("");
        const auto amount = parse_nmr(string_argument(call.arguments, "maxAmount").value_or(""));
        if (!amount || *amount <= 0) throw graphql::resolver_error("Invalid maxAmount");
        return boost::json::object{{"authorizationSigner", hex_of(w, "signer", 40)},
                                   {"authorizationDigest", hex_of(w, "digest/" + id, 64)},
                                   {"chainId", "11155111"},
                                   {"deadline", unix_seconds(w.now() + std::chrono::hours{1})},
                                   {"maxAmount", string_argument(call.arguments, "maxAmount").value_or("")},
                                   {"modelId", hex_of(w, "model/" + sub->model_id, 64)},
                                   {"nmrAddress", hex_of(w, "nmr", 40)},
                                   {"nonce", "0"},
                                   {"roundId", std::to_string(sub->round)},
                                   {"signature", hex_of(w, "signature/" + id, 130)},
                                   {"staker", staker},
                                   {"stakingAddress", hex_of(w, "staking", 40)},
                                   {"submissionId", id},
                                   {"submissionHash", hex_of(w, "hash/" + id, 64)},
                                   {"tournamentId", std::to_string(sub->tournament)}};
    });
    e.resolve("v3StakeRound", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const int number = round_argument(call);
        const auto* r = w.find_round(8, number);
        if (r == nullptr) throw graphql::resolver_error("Round not found: " + std::to_string(number));
        const bool resolved = w.round_status(*r) == "RESOLVED";
        return boost::json::object{
            {"closeTime", unix_seconds(r->close_time)},
            {"merkleRoot", resolved ? boost::json::value(hex_of(w, "root/" + r->id, 64)) : nullptr},
            {"openTime", unix_seconds(r->open_time)},
            {"payoutFactor", r->payout_factor},
            {"remainingBurn", "0"},
            {"remainingPayout", resolved ? "1250000000000000000000" : "0"},
            {"resolveTime", unix_seconds(r->resolve_time)},
            {"resolved", resolved},
            {"roundId", std::to_string(number)},
            {"stakeCap", "1000000000000000000000"},
            {"stakeThreshold", "10000000000000000000"},
            {"state", resolved ? "resolved" : "open"},
            {"totalPayout", resolved ? "1250000000000000000000" : "0"},
            {"totalStaked", "250000000000000000000000"},
            {"tournamentId", "8"}};
    });
    e.resolve("v3StakeClaim", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const int number = round_argument(call);
        const auto model_id = string_argument(call.arguments, "modelId").value_or("");
        const auto* m = w.find_model(model_id);
        if (m == nullptr) throw graphql::resolver_error("Model not found: " + model_id);
        const submission_record* sub = nullptr;
        for (const auto* candidate : w.submissions_of(*m))
            if (candidate->round == number && candidate->selected) sub = candidate;
        if (sub == nullptr)
            throw graphql::resolver_error("No submission of this model in round " + std::to_string(number));
        boost::json::array proof;
        for (int i = 0; i < 3; ++i)
            proof.push_back(boost::json::value(hex_of(w, "proof/" + sub->id + std::to_string(i), 64)));
        return boost::json::object{{"apiModelId", m->id},
                                   {"burnAmountWei", "0"},
                                   {"merkleRoot", hex_of(w, "root/" + std::to_string(number), 64)},
                                   {"modelId", hex_of(w, "model/" + m->id, 64)},
                                   {"payoutAmountWei", "2000000000000000000"},
                                   {"proof", std::move(proof)},
                                   {"roundId", std::to_string(number)},
                                   {"staker", string_argument(call.arguments, "staker").value_or("")},
                                   {"submissionId", sub->id},
                                   {"tournamentId", std::to_string(m->tournament)}};
    });

    e.resolve("v2ChangeStake", [&s](const graphql::field_call& call) -> boost::json::value {
        auto& m = model_or_default(s.state, string_argument(call.arguments, "modelId"));
        const auto type = string_argument(call.arguments, "type").value_or("");
        const nmr_units amount = positive_amount(string_argument(call.arguments, "value"));
        boost::json::object answer{{"requestedAmount", nmr_text(amount)}, {"type", type}, {"status", "pending"}};
        if (type == "increase") {
            // Far beyond any real stake (10^15 NMR), and far below where the sum overflows.
            constexpr nmr_units most = static_cast<nmr_units>(1'000'000'000'000'000) * 1'000'000'000'000'000'000;
            if (amount > most || stake_of(m) > most - amount)
                throw graphql::resolver_error("Invalid stake amount: the stake would exceed 10^15 NMR");
            // Only what the wallet holds can be staked; nothing moves otherwise.
            const nmr_units available = parse_nmr(s.state.available_nmr()).value_or(0);
            if (amount > available)
                throw graphql::resolver_error("Insufficient NMR: cannot stake " + nmr_text(amount) + " NMR with " +
                                              nmr_text(available) + " available");
            m.nmr_staked = nmr_text(stake_of(m) + amount);
            s.state.available_nmr() = nmr_text(available - amount);
            answer["dueDate"] = nullptr;
        } else if (type == "decrease") {
            decrease(s.state, m, amount);
            answer["dueDate"] = due_date(s.state, m.tournament);
        } else {
            throw graphql::resolver_error("Invalid stake change type: " + type + " (increase or decrease)");
        }
        return answer;
    });

    e.resolve("releaseStake", [&s](const graphql::field_call& call) -> boost::json::value {
        auto& m = model_or_default(s.state, string_argument(call.arguments, "modelId"));
        const bool drain = bool_argument(call.arguments, "drain").value_or(false);
        const nmr_units stake = stake_of(m);
        // A drain releases everything, whatever amount comes with it (numerapi sends 11000000).
        const nmr_units amount = drain ? stake : positive_amount(string_argument(call.arguments, "amount"));
        if (drain && stake == 0) throw graphql::resolver_error("Nothing to release: the model has no stake");
        decrease(s.state, m, amount);
        rng r{s.state.seed_for("release/" + m.id + "/" + m.nmr_staked + "/" + iso_time(s.state.now()))};
        return boost::json::object{
            {"id", r.uuid()},     {"dueDate", due_date(s.state, m.tournament)}, {"status", "pending"},
            {"type", "decrease"}, {"requestedAmount", nmr_text(amount)},        {"drain", drain}};
    });
}

} // namespace numerapi::sandbox::api
