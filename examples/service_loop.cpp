// Embedding numerapi-cpp in a service: one io_context runs the service's own work (here a
// heartbeat) next to API calls, each bounded by a deadline with Asio's awaitable operators.
// Nothing blocks: while a call waits for the network, the heartbeat keeps beating. The
// library's events (client_options::events) are counted into the service's own metrics.
//
//   usage: service_loop [--api-url URL] [--ca-file PEM] [--rounds N]
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <cstring>
#include <functional>
#include <iostream>

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

namespace {

/// The service's own counters, fed by the library's events: what a Prometheus or StatsD
/// client would be given. The sink runs on the client's strand; here one thread runs the
/// io_context, so plain counters do. (With more threads, make them atomic.)
struct service_metrics {
    unsigned attempts = 0, http_errors = 0, network_errors = 0, retries = 0, pauses = 0, rollover_waits = 0;
    std::uint64_t bytes_in = 0;
    std::chrono::milliseconds time_in_requests{};

    void operator()(const numerapi::event& e) {
        switch (e.what) {
            case numerapi::event::kind::attempt:
                ++attempts;
                bytes_in += e.bytes_received;
                time_in_requests += e.duration;
                if (e.error) ++network_errors;
                else if (e.http_status >= 400) ++http_errors;
                break;
            case numerapi::event::kind::retry: ++retries; break;
            case numerapi::event::kind::rate_limit_pause: ++pauses; break;
            case numerapi::event::kind::rollover_wait: ++rollover_waits; break;
        }
    }
};

/// Runs `call` with a deadline: its result, or nullopt if the deadline came first (the call
/// is then cancelled cleanly).
template <class T>
asio::awaitable<std::optional<T>> with_deadline(asio::awaitable<T> call, std::chrono::milliseconds limit) {
    const auto executor = co_await asio::this_coro::executor; // awaited apart: GCC 12 and braces
    asio::steady_timer deadline(executor, limit);
    auto r = co_await (std::move(call) || deadline.async_wait(asio::use_awaitable));
    if (r.index() == 0) co_return std::get<0>(std::move(r));
    co_return std::nullopt;
}

asio::awaitable<void> heartbeat(bool& running, int& beats) {
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer t(executor);
    while (running) {
        ++beats;
        t.expires_after(50ms);
        co_await t.async_wait(asio::use_awaitable);
    }
}

asio::awaitable<void> service(numerapi::client& api, int rounds, bool& running) {
    for (int i = 0; i < rounds; ++i) {
        auto round = co_await with_deadline(api.get_current_round(), 5s);
        auto fresh = co_await with_deadline(api.check_new_round(std::chrono::hours{24}), 5s);
        auto files = co_await with_deadline(api.list_datasets(), 5s);
        if (!round || !fresh || !files) {
            std::cout << "tick " << i << ": a call missed its deadline\n";
        } else {
            std::cout << "tick " << i << ": round " << *round << ", new: " << std::boolalpha << *fresh << ", "
                      << files->size() << " dataset files\n";
        }
    }
    // A deadline that is bound to fire: the call is cancelled and the service goes on.
    auto hurried = co_await with_deadline(api.list_rounds(), 0ms);
    std::cout << "a call with no time at all: " << (hurried ? "answered" : "cancelled cleanly") << '\n';
    running = false;
}

} // namespace

int main(int argc, char** argv) {
    numerapi::client_options options;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--api-url") && i + 1 < argc) options.api_url = argv[++i];
        else if (!std::strcmp(argv[i], "--ca-file") && i + 1 < argc) options.ca_file = argv[++i];
        else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::atoi(argv[++i]);
        else {
            std::cerr << "usage: service_loop [--api-url URL] [--ca-file PEM] [--rounds N]\n";
            return 2;
        }
    }
    service_metrics metrics;
    options.events = std::ref(metrics);
    asio::io_context ioc;
    numerapi::client api{ioc.get_executor(), options};
    bool running = true;
    int beats = 0;
    std::exception_ptr failure;
    asio::co_spawn(ioc, heartbeat(running, beats), asio::detached);
    asio::co_spawn(ioc, service(api, rounds, running), [&](std::exception_ptr e) { failure = e; });
    ioc.run();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            std::cerr << "service failed: " << e.what() << '\n';
            return 1;
        }
    }
    std::cout << "heartbeats meanwhile: " << beats << '\n';
    std::cout << "metrics: " << metrics.attempts << " attempts (" << metrics.http_errors << " HTTP errors, "
              << metrics.network_errors << " network errors), " << metrics.retries << " retries, " << metrics.pauses
              << " rate-gate pauses, " << metrics.bytes_in << " bytes in, " << metrics.time_in_requests.count()
              << " ms in requests\n";
    return 0;
}
