// A client whose every request goes to a scripted_transport: the tests' way to drive the
// transfer engines and the API calls without sockets.
#pragma once

#include "numerapi/access.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/scripted_transport.hpp"

#include <numerapi/client.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace numerapi::test {

/// The file the tests' scripted file host serves: 5000 bytes, the alphabet over and over.
inline const std::string file_bytes = [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += static_cast<char>('a' + i % 26);
    return s;
}();

struct scripted_client {
    boost::asio::io_context ioc;
    std::shared_ptr<scripted_transport::script> script = std::make_shared<scripted_transport::script>();
    temp_dir dir;
    client api =
        detail::access::make_client(ioc.get_executor(), options(), std::make_unique<scripted_transport>(script));

    static client_options options() {
        client_options o;
        o.api_url = "https://api.example.test/graphql";
        o.keys = credentials{"PUBLICID", "VERYSECRETKEY"};
        o.backoff = {.initial = std::chrono::milliseconds{1}, .maximum = std::chrono::milliseconds{2}};
        return o;
    }
    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }
};

} // namespace numerapi::test
