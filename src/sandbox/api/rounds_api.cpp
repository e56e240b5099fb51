// rounds, tournaments (docs/protocol.md §3.2)
#include "sandbox/api/json_views.hpp"
#include "sandbox/api/services.hpp"

#include <boost/json/array.hpp>

namespace numerapi::sandbox::api {

void register_rounds(graphql::executor& e, services& s) {
    e.resolve("rounds", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const int tournament = tournament_argument(call.arguments);
        const auto number = int_argument(call.arguments, "number");
        boost::json::array out;
        if (number && *number == 0) {
            const round_record* current = w.current_round(tournament);
            // What the real API answers between two rounds (numerapi issue #94).
            if (current == nullptr) throw graphql::resolver_error("Current round not open for submissions");
            out.push_back(round_json(w, *current));
            return out;
        }
        const auto target = string_argument(call.arguments, "target");
        const auto status = string_argument(call.arguments, "status");
        const auto limit = int_argument(call.arguments, "limit");
        if (limit && *limit < 0) throw graphql::resolver_error("limit must not be negative");
        const auto& rounds = w.rounds(tournament);
        for (auto it = rounds.rbegin(); it != rounds.rend(); ++it) { // newest first
            if (number && it->number != *number) continue;
            if (target && it->target != *target) continue;
            if (status && w.round_status(*it) != *status) continue;
            if (limit && static_cast<std::int64_t>(out.size()) >= *limit) break;
            out.push_back(round_json(w, *it));
        }
        return out;
    });

    e.resolve("tournaments", [](const graphql::field_call&) -> boost::json::value {
        return boost::json::array{
            boost::json::object{{"id", "8"}, {"name", "Numerai Tournament"}, {"tournament", 8}, {"active", true}},
            boost::json::object{{"id", "11"}, {"name", "Signals"}, {"tournament", 11}, {"active", true}},
            boost::json::object{{"id", "12"}, {"name", "Crypto"}, {"tournament", 12}, {"active", true}},
        };
    });
}

} // namespace numerapi::sandbox::api
