// Rounds (docs/protocol.md §3.2): building the operations and decoding their `data` objects.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace numerapi::detail {

/// "get_current_round": `rounds(tournament, number: 0) { number }`.
operation current_round_query(int tournament);
/// rounds[0].number; nullopt when the list is empty or its first element is null.
std::optional<int> decode_current_round(const boost::json::object& data);

/// "list_rounds"; `filter.status` is sent upper-cased (the RoundStatus enum).
operation list_rounds_query(int tournament, const round_filter& filter);
std::vector<round> decode_rounds(const boost::json::object& data);

/// "check_round_open".
operation round_open_query(int tournament);
/// openTime < now < closeStakingTime; false when there is no current round (empty list,
/// null first element) or either time is null.
bool decode_round_open(const boost::json::object& data, timestamp now);

/// "check_new_round".
operation new_round_query(int tournament);
/// openTime > now - hours; false when there is no current round or openTime is null.
bool decode_new_round(const boost::json::object& data, std::chrono::hours hours, timestamp now);

/// "pipeline_status": numerapi's pipelineStatus query. The API names the tournament
/// "classic" for 8 and "signals" for every other; `date` (YYYY-MM-DD) is sent only when
/// given, and the server then takes its own today.
operation pipeline_status_query(int tournament, std::optional<std::chrono::year_month_day> date);
/// data.pipelineStatus; null is an error.
pipeline_status_report decode_pipeline_status(const boost::json::object& data);

} // namespace numerapi::detail
