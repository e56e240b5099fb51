// An exchanger that tells client_options::events of each attempt it passes on: the
// method, the host, the status, the bytes and the time it took. Put in front of the
// network only when a sink is set.
#pragma once

#include "numerapi/http/exchange.hpp"

#include <numerapi/events.hpp>

#include <memory>

namespace numerapi::detail {

class observed_exchanger final : public exchanger {
public:
    observed_exchanger(std::unique_ptr<exchanger> next, event_sink sink)
        : next_(std::move(next)), sink_(std::move(sink)) {}

    boost::asio::awaitable<outcome<exchange_result>> exchange(exchange_request request, sink_chooser choose) override;

private:
    std::unique_ptr<exchanger> next_;
    event_sink sink_;
};

} // namespace numerapi::detail
