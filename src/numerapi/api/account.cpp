#include "numerapi/api/account.hpp"

#include "numerapi/api/json_decode.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace numerapi::detail {
namespace {

// numerapi Api.get_account, and each model's tournament (which get_models asks for too)
constexpr std::string_view account_document = R"(query {
  account {
    username
    walletAddress
    availableNmr
    email
    id
    mfaEnabled
    status
    insertedAt
    models {
      id
      name
      tournament
      submissions {
        id
        filename
      }
      v2Stake {
        status
        txHash
      }
    }
    apiTokens {
      name
      public_id
      scopes
    }
  }
})";

// numerapi Api.get_models
constexpr std::string_view models_document = R"(query {
  account {
    models {
      id
      name
      tournament
    }
  }
})";

// numerapi Api.wallet_transactions
constexpr std::string_view wallet_transactions_document = R"(query {
  account {
    walletTxns {
      amount
      from
      status
      to
      time
      tournament
      txHash
      type
    }
  }
})";

// numerapi Api.models_of_account (its variable type is Str!, as numerapi sends it)
constexpr std::string_view models_of_account_document = R"(query($username: Str!
      $tournament: Int) {
    accountProfile(username: $username
                   tournament: $tournament){
        models {
        id
        displayName
        }
    }
})";

// numerapi Api.modelid_to_modelname
constexpr std::string_view model_name_document = R"(query($modelid: String!) {
    model(modelId: $modelid) {
        name
    }
})";

// numerapi Api.set_bio
constexpr std::string_view set_bio_document = R"(mutation($value: String!
      $modelId: String) {
    setUserBio(value: $value
               modelId: $modelId)
})";

// numerapi Api.set_link
constexpr std::string_view set_link_document = R"(mutation($linkUrl: String!
         $linkText: String
         $modelId: String) {
    setUserLink(linkText: $linkText
                linkUrl: $linkUrl
                modelId: $modelId)
})";

// numerapi Api.set_submission_webhook
constexpr std::string_view set_submission_webhook_document = R"(mutation (
  $modelId: String!
  $newSubmissionWebhook: String
) {
  setSubmissionWebhook(
    modelId: $modelId
    newSubmissionWebhook: $newSubmissionWebhook
  )
})";

} // namespace

operation account_query() {
    operation op{"get_account", account_document, nullptr};
    op.authorization = true;
    return op;
}

account decode_account(const boost::json::object& data) {
    return decode_value<account>(root_field(data, "account"), json_path("account"));
}

operation models_query() {
    operation op{"get_models", models_document, nullptr};
    op.authorization = true;
    return op;
}

std::vector<model> decode_models(const boost::json::object& data, std::optional<int> tournament) {
    const auto& a = root_object(data, "account");
    std::vector<model> models = array_member<model>(a, "models", json_path("account"));
    if (tournament) std::erase_if(models, [t = *tournament](const model& m) { return m.tournament != t; });
    return models;
}

operation wallet_transactions_query() {
    return private_operation("wallet_transactions", wallet_transactions_document, nullptr);
}

std::vector<wallet_transaction> decode_wallet_transactions(const boost::json::object& data) {
    return array_member<wallet_transaction>(root_object(data, "account"), "walletTxns", json_path("account"));
}

operation models_of_account_query(std::string account, int tournament) {
    return operation{"models_of_account", models_of_account_document,
                     boost::json::object{{"username", std::move(account)}, {"tournament", tournament}}};
}

std::vector<model> decode_models_of_account(const boost::json::object& data, int tournament) {
    const json_path path("accountProfile");
    // accountProfile's models name themselves by displayName, and carry no tournament.
    auto models = array_member<model>(root_object(data, "accountProfile"), "models", path);
    for (auto& m : models) m.tournament = tournament;
    std::sort(models.begin(), models.end(), [](const model& a, const model& b) { return a.name < b.name; });
    return models;
}

operation model_name_query(std::string model_id) {
    return private_operation("model_name", model_name_document, boost::json::object{{"modelid", std::move(model_id)}});
}

std::string decode_model_name(const boost::json::object& data) {
    return member_or_default<std::string>(root_object(data, "model"), "name", json_path("model"));
}

operation set_bio_mutation(std::string model_id, std::string bio) {
    return private_operation("set_bio", set_bio_document,
                             boost::json::object{{"value", std::move(bio)}, {"modelId", std::move(model_id)}});
}

operation set_link_mutation(std::string model_id, std::string link_url, std::string link_text) {
    return private_operation("set_link", set_link_document,
                             boost::json::object{{"linkUrl", std::move(link_url)},
                                                 {"linkText", std::move(link_text)},
                                                 {"modelId", std::move(model_id)}});
}

operation set_submission_webhook_mutation(std::string model_id, std::optional<std::string> webhook) {
    boost::json::object variables{{"modelId", std::move(model_id)}, {"newSubmissionWebhook", nullptr}};
    if (webhook) variables["newSubmissionWebhook"] = std::move(*webhook);
    return private_operation("set_submission_webhook", set_submission_webhook_document, std::move(variables));
}

bool decode_edit_result(const boost::json::object& data, std::string_view field) {
    const auto& v = root_field(data, field);
    if (v.is_bool()) return v.as_bool();
    if (v.is_string()) return v.as_string() == "true";
    if (v.is_null()) return false;
    decode_error(json_path(field), "expected a boolean or \"true\"");
}

} // namespace numerapi::detail
