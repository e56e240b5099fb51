// v2ChangeStake and releaseStake (numerai-api.md 2.9): the stake of one of the account's
// models moves at once (the real service may hold a decrease until its due date), so that
// v3UserProfile.stakeValue shows what a change did. The amounts are exact (18 decimals).
#include "sandbox/api/services.hpp"
#include "sandbox/world/random.hpp"

namespace numerapi::sandbox::api {
namespace {

nmr_units stake_of(const model_record& m) {
    return parse_nmr(m.nmr_staked).value_or(0);
}

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

/// Takes `amount` off the model's stake; more than it holds is refused, nothing moves.
void decrease(model_record& m, nmr_units amount) {
    const nmr_units stake = stake_of(m);
    if (amount > stake)
        throw graphql::resolver_error("Insufficient stake: cannot release " + nmr_text(amount) + " NMR of " +
                                      nmr_text(stake));
    m.nmr_staked = nmr_text(stake - amount);
}

} // namespace

void register_staking(graphql::executor& e, services& s) {
    e.resolve("v2ChangeStake", [&s](const graphql::field_call& call) -> boost::json::value {
        auto& m = model_or_default(s.state, string_argument(call.arguments, "modelId"));
        const auto type = string_argument(call.arguments, "type").value_or("");
        const nmr_units amount = positive_amount(string_argument(call.arguments, "value"));
        boost::json::object answer{{"requestedAmount", nmr_text(amount)}, {"type", type}, {"status", "pending"}};
        if (type == "increase") {
            m.nmr_staked = nmr_text(stake_of(m) + amount);
            answer["dueDate"] = nullptr;
        } else if (type == "decrease") {
            decrease(m, amount);
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
        decrease(m, amount);
        rng r{s.state.seed_for("release/" + m.id + "/" + m.nmr_staked + "/" + iso_time(s.state.now()))};
        return boost::json::object{{"id", r.uuid()},
                                   {"dueDate", due_date(s.state, m.tournament)},
                                   {"status", "pending"},
                                   {"type", "decrease"},
                                   {"requestedAmount", nmr_text(amount)},
                                   {"drain", drain}};
    });
}

} // namespace numerapi::sandbox::api
