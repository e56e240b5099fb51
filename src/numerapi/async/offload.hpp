// Work that grows with its input (a predictions check, a whole file's MD5, an fsync, a ZIP
// extraction) off the loop that runs the client: it runs on the blocking executor
// (client_options::blocking_executor, or the client's own small pool), and the awaiting
// coroutine resumes on its own executor with what the work returned, as an outcome (work
// that returns an outcome hands it on as it is). The caller's loop keeps running meanwhile.
// What the work throws (std::bad_alloc) is no failure of the work's: it is rethrown in the
// awaiting coroutine.
//
// A cancellation of the awaiting coroutine (a caller's cancel, the call's deadline) asks
// the work to stop (work that takes a `const std::atomic<bool>& stop` may poll it) and ends
// the wait with an operation_aborted failure that carries the diagnostics given to
// offload(): at once for work whose only effect is its result, which then finishes on the
// pool with its result dropped; once it has stopped for work that writes files
// (when_cancelled). The work must own everything it uses (copies, shared_ptrs): it may
// outlive the call.
//
// Whatever happens to the pool or the loop, the coroutine resumes once or is destroyed with
// its loop, never both and never on a loop that is gone:
// - a pool that is destroyed before it runs the work resumes it with operation_aborted;
// - a loop that is shut down while its work is on the pool lets go of the coroutine there
//   and then (waiting_runs.hpp), and the work's end posts nothing to it.
#pragma once

#include "numerapi/async/waiting_runs.hpp"

#include <numerapi/detail/outcome.hpp>
#include <numerapi/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace numerapi::detail {

/// What a cancellation of the awaiting call does to an offloaded run. Either way the work
/// is asked to stop (the flag it may take).
enum class when_cancelled {
    /// The wait ends at once; the work finishes unseen. For work whose only effect is its
    /// result (a check, a hash, an fsync).
    end_the_wait,
    /// The wait ends when the work has stopped. For work that writes files (an allocation,
    /// an extraction): a retried call must never meet it still writing.
    stop_the_work_first,
};

namespace offload_detail {

/// What `work` returns, called with the stop flag or with nothing.
template <class Work>
auto call_work(Work& work, const std::atomic<bool>& stop) {
    if constexpr (std::is_invocable_v<Work&, const std::atomic<bool>&>) return work(stop);
    else return work();
}
template <class Work>
using work_result_t = decltype(call_work(std::declval<Work&>(), std::declval<const std::atomic<bool>&>()));

/// What the awaiting coroutine gets for work that returns T: outcome<T>, or T itself when it
/// is an outcome already.
template <class T>
struct as_outcome {
    using type = outcome<T>;
};
template <class T>
struct as_outcome<outcome<T>> {
    using type = outcome<T>;
};
template <class Work>
using offload_result_t = typename as_outcome<work_result_t<Work>>::type;

/// One offloaded run: completes its handler once, whoever comes first (the work, a
/// cancellation unless the work must end first, a pool that drops the work), by posting it
/// to the handler's executor.
template <class Result, class Handler>
class run final : public waiting_run, public std::enable_shared_from_this<run<Result, Handler>> {
public:
    using executor_type = boost::asio::associated_executor_t<Handler>;

    run(Handler handler, diagnostics on_cancel, when_cancelled policy)
        : slot_(boost::asio::get_associated_cancellation_slot(handler)),
          executor_(boost::asio::get_associated_executor(handler)),
          // The caller's loop must not run out of work while the pool has it.
          tracked_(boost::asio::prefer(boost::asio::any_io_executor(*executor_),
                                       boost::asio::execution::outstanding_work.tracked)),
          handler_(std::move(handler)), on_cancel_(std::move(on_cancel)), policy_(policy),
          loop_(boost::asio::use_service<waiting_runs>(boost::asio::query(*executor_, boost::asio::execution::context))
                    .state()),
          plain_(plain_executor_of(*executor_)) {}

    /// Listens to the caller's cancellation and joins its loop's waiting runs.
    void start() {
        {
            const std::lock_guard lock(loop_->mutex);
            loop_->waiting.emplace(this, this->weak_from_this());
        }
        // A weak reference: the slot lives in the handler, which the run holds.
        if (slot_.is_connected())
            slot_.assign([weak = this->weak_from_this()](boost::asio::cancellation_type) {
                if (const auto self = weak.lock()) self->cancel();
            });
    }

    void complete(std::exception_ptr failure, Result value) {
        if (dropped_.exchange(true)) return; // the other side came first
        const std::lock_guard lock(loop_->mutex);
        if (loop_->shut_down) return; // the loop let go of the handler (drop)
        loop_->waiting.erase(this);
        // The loop's things go with the posted resumption, so that they end on the loop (or
        // with it, if it is destroyed first), never here on a pool thread.
        auto resume = [handler = std::move(*handler_), slot = slot_, tracked = std::move(tracked_), failure,
                       value = std::move(value)]() mutable {
            slot.clear();
            tracked = boost::asio::any_io_executor();
            std::move(handler)(failure, std::move(value));
        };
        handler_.reset();
        // Two hops: the pool thread posts to the loop's plain executor, and the loop hands
        // the resumption to the handler's own (a strand, say). The handler's executor is
        // moved along, never copied or destroyed here: its reference count is only ever
        // touched on the loop.
        auto hop = [executor = std::move(*executor_), resume = std::move(resume)]() mutable {
            boost::asio::dispatch(executor, std::move(resume));
        };
        executor_.reset();
        boost::asio::post(*plain_, std::move(hop));
    }

