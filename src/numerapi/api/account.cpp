#include "numerapi/api/account.hpp"

#include "numerapi/api/json_decode.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace numerapi::detail {
namespace {

// numerapi Api.get_account
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
    if (tournament)
        std::erase_if(models, [t = *tournament](const model& m) { return m.tournament != t; });
    return models;
}

} // namespace numerapi::detail
