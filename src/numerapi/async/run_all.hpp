// Structured concurrency for a batch of coroutines: run them all on the caller's executor
// and wait for every one of them. If the caller is cancelled, every task is cancelled
// (terminal) and still awaited before the caller sees operation_aborted, so no task
// outlives the call that started it.
#pragma once

#include <numerapi/detail/outcome.hpp>

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <vector>

namespace numerapi::detail {

using task_factory = std::function<boost::asio::awaitable<outcome<void>>()>;

/// Runs `tasks` concurrently and, once all have ended, returns operation_aborted if the
/// caller was cancelled, else the failure of the first task to fail, in time; if that task
/// threw instead, its exception is rethrown.
boost::asio::awaitable<outcome<void>> run_all(std::vector<task_factory> tasks);

} // namespace numerapi::detail
