// A client of servers we did not write, for test/programs/foreign_servers_test.sh: runs the
// steps it is given in order, in one process with one numerapi::client (so kept-alive
// connections are reused across steps), and prints one JSON line per step (with the
// milliseconds it took).
//   foreign_server_client [--ca-file PEM] [--connect-timeout MS] [--max-attempts N] STEP...
//   STEP: get URL PATH [SEGMENTS] | put URL FILE | sleep MILLISECONDS
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;

namespace {

asio::awaitable<void> run_steps(numerapi::client& api, std::vector<std::string> args) {
    for (std::size_t i = 0; i < args.size();) {
        const std::string step = args[i++];
        boost::json::object out{{"step", step}};
        const auto start = std::chrono::steady_clock::now();
        try {
            if (step == "get") {
                const std::string url = args.at(i++), path = args.at(i++);
                numerapi::download_options options;
                if (i < args.size() && !args[i].empty() && std::isdigit(static_cast<unsigned char>(args[i][0])))
                    options.segments = static_cast<unsigned>(std::stoul(args[i++]));
                options.min_segment_size = 1u << 20;
                const auto r = co_await api.download(url, path, options);
                out["bytes"] = r.size;
                out["attempts"] = r.attempts;
                out["segments"] = r.segments;
                out["unchanged"] = r.unchanged;
            } else if (step == "put") {
                const std::string url = args.at(i++), file = args.at(i++);
                const auto r = co_await api.upload(url, file);
                out["bytes"] = r.size;
                out["attempts"] = r.attempts;
                out["status"] = r.http_status;
            } else if (step == "sleep") {
                std::this_thread::sleep_for(std::chrono::milliseconds{std::stol(args.at(i++))});
            } else {
                throw std::invalid_argument("unknown step " + step);
            }
            out["ok"] = true;
        } catch (const numerapi::error& e) {
            out["ok"] = false;
            out["error"] = e.what();
            out["attempts"] = e.diag().attempts;
            out["http_status"] = e.diag().http_status;
        }
        out["ms"] =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        std::cout << boost::json::serialize(out) << std::endl;
    }
}

} // namespace

int main(int argc, char** argv) {
    numerapi::client_options options;
    std::vector<std::string> steps;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--ca-file") && i + 1 < argc) options.ca_file = argv[++i];
        else if (!std::strcmp(argv[i], "--connect-timeout") && i + 1 < argc)
            options.connect_timeout = std::chrono::milliseconds{std::stol(argv[++i])};
        else if (!std::strcmp(argv[i], "--max-attempts") && i + 1 < argc)
            options.retry.max_attempts = static_cast<unsigned>(std::stoul(argv[++i]));
        else steps.emplace_back(argv[i]);
    }
    options.backoff.initial = std::chrono::milliseconds{10};
    asio::io_context ioc;
    numerapi::client api{ioc.get_executor(), options};
    auto done = asio::co_spawn(ioc, run_steps(api, std::move(steps)), asio::use_future);
    ioc.run();
    try {
        done.get();
    } catch (const std::exception& e) {
        std::cerr << "foreign_server_client: " << e.what() << '\n';
        return 1;
    }
}
