// Benchmark: N get_current_round calls with C concurrent coroutines over one client.
//   usage: bench_small_calls --api-url URL --ca-file PEM [--calls 1000] [--concurrency 1]
//          [--idle-timeout MS] [--resume-tls 1|0]
// --idle-timeout 0 makes every call open a new connection (its TLS handshake resumed or
// full, as --resume-tls says). Prints one JSON line: {"tool":"numerapi-cpp","calls":N,
// "concurrency":C,"seconds":S,"calls_per_second":R,"cpu_ms_per_call":M} (M: this process's
// user and system CPU time over the calls).
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstring>
#include <iostream>
#include <string>

#include <sys/resource.h>

namespace asio = boost::asio;

namespace {

/// This process's user and system CPU time so far, in seconds.
double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace

int main(int argc, char** argv) {
    numerapi::client_options options;
    int calls = 1000, concurrency = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--api-url")) options.api_url = argv[i + 1];
        else if (!std::strcmp(argv[i], "--ca-file")) options.ca_file = argv[i + 1];
        else if (!std::strcmp(argv[i], "--calls")) calls = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--concurrency")) concurrency = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--idle-timeout"))
            options.idle_timeout = std::chrono::milliseconds{std::stol(argv[i + 1])};
        else if (!std::strcmp(argv[i], "--resume-tls")) options.resume_tls_sessions = std::string(argv[i + 1]) != "0";
        else {
            std::cerr << "usage: bench_small_calls --api-url URL --ca-file PEM [--calls N] [--concurrency C]"
                         " [--idle-timeout MS] [--resume-tls 1|0]\n";
            return 2;
        }
    }
    options.max_connections_per_host = static_cast<std::size_t>(concurrency);
    try {
        asio::io_context ioc{1};
        numerapi::client api{ioc.get_executor(), options};
        int next = 0, failures = 0;
        auto worker = [&]() -> asio::awaitable<void> {
            while (next < calls) {
                ++next;
                if (co_await api.get_current_round() <= 0) ++failures;
            }
        };
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = cpu_seconds();
        for (int w = 0; w < concurrency; ++w)
            asio::co_spawn(ioc, worker(), [](std::exception_ptr e) {
                if (e) std::rethrow_exception(e);
            });
        ioc.run();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double cpu = cpu_seconds() - cpu_start;
        if (failures != 0) throw std::runtime_error("wrong answers: " + std::to_string(failures));
        std::cout << R"({"tool":"numerapi-cpp","calls":)" << calls << R"(,"concurrency":)" << concurrency
                  << R"(,"seconds":)" << seconds << R"(,"calls_per_second":)" << calls / seconds
                  << R"(,"cpu_ms_per_call":)" << cpu * 1000 / calls << "}\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_small_calls: " << e.what() << '\n';
        return 1;
    }
}
