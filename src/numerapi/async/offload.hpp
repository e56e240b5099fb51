// Work that grows with its input (a predictions check, a whole file's MD5) off the loop that
// runs the client: it runs on the blocking executor (client_options::blocking_executor, or
// the client's own small pool), and the awaiting coroutine resumes on its own executor with
// what the work returned or threw. The caller's loop keeps running meanwhile.
//
// A cancellation of the awaiting coroutine (a caller's cancel, the call's deadline) ends the
// wait at once with operation_aborted: work already handed to the pool finishes there, and
// its result is dropped. So the work must own everything it uses (copies, shared_ptrs, a
// dup()'d descriptor): it may outlive the call that started it.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace numerapi::detail {

namespace offload_detail {

/// One offloaded run: completes its handler once, whoever comes first (the work or a
/// cancellation), on the handler's own executor, where the cancellation slot is cleared.
template <class Result, class Handler>
struct run_state {
    explicit run_state(Handler h)
        : handler(std::move(h)), slot(boost::asio::get_associated_cancellation_slot(handler)),
          executor(boost::asio::get_associated_executor(handler)),
          // The caller's loop must not run out of work while the pool has it.
          tracked(boost::asio::prefer(boost::asio::any_io_executor(executor),
                                      boost::asio::execution::outstanding_work.tracked)) {}

    static void complete(const std::shared_ptr<run_state>& self, std::exception_ptr failure, Result value) {
        if (self->done.exchange(true)) return; // the other side came first: dropped
        auto resume = [self, failure, value = std::move(value)]() mutable {
            self->slot.clear();
            self->tracked = boost::asio::any_io_executor();
            std::move(self->handler)(failure, std::move(value));
        };
        boost::asio::post(self->executor, std::move(resume));
    }

    Handler handler;
    boost::asio::cancellation_slot slot;
    boost::asio::associated_executor_t<Handler> executor;
    boost::asio::any_io_executor tracked;
    std::atomic<bool> done{false};
};

} // namespace offload_detail

/// Runs `work()` on `blocking` and resumes the calling coroutine with its result (a
/// default-constructible value) or its exception. See the top of this file.
template <class Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> offload(boost::asio::any_io_executor blocking, Work work) {
    using result = std::invoke_result_t<Work&>;
    auto initiate = [blocking](auto handler, Work work) {
        using state = offload_detail::run_state<result, decltype(handler)>;
        auto self = std::make_shared<state>(std::move(handler));
        if (self->slot.is_connected())
            self->slot.assign([self](boost::asio::cancellation_type) {
                state::complete(
                    self, std::make_exception_ptr(boost::system::system_error(boost::asio::error::operation_aborted)),
                    result());
            });
        boost::asio::post(blocking, [self, work = std::move(work)]() mutable {
            try {
                result r = work();
                state::complete(self, nullptr, std::move(r));
            } catch (...) {
                state::complete(self, std::current_exception(), result());
            }
        });
    };
    co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                                   void(std::exception_ptr, result)>(
        std::move(initiate), boost::asio::use_awaitable, std::move(work));
}

} // namespace numerapi::detail
