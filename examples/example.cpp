// The C++ counterpart of numerapi's original example.py: the current round, the datasets,
// your account and its models, and a public profile.
//
//   usage: example [--api-url URL] [--ca-file PEM] [--profile MODEL_NAME]
//   keys:  NUMERAI_PUBLIC_ID, NUMERAI_SECRET_KEY
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <cstring>
#include <exception>
#include <iostream>

namespace asio = boost::asio;

namespace {

asio::awaitable<void> tour(numerapi::client& api, std::string profile_name) {
    const int round = co_await api.get_current_round();
    std::cout << "current round: " << round << '\n';
    std::cout << "round open for submissions: " << std::boolalpha << co_await api.check_round_open() << '\n';

    std::cout << "datasets of round " << round << ":\n";
    for (const auto& name : co_await api.list_datasets()) std::cout << "  " << name << '\n';

    const numerapi::account me = co_await api.get_account();
    std::cout << "account: " << me.username << " (" << me.available_nmr.str() << " NMR available)\n";
    for (const auto& m : co_await api.get_models()) std::cout << "  model " << m.name << "  " << m.id << '\n';

    if (profile_name.empty() && !me.models.empty()) profile_name = me.models.front().name;
    if (!profile_name.empty()) {
        const numerapi::profile p = co_await api.get_profile(profile_name);
        std::cout << "profile of " << p.username << ": started "
                  << (p.start_date ? numerapi::format_timestamp(*p.start_date) : "?") << ", staked "
                  << (p.nmr_staked ? p.nmr_staked->str() : "0") << " NMR\n  " << p.bio << '\n';
    }
}

void print(const numerapi::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    const auto& d = e.diag();
    if (d.http_status != 0) std::cerr << "  HTTP status: " << d.http_status << '\n';
    for (const auto& m : d.server_messages) std::cerr << "  server: " << m << '\n';
}

} // namespace

int main(int argc, char** argv) {
    numerapi::client_options options;
    std::string profile_name;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (std::strcmp(argv[i], "--api-url") == 0 && has_value) options.api_url = argv[++i];
        else if (std::strcmp(argv[i], "--ca-file") == 0 && has_value) options.ca_file = argv[++i];
        else if (std::strcmp(argv[i], "--profile") == 0 && has_value) profile_name = argv[++i];
        else {
            std::cerr << "usage: example [--api-url URL] [--ca-file PEM] [--profile MODEL_NAME]\n"
                         "keys come from NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY\n";
            return 2;
        }
    }
    try {
        asio::io_context ioc;
        numerapi::client api{ioc.get_executor(), options};
        std::exception_ptr failure;
        asio::co_spawn(ioc, tour(api, profile_name), [&](std::exception_ptr e) { failure = e; });
        ioc.run();
        if (failure) std::rethrow_exception(failure);
        return 0;
    } catch (const numerapi::error& e) {
        print(e);
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
