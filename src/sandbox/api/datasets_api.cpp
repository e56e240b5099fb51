// listDatasets, dataset and the legacy zip (docs/protocol.md §3.3); with the hostile_names fault, its names too
#include "sandbox/api/file_paths.hpp"
#include "sandbox/api/services.hpp"

#include <boost/json/array.hpp>

namespace numerapi::sandbox::api {
namespace {

const round_record& round_or_error(const world& w, int tournament, std::optional<std::int64_t> number) {
    const round_record* r =
        number && *number != 0 ? w.find_round(tournament, static_cast<int>(*number)) : w.current_round(tournament);
    if (r == nullptr) {
        if (number && *number != 0) throw graphql::resolver_error("Round not found: " + std::to_string(*number));
        throw graphql::resolver_error("Current round not open for submissions");
    }
    return *r;
}

} // namespace

void register_datasets(graphql::executor& e, services& s) {
    e.resolve("listDatasets", [&s](const graphql::field_call& call) -> boost::json::value {
        const int tournament = tournament_argument(call.arguments);
        const round_record& r = round_or_error(s.state, tournament, int_argument(call.arguments, "round"));
        boost::json::array names;
        for (const auto& d : s.state.datasets(tournament, r.number)) names.emplace_back(d.name);
        if (const auto hostile = s.hostile_names())
            for (const auto& name : hostile->dataset_names) names.emplace_back(name);
        return names;
    });

    e.resolve("dataset", [&s](const graphql::field_call& call) -> boost::json::value {
        const int tournament = tournament_argument(call.arguments);
        const round_record& r = round_or_error(s.state, tournament, int_argument(call.arguments, "round"));
        const auto filename = string_argument(call.arguments, "filename");
        if (!filename) // the pre-2021 API: one zip per round
            return boost::json::string(s.dataset_url(legacy_zip_path(tournament, r.number)));
        for (const auto& d : s.state.datasets(tournament, r.number))
            if (d.name == *filename)
                return boost::json::string(s.dataset_url(dataset_path(tournament, r.number, d.name)));
        if (const auto hostile = s.hostile_names())
            for (const auto& name : hostile->dataset_names)
                if (name == *filename)
                    return boost::json::string(
                        s.presigned_url("GET", hostile_dataset_path(tournament, r.number, name)));
        throw graphql::resolver_error("Dataset not found: " + *filename);
    });
}

} // namespace numerapi::sandbox::api
