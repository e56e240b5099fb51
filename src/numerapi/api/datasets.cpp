#include "numerapi/api/datasets.hpp"

#include "numerapi/api/json_decode.hpp"

#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi Api.list_datasets
constexpr std::string_view list_datasets_document = R"(query ($round: Int
       $tournament: Int) {
    listDatasets(round: $round
                 tournament: $tournament)
})";

// numerapi Api.download_dataset
constexpr std::string_view dataset_document = R"(query ($filename: String!
       $round: Int
       $tournament: Int) {
    dataset(filename: $filename
            round: $round
            tournament: $tournament)
})";

boost::json::value optional_int(std::optional<int> v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

} // namespace

operation list_datasets_query(int tournament, std::optional<int> round) {
    boost::json::object v;
    v["round"] = optional_int(round);
    v["tournament"] = tournament;
    return operation{"list_datasets", list_datasets_document, std::move(v)};
}

std::vector<std::string> decode_list_datasets(const boost::json::object& data) {
    return decode_array<std::string>(root_array(data, "listDatasets"), json_path("listDatasets"));
}

operation dataset_url_query(int tournament, std::string filename, std::optional<int> round) {
    boost::json::object v;
    v["filename"] = std::move(filename);
    v["round"] = optional_int(round);
    v["tournament"] = tournament;
    return operation{"download_dataset", dataset_document, std::move(v)};
}

std::string decode_dataset_url(const boost::json::object& data) {
    return decode_value<std::string>(root_field(data, "dataset"), json_path("dataset"));
}

// numerapi 1.x/2.x get_dataset_url (removed in 2.16.1)
constexpr std::string_view legacy_dataset_document = R"(query($tournament: Int!) {
    dataset(tournament: $tournament)
})";

operation legacy_dataset_url_query(int tournament) {
    return operation{"download_current_dataset", legacy_dataset_document,
                     boost::json::object{{"tournament", tournament}}};
}

} // namespace numerapi::detail
