// Datasets (docs/protocol.md §3.3): building the operations and decoding their `data` objects.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace numerapi::detail {

/// "list_datasets"; `round` nullopt is sent as null (the current round).
operation list_datasets_query(int tournament, std::optional<int> round);
/// data.listDatasets: the file names, e.g. "v5.2/train.parquet".
std::vector<std::string> decode_list_datasets(const boost::json::object& data);

/// "download_dataset": asks for the presigned URL of `filename`.
operation dataset_url_query(int tournament, std::string filename, std::optional<int> round);
/// data.dataset: the presigned GET URL.
std::string decode_dataset_url(const boost::json::object& data);

/// "download_current_dataset": the 2017-era `dataset(tournament)` query, whose answer is the
/// URL of the round's zip archive.
operation legacy_dataset_url_query(int tournament);

} // namespace numerapi::detail
