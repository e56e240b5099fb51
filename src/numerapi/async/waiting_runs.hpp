// The offloaded runs (offload.hpp) that will resume on one loop: an execution_context
// service, so that the loop's shutdown reaches them. A run's work may still be on the
// blocking pool when its caller's io_context is stopped and destroyed; the shutdown then
// lets go of each waiting run's handler and work count, on the thread destroying the loop,
// and the run, when its work ends, finds the loop gone and posts nothing to it.
#pragma once

#include <boost/asio/execution_context.hpp>

#include <memory>
#include <mutex>
#include <unordered_map>

namespace numerapi::detail {

/// A run that waits to resume on a loop.
class waiting_run {
public:
    virtual ~waiting_run() = default;
    /// The loop is shutting down and the run will not resume: let go of what belongs to the
    /// loop (the handler, its executor, the loop's work count), here.
    virtual void drop() noexcept = 0;
};

/// What a loop's service shares with its runs; it outlives the loop.
struct waiting_runs_state {
    std::mutex mutex;
    bool shut_down = false; ///< the loop is gone, or going: post nothing to it
    std::unordered_map<const waiting_run*, std::weak_ptr<waiting_run>> waiting;
};

class waiting_runs final : public boost::asio::execution_context::service {
public:
    static boost::asio::execution_context::id id;

    explicit waiting_runs(boost::asio::execution_context& loop);
    const std::shared_ptr<waiting_runs_state>& state() const { return state_; }

private:
    void shutdown() override;

    std::shared_ptr<waiting_runs_state> state_;
};

} // namespace numerapi::detail
