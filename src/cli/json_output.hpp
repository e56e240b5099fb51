// What the numerapi command prints: library values as JSON (numerapi's shapes: ISO times,
// decimals as strings), pretty for people, compact with --json.
#pragma once

#include <numerapi/round_watcher.hpp>
#include <numerapi/types.hpp>

#include <boost/json/value.hpp>

#include <string>

namespace numerapi::cli {

boost::json::value to_json(const round& r);
boost::json::value to_json(const account& a);
boost::json::value to_json(const profile& p);
boost::json::value to_json(const submission_score& s);
boost::json::value to_json(const submission& s);
boost::json::value to_json(const wallet_transaction& t);
boost::json::value to_json(const leaderboard_entry& e);
boost::json::value to_json(const daily_performance& d);
boost::json::value to_json(const stake_change_result& r);
boost::json::value to_json(const round_event& e);

/// Two-space indented JSON, as numerapi's CLI prints; numbers as Python writes them
/// (0.6638, not 6.638E-1). Exact decimals are strings already, and stay exact.
std::string pretty(const boost::json::value& v);
/// The same on one line (--json).
std::string compact(const boost::json::value& v);
// Both escape every control character in strings, DEL and C1 included (json::serialize
// escapes only C0): what a server said must not drive the terminal.

} // namespace numerapi::cli
