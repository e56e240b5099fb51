#include "numerapi/async/waiting_runs.hpp"

#include <vector>

namespace numerapi::detail {

boost::asio::execution_context::id waiting_runs::id;

waiting_runs::waiting_runs(boost::asio::execution_context& loop)
    : boost::asio::execution_context::service(loop), state_(std::make_shared<waiting_runs_state>()) {}

void waiting_runs::shutdown() {
    decltype(state_->waiting) waiting;
    {
        const std::lock_guard lock(state_->mutex);
        state_->shut_down = true;
        waiting.swap(state_->waiting); // nothing that allocates (or ends a run) under the lock
    }
    std::vector<std::shared_ptr<waiting_run>> runs;
    for (auto& [_, run] : waiting)
        if (auto alive = run.lock()) runs.push_back(std::move(alive));
    // Outside the lock: dropping a handler destroys coroutine frames, whose destructors may
    // end other runs (a client's own pool is joined when its last call is gone).
    for (auto& run : runs) run->drop();
}

} // namespace numerapi::detail
