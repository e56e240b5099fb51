// Account and models (docs/protocol.md §3.4): building the operations and decoding their
// `data` objects. Both are private calls (authorization = true).
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::detail {

/// "get_account"; variables null.
operation account_query();
/// data.account.
account decode_account(const boost::json::object& data);

/// "get_models"; variables null.
operation models_query();
/// data.account.models, only those of `tournament` when it is given.
std::vector<model> decode_models(const boost::json::object& data, std::optional<int> tournament);

/// "wallet_transactions"; private.
operation wallet_transactions_query();
/// data.account.walletTxns.
std::vector<wallet_transaction> decode_wallet_transactions(const boost::json::object& data);

/// "models_of_account": numerapi's accountProfile query; public.
operation models_of_account_query(std::string account, int tournament);
/// data.accountProfile.models as models of `tournament` (displayName as the name), by name.
std::vector<model> decode_models_of_account(const boost::json::object& data, int tournament);

/// "model_name": numerapi's modelid_to_modelname query; private.
operation model_name_query(std::string model_id);
/// data.model.name.
std::string decode_model_name(const boost::json::object& data);

/// The profile edits (set_bio, set_link, set_submission_webhook): private mutations that
/// set a value, so sending one twice changes nothing more than sending it once.
operation set_bio_mutation(std::string model_id, std::string bio);
operation set_link_mutation(std::string model_id, std::string link_url, std::string link_text);
operation set_submission_webhook_mutation(std::string model_id, std::optional<std::string> webhook);
/// data.<field>: true when the server says so; setSubmissionWebhook answers the string
/// "true" (numerapi compares it so), the others a boolean.
bool decode_edit_result(const boost::json::object& data, std::string_view field);

} // namespace numerapi::detail
