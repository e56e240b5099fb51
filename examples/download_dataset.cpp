// Downloads every file of the current round's dataset in parallel, with progress.
//
//   usage: download_dataset DEST_DIR [--api-url URL] [--ca-file PEM] [--jobs N] [--tournament T]
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <unistd.h>

namespace asio = boost::asio;

int main(int argc, char** argv) {
    numerapi::client_options options;
    numerapi::dataset_download_options download;
    std::string dest;
    auto tournament = numerapi::tournament::classic;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (std::strcmp(argv[i], "--api-url") == 0 && has_value) options.api_url = argv[++i];
        else if (std::strcmp(argv[i], "--ca-file") == 0 && has_value) options.ca_file = argv[++i];
        else if (std::strcmp(argv[i], "--jobs") == 0 && has_value) download.concurrency = std::stoul(argv[++i]);
        else if (std::strcmp(argv[i], "--tournament") == 0 && has_value)
            tournament = numerapi::tournament(std::stoi(argv[++i]));
        else if (argv[i][0] != '-' && dest.empty()) dest = argv[i];
        else dest.clear(), i = argc;
    }
    if (dest.empty()) {
        std::cerr << "usage: download_dataset DEST_DIR [--api-url URL] [--ca-file PEM] [--jobs N] [--tournament T]\n";
        return 2;
    }

    // Progress of every file, summed; redrawn in place on a terminal, every 10 % otherwise.
    std::map<std::string, numerapi::transfer_progress> files;
    const bool tty = ::isatty(STDOUT_FILENO) != 0;
    int last_decile = -1;
    const auto start = std::chrono::steady_clock::now();
    download.download.on_progress = [&](const numerapi::transfer_progress& p) {
        files[p.file] = p;
        std::uint64_t done = 0, total = 0;
        for (const auto& [name, f] : files) {
            done += f.bytes_done;
            total += f.bytes_total.value_or(f.bytes_done);
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (total == 0) return; // no sizes known yet
        const int percent = static_cast<int>(100 * done / total);
        if (!tty && percent / 10 == last_decile) return;
        last_decile = percent / 10;
        std::cout << (tty ? "\r" : "") << files.size() << " files, " << done / (1 << 20) << " of " << total / (1 << 20)
                  << " MiB (" << percent << " %), " << std::fixed << std::setprecision(0)
                  << (seconds > 0 ? done / seconds / (1 << 20) : 0.0) << " MiB/s" << (tty ? "   " : "\n") << std::flush;
    };

    try {
        asio::io_context ioc;
        numerapi::client api{ioc.get_executor(), options};
        auto future = asio::co_spawn(ioc, api.download_current_dataset(dest, download, tournament), asio::use_future);
        ioc.run();
        const auto result = future.get();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::uint64_t bytes = 0;
        if (tty) std::cout << '\n';
        for (const auto& f : result.files) {
            bytes += f.size;
            std::cout << "  " << f.path.string() << "  " << f.size << " bytes"
                      << (f.attempts > 1 ? "  (" + std::to_string(f.attempts) + " attempts)" : "") << '\n';
        }
        std::cout << result.files.size() << " files, " << bytes / (1 << 20) << " MiB in " << std::setprecision(1)
                  << seconds << " s\n";
        return 0;
    } catch (const numerapi::error& e) {
        std::cerr << "error: " << e.what() << '\n';
        for (const auto& m : e.diag().server_messages) std::cerr << "  server: " << m << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
