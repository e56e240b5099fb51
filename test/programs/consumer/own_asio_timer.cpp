// The consumer's own Asio code: no numerapi header here.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>

namespace {
struct ticker {
    explicit ticker(boost::asio::steady_timer t) : timer(std::move(t)) {}
    boost::asio::steady_timer timer;
    int count = 0;
    void next() {
        timer.expires_after(std::chrono::milliseconds(1));
        timer.async_wait([this](boost::system::error_code ec) {
            if (!ec && ++count < 3) next();
        });
    }
};
} // namespace

/// Ticks three times, a millisecond apart; the result counts the ticks.
std::shared_ptr<const int> tick_three_times(boost::asio::io_context& ioc) {
    auto t = std::make_shared<ticker>(boost::asio::steady_timer(ioc));
    t->next();
    return {t, &t->count};
}
