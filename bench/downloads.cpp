// Benchmark: downloads the given https URLs into DIR with numerapi::client::download, all
// at once (the client's pool bounds the connections). Prints one JSON line.
//   usage: bench_downloads --ca-file PEM --dir DIR [--connections N] [--segments N] [--buffer-size BYTES] [--threads N] URL...
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

namespace asio = boost::asio;

int main(int argc, char** argv) {
    numerapi::client_options options;
    options.max_connections_per_host = 8;
    std::string dir;
    numerapi::download_options download;
    std::vector<std::string> urls;
    int threads = 1; // that run the io_context
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--ca-file") && i + 1 < argc) options.ca_file = argv[++i];
        else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
        else if (!std::strcmp(argv[i], "--connections") && i + 1 < argc)
            options.max_connections_per_host = std::stoul(argv[++i]);
        else if (!std::strcmp(argv[i], "--buffer-size") && i + 1 < argc) download.buffer_size = std::stoul(argv[++i]);
        else if (!std::strcmp(argv[i], "--segments") && i + 1 < argc)
            download.segments = static_cast<unsigned>(std::stoul(argv[++i]));
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::stoi(argv[++i]);
        else urls.emplace_back(argv[i]);
    }
    if (dir.empty() || urls.empty()) {
        std::cerr
            << "usage: bench_downloads --ca-file PEM --dir DIR [--connections N] [--segments N] [--buffer-size BYTES] [--threads N] URL...\n";
        return 2;
    }
    try {
        asio::io_context ioc{threads};
        numerapi::client api{ioc.get_executor(), options};
        std::uint64_t bytes = 0;
        std::exception_ptr failure;
        std::mutex done;
        const auto start = std::chrono::steady_clock::now();
        for (const auto& url : urls) {
            const std::string name = url.substr(url.rfind('/') + 1);
            asio::co_spawn(ioc, api.download(url, std::filesystem::path(dir) / name, download),
                           [&](std::exception_ptr e, numerapi::download_result r) {
                               const std::lock_guard hold(done); // several threads may end calls
                               if (e && !failure) failure = e;
                               bytes += r.size;
                           });
        }
        std::vector<std::thread> more;
        for (int t = 1; t < threads; ++t) more.emplace_back([&ioc] { ioc.run(); });
        ioc.run();
        for (auto& t : more) t.join();
        if (failure) std::rethrow_exception(failure);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << R"({"tool":"numerapi-cpp","bytes":)" << bytes << R"(,"seconds":)" << seconds << "}\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_downloads: " << e.what() << '\n';
        return 1;
    }
}
