// What the GraphQL resolvers of the sandbox work with: the world, a way to hand out
// presigned URLs on the sandbox's own host, and the faults that change what answers say.
#pragma once

#include "sandbox/faults/fault_plan.hpp"
#include "sandbox/files/url_signer.hpp"
#include "sandbox/graphql/executor.hpp"
#include "sandbox/world/world.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace numerapi::sandbox::api {

struct services {
    world& state;
    const files::url_signer& signer;
    std::string base_url;                       ///< "https://127.0.0.1:<port>"
    std::chrono::seconds url_ttl;               ///< lifetime of presigned URLs
    bool upload_form = false;                   ///< upload auth hands out POST form URLs instead of PUT URLs
    const faults::fault_plan* faults = nullptr; ///< null: no fault changes an answer
    std::string dataset_url_base;               ///< origin of dataset URLs; empty: base_url

    /// An absolute presigned URL for `path` (already percent-encoded).
    std::string presigned_url(std::string_view method, std::string_view path) const;
    /// The same for a dataset file: at dataset_url_base when one is set.
    std::string dataset_url(std::string_view path) const;
    /// The hostile_names fault's setting, if it is in the plan.
    std::optional<faults::fault_plan::hostile_names_settings> hostile_names() const;
};

/// Registers every root field of schema.graphql on `e`.
void register_all(graphql::executor& e, services& s);

// One function per area, each in its own file.
void register_rounds(graphql::executor& e, services& s);
void register_datasets(graphql::executor& e, services& s);
void register_account(graphql::executor& e, services& s);
void register_scores(graphql::executor& e, services& s);
void register_submissions(graphql::executor& e, services& s);
void register_profiles(graphql::executor& e, services& s);
void register_uploads(graphql::executor& e, services& s);
void register_staking(graphql::executor& e, services& s);

/// The account's model with this id or name; the first model when no id is given (as for
/// single-model legacy accounts). Unknown: a resolver error "Model not found: <id>".
model_record& model_or_default(world& w, const std::optional<std::string>& id);

/// The schema text (schema.graphql, embedded at build time).
std::string_view schema_text();

// Argument helpers: absent and null both read as "not given".
std::optional<std::int64_t> int_argument(const boost::json::object& args, std::string_view name);
std::optional<std::string> string_argument(const boost::json::object& args, std::string_view name);
std::optional<bool> bool_argument(const boost::json::object& args, std::string_view name);
/// The tournament argument, defaulting to Classic (8); unknown ids are a resolver error.
int tournament_argument(const boost::json::object& args, std::string_view name = "tournament");

} // namespace numerapi::sandbox::api
