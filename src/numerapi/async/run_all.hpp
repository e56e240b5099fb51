// Structured concurrency for a batch of coroutines: run them all on the caller's executor
// and wait for every one of them. If the caller is cancelled, every task is cancelled
// (terminal) and still awaited before the caller sees operation_aborted, so no task
// outlives the call that started it.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <vector>

namespace numerapi::detail {

using task_factory = std::function<boost::asio::awaitable<void>()>;

/// Runs `tasks` concurrently; rethrows the first failure once all have ended.
boost::asio::awaitable<void> run_all(std::vector<task_factory> tasks);

} // namespace numerapi::detail
