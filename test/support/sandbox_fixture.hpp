// Test support: an in-process numerapi-sandbox on its own thread, and a way to run a
// coroutine to completion on a test's io_context.
#pragma once

#include "sandbox/sandbox.hpp"

#include <numerapi/client_options.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

namespace numerapi::test {

/// A fault plan's rules, from JSON: one rule or a list of them.
inline std::vector<sandbox::faults::fault_rule> fault_rules(const char* json) {
    return sandbox::faults::fault_plan::parse(json);
}

/// A fresh temporary directory, removed with everything in it on destruction.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

class running_sandbox {
public:
    /// Starts a sandbox with `config` (its state_dir is replaced by a temporary one).
    explicit running_sandbox(sandbox::sandbox_config config = small_config());
    ~running_sandbox();

    const sandbox::ready_info& ready() const { return box_->ready(); }
    sandbox::http::request_log& log() { return box_->log(); }
    sandbox::faults::fault_plan& faults() { return box_->faults(); }
    /// Client options pointing at this sandbox, with its keys.
    client_options options() const;

    /// Datasets of 64 KiB so that tests stay fast.
    static sandbox::sandbox_config small_config();

private:
    temp_dir dir_;
    boost::asio::io_context ioc_;
    std::unique_ptr<sandbox::sandbox> box_;
    std::thread thread_;
};

/// Runs `task` on `ioc` until it completes; returns its result or rethrows its exception.
template <class T>
T run(boost::asio::io_context& ioc, boost::asio::awaitable<T> task) {
    auto future = boost::asio::co_spawn(ioc, std::move(task), boost::asio::use_future);
    ioc.restart();
    ioc.run();
    return future.get();
}

} // namespace numerapi::test
