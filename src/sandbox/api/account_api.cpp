// account, accountProfile, model and the profile mutations (docs/protocol.md §3.4)
#include "sandbox/api/json_views.hpp"
#include "sandbox/api/services.hpp"
#include "sandbox/world/random.hpp"

#include <boost/json/array.hpp>

namespace numerapi::sandbox::api {
namespace {

boost::json::array wallet_transactions(const world& w) {
    rng r{w.seed_for("wallet")};
    boost::json::array txns;
    const auto now = w.config().start_time;
    for (int i = 0; i < 6; ++i) {
        const bool deposit = i % 2 == 0;
        const std::string amount = decimal_text(r.uniform(0.5, 50.0), 18);
        txns.push_back(boost::json::object{
            {"amount", amount},
            {"from", deposit ? "0x" + r.alnum(40) : "0x0000000000000000000000000000000000000000"},
            {"to", deposit ? "0x0000000000000000000000000000000000000000" : "0x" + r.alnum(40)},
            {"status", "confirmed"},
            {"time", iso_time(now - std::chrono::days{7 * (i + 1)})},
            {"tournament", nullptr},
            {"txHash", "0x" + r.alnum(64)},
            {"type", deposit ? "deposit" : "withdrawal"},
        });
    }
    return txns;
}

} // namespace

void register_account(graphql::executor& e, services& s) {
    e.resolve("account", [&s](const graphql::field_call&) -> boost::json::value {
        const world& w = s.state;
        boost::json::array models;
        for (const auto& m : w.models()) models.push_back(model_json(w, m));
        return boost::json::object{
            {"id", w.account_id()},
            {"username", w.username()},
            {"email", w.username() + "@sandbox.invalid"},
            {"walletAddress", "0x00000000000000000000000000000000005a4e42"},
            {"availableNmr", w.available_nmr()},
            {"mfaEnabled", false},
            {"status", "VERIFIED"},
            {"insertedAt", "2019-03-14T09:26:53Z"},
            {"models", std::move(models)},
            {"apiTokens",
             boost::json::array{boost::json::object{
                 {"name", "sandbox"},
                 {"public_id", w.config().public_id},
                 {"scopes",
                  boost::json::array{"upload_submission", "stake", "read_submission_info", "read_user_info"}}}}},
            {"walletTxns", wallet_transactions(w)},
        };
    });

    e.resolve("accountProfile", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const auto username = string_argument(call.arguments, "username").value_or("");
        const auto tournament = int_argument(call.arguments, "tournament");
        boost::json::array models;
        if (username == w.username()) {
            for (const auto& m : w.models())
                if (!tournament || m.tournament == *tournament)
                    models.push_back(boost::json::object{{"id", m.id}, {"displayName", m.name}});
        } else {
            bool found = false;
            for (const auto& u : w.public_users()) {
                if (u.username != username) continue;
                found = true;
                if (!tournament || u.tournament == *tournament)
                    models.push_back(boost::json::object{{"id", u.id}, {"displayName", u.username}});
            }
            if (!found) throw graphql::resolver_error("Account not found: " + username);
        }
        return boost::json::object{{"username", username}, {"models", std::move(models)}};
    });

    e.resolve("model", [&s](const graphql::field_call& call) -> boost::json::value {
        return model_json(s.state, model_or_default(s.state, string_argument(call.arguments, "modelId")));
    });

    e.resolve("setUserBio", [&s](const graphql::field_call& call) -> boost::json::value {
        model_or_default(s.state, string_argument(call.arguments, "modelId")).bio =
            string_argument(call.arguments, "value").value_or("");
        return true;
    });

    e.resolve("setUserLink", [&s](const graphql::field_call& call) -> boost::json::value {
        auto& m = model_or_default(s.state, string_argument(call.arguments, "modelId"));
        m.link_url = string_argument(call.arguments, "linkUrl").value_or("");
        m.link_text = string_argument(call.arguments, "linkText").value_or("");
        return true;
    });

    e.resolve("setSubmissionWebhook", [&s](const graphql::field_call& call) -> boost::json::value {
        model_or_default(s.state, string_argument(call.arguments, "modelId")).webhook =
            string_argument(call.arguments, "newSubmissionWebhook");
        return "true"; // a string: numerapi compares it with "true"
    });
}

} // namespace numerapi::sandbox::api
