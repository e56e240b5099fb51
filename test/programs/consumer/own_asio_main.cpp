// A consumer with Asio of its own, built by install_test.sh twice: with Asio header-only,
// and with Asio compiled by the consumer itself (BOOST_ASIO_SEPARATE_COMPILATION and
// asio_src.cpp). numerapi's calls complete plain callbacks, next to the consumer's own
// timer (own_asio_timer.cpp, a translation unit that knows nothing of numerapi), on one
// io_context; a failed handshake is told by its numerapi::condition.
//   own_asio API_URL CA_FILE
#include <numerapi/client.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>

#include <iostream>
#include <memory>

std::shared_ptr<const int> tick_three_times(boost::asio::io_context& ioc); // own_asio_timer.cpp

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    numerapi::client_options options;
    options.api_url = argv[1];
    options.ca_file = argv[2];
    boost::asio::io_context ioc;
    numerapi::client api{ioc.get_executor(), options};

    int round = 0;
    boost::system::error_code round_error;
    api.get_current_round(std::nullopt, [&](boost::system::error_code ec, int n) {
        round_error = ec;
        round = n;
    });
    numerapi::diagnostics diag;
    boost::system::error_code missing;
    api.get_profile("no_such_model", std::nullopt,
                    numerapi::with_diagnostics(
                        [&](boost::system::error_code ec, numerapi::diagnostics d, const numerapi::profile&) {
                            missing = ec;
                            diag = std::move(d);
                        }));
    // The sandbox's certificate is not among the system's trusted ones: the handshake fails
    // with a code of Asio's SSL category, the shared library's copy of it (printed: the
    // consumer's own is another object), which the consumer tells by its condition.
    numerapi::client_options system_cas;
    system_cas.api_url = argv[1];
    numerapi::client untrusting{ioc.get_executor(), system_cas};
    boost::system::error_code untrusted;
    untrusting.get_current_round(std::nullopt, [&](boost::system::error_code ec, int) { untrusted = ec; });
    const auto ticks = tick_three_times(ioc);
    ioc.run();
    if (round_error) {
        std::cout << "get_current_round failed: " << round_error.message() << '\n';
        return 1;
    }
    std::cout << "current round " << round << "; own timer ticked " << *ticks << " times; unknown model: "
              << (missing == numerapi::errc::graphql_error ? "graphql_error" : missing.message()) << " from "
              << diag.operation
              << "; untrusted server: " << (untrusted == numerapi::condition::tls ? "tls" : untrusted.message()) << " ("
              << (untrusted.category() == boost::asio::error::get_ssl_category() ? "the consumer's" : "another")
              << " copy of Asio's SSL category)\n";
}
