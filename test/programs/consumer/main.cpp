// The smallest program on an installed numerapi: the current round.
//   consumer API_URL CA_FILE
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    numerapi::client_options options;
    options.api_url = argv[1];
    options.ca_file = argv[2];
    boost::asio::io_context ioc;
    numerapi::client api{ioc.get_executor(), options};
    auto round = boost::asio::co_spawn(ioc, api.get_current_round(), boost::asio::use_future);
    ioc.run();
    std::cout << "current round " << round.get() << " (numerapi " << NUMERAPI_VERSION_STRING << ")\n";
}