    /// The caller cancelled: the work is asked to stop, and the wait ends now or when the
    /// work has ended (when_cancelled::stop_the_work_first).
    void cancel() {
        stop_ = true;
        // Work that must end first may end the wait now if it has not begun: it never will.
        phase expected = phase::queued;
        if (policy_ == when_cancelled::end_the_wait || phase_.compare_exchange_strong(expected, phase::given_up))
            abandon();
    }
    /// The pool is about to run the work: false if the call gave up on it before.
    bool begin() {
        phase expected = phase::queued;
        return phase_.compare_exchange_strong(expected, phase::running) && !stop_;
    }
    /// Ends the wait with the cancellation's failure, whatever the policy.
    void abandon() {
        stop_ = true;
        failure cancelled(boost::asio::error::operation_aborted, on_cancel_);
        complete(nullptr, Result(boost::system::in_place_error, std::move(cancelled)));
    }
    /// The work has ended: its outcome, or the cancellation's if it was asked to stop.
    void finish(std::exception_ptr failure, Result value) {
        if (stop_) abandon();
        else complete(failure, std::move(value));
    }

    void drop() noexcept override {
        stop_ = true;
        dropped_ = true;
        plain_.reset();
        handler_.reset();
        executor_.reset();
        tracked_ = boost::asio::any_io_executor();
    }

    /// Set once the result will not be used: work may poll it and stop early.
    const std::atomic<bool>& stop() const { return stop_; }
    bool completed() const { return dropped_; }

    ~run() override {
        const std::lock_guard lock(loop_->mutex);
        loop_->waiting.erase(this);
    }

private:
    boost::asio::cancellation_slot slot_;
    /// What the pool thread posts to: the executor under the handler's strand (the
    /// client's), which is the caller's io_context's, held in place: copies of it count no
    /// references. Otherwise the handler's own.
    static boost::asio::any_io_executor plain_executor_of(const executor_type& ex) {
        if constexpr (std::is_same_v<executor_type, boost::asio::any_io_executor>) {
            if (const auto* s = ex.template target<boost::asio::strand<boost::asio::any_io_executor>>())
                return s->get_inner_executor();
        }
        return boost::asio::any_io_executor(ex);
    }

    std::optional<executor_type> executor_;
    boost::asio::any_io_executor tracked_;
    std::optional<Handler> handler_;
    diagnostics on_cancel_;
    when_cancelled policy_;
    enum class phase { queued, running, given_up };
    std::atomic<phase> phase_{phase::queued};
    std::shared_ptr<waiting_runs_state> loop_;
    std::optional<boost::asio::any_io_executor> plain_;
    std::atomic<bool> stop_{false};    ///< the work should stop: its result will not be used
    std::atomic<bool> dropped_{false}; ///< completed (or dropped with the loop)
};

/// The work as the pool runs it. Destroyed without having run (a pool stopped or destroyed
/// first), it resumes the caller with operation_aborted rather than leave it waiting.
template <class Result, class Handler, class Work>
class pool_job {
public:
    pool_job(std::shared_ptr<run<Result, Handler>> r, Work work) : run_(std::move(r)), work_(std::move(work)) {}
    pool_job(pool_job&&) noexcept = default;
    pool_job& operator=(pool_job&&) = delete;
    ~pool_job() {
        if (run_) run_->abandon();
    }

    void operator()() {
        const auto r = std::move(run_);
        if (!r->begin()) { // cancelled before it began
            r->abandon();
            return;
        }
        std::exception_ptr failure;
        Result value = Result();
        try {
            value = work_(r->stop());
        } catch (...) {
            failure = std::current_exception();
        }
        r->finish(failure, std::move(value));
    }

private:
    std::shared_ptr<run<Result, Handler>> run_;
    Work work_;
};

} // namespace offload_detail

/// Runs `work` on `blocking` and resumes the calling coroutine with its result, or the
/// failure a cancellation ends the wait with; `on_cancel`: that failure's diagnostics,
/// `policy`: when (see when_cancelled). An empty `blocking` runs the work here, on the
/// caller's thread (the transfer engines' unit tests). See the top of this file.
template <class Work>
boost::asio::awaitable<offload_detail::offload_result_t<Work>>
offload(boost::asio::any_io_executor blocking, diagnostics on_cancel, Work work,
        when_cancelled policy = when_cancelled::end_the_wait) {
    using returned = offload_detail::work_result_t<Work>;
    using result = offload_detail::offload_result_t<Work>;
    auto valued = [work = std::move(work)](const std::atomic<bool>& stop) mutable -> result {
        if constexpr (std::is_void_v<returned>) {
            offload_detail::call_work(work, stop);
            return result();
        } else {
            return offload_detail::call_work(work, stop);
        }
    };
    if (!blocking) {
        const std::atomic<bool> never{false};
        co_return valued(never);
    }
    auto initiate = [blocking, policy](auto handler, diagnostics diag, auto job) {
        using run_type = offload_detail::run<result, decltype(handler)>;
        auto r = std::make_shared<run_type>(std::move(handler), std::move(diag), policy);
        try {
            r->start();
            boost::asio::post(blocking,
                              offload_detail::pool_job<result, decltype(handler), decltype(job)>(r, std::move(job)));
        } catch (...) {
            // The job, wherever the failure left it, has been destroyed unrun and ended the
            // wait with operation_aborted; or it never existed, and this does. Once either way.
            r->complete(std::current_exception(), result());
        }
    };
    result value =
        co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(std::exception_ptr, result)>(
            std::move(initiate), boost::asio::use_awaitable, std::move(on_cancel), std::move(valued));
    co_return value;
}

} // namespace numerapi::detail
