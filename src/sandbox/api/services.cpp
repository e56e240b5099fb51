#include "sandbox/api/services.hpp"

#include <algorithm>

namespace numerapi::sandbox::api {

std::string services::presigned_url(std::string_view method, std::string_view path) const {
    return base_url + signer.sign(method, path, state.now() + url_ttl);
}

std::string services::dataset_url(std::string_view path) const {
    return (dataset_url_base.empty() ? base_url : dataset_url_base) + signer.sign("GET", path, state.now() + url_ttl);
}

model_record& model_or_default(world& w, const std::optional<std::string>& id) {
    if (id) {
        if (auto* m = w.find_model(*id)) return *m;
        throw graphql::resolver_error("Model not found: " + *id);
    }
    return w.models().front(); // single-model legacy accounts pass no model id
}

std::optional<faults::fault_plan::hostile_names_settings> services::hostile_names() const {
    if (faults == nullptr) return std::nullopt;
    return faults->hostile_names();
}

void register_all(graphql::executor& e, services& s) {
    register_rounds(e, s);
    register_datasets(e, s);
    register_account(e, s);
    register_scores(e, s);
    register_submissions(e, s);
    register_profiles(e, s);
    register_uploads(e, s);
    register_staking(e, s);
}

std::optional<std::int64_t> int_argument(const boost::json::object& args, std::string_view name) {
    auto it = args.find(name);
    if (it == args.end() || it->value().is_null()) return std::nullopt;
    if (const auto* i = it->value().if_int64()) return *i;
    if (const auto* u = it->value().if_uint64()) return static_cast<std::int64_t>(*u);
    if (const auto* d = it->value().if_double()) return static_cast<std::int64_t>(*d);
    return std::nullopt;
}

std::optional<std::string> string_argument(const boost::json::object& args, std::string_view name) {
    auto it = args.find(name);
    if (it == args.end() || it->value().is_null()) return std::nullopt;
    if (const auto* s = it->value().if_string()) return std::string(*s);
    if (const auto* i = it->value().if_int64()) return std::to_string(*i);
    return std::nullopt;
}

std::optional<bool> bool_argument(const boost::json::object& args, std::string_view name) {
    auto it = args.find(name);
    if (it == args.end() || it->value().is_null()) return std::nullopt;
    if (const auto* b = it->value().if_bool()) return *b;
    return std::nullopt;
}

int tournament_argument(const boost::json::object& args, std::string_view name) {
    const auto t = int_argument(args, name).value_or(8);
    if (std::find(std::begin(tournaments), std::end(tournaments), t) == std::end(tournaments))
        throw graphql::resolver_error("Tournament not found: " + std::to_string(t));
    return static_cast<int>(t);
}

} // namespace numerapi::sandbox::api
