// Benchmark: uploads FILE to an https URL with numerapi::client::upload (one streaming PUT,
// Content-Length, no chunking). Prints one JSON line with its own peak RSS.
//   usage: bench_uploads --ca-file PEM [--buffer-size BYTES] URL FILE
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstring>
#include <iostream>

namespace asio = boost::asio;

int main(int argc, char** argv) {
    numerapi::client_options options;
    numerapi::upload_options upload;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--ca-file") && i + 1 < argc) options.ca_file = argv[++i];
        else if (!std::strcmp(argv[i], "--buffer-size") && i + 1 < argc) upload.buffer_size = std::stoul(argv[++i]);
        else args.emplace_back(argv[i]);
    }
    if (args.size() != 2) {
        std::cerr << "usage: bench_uploads --ca-file PEM [--buffer-size BYTES] URL FILE\n";
        return 2;
    }
    try {
        asio::io_context ioc{1};
        numerapi::client api{ioc.get_executor(), options};
        const auto start = std::chrono::steady_clock::now();
        auto done = asio::co_spawn(ioc, api.upload(args[0], args[1], upload), asio::use_future);
        ioc.run();
        const auto r = done.get();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::cout << R"({"tool":"numerapi-cpp","bytes":)" << r.size << R"(,"seconds":)" << seconds << R"(,"status":)"
                  << r.http_status << R"(,"md5":")" << r.md5_hex << R"(","etag":")"
                  << (r.etag.empty() ? "" : r.etag.substr(1, 32)) << R"(","max_rss_kib":)" << usage.ru_maxrss << "}\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_uploads: " << e.what() << '\n';
        return 1;
    }
}
