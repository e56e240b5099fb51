// detail::access: the one way into a client's internals (client.hpp names it its only
// friend): the tests build clients over a scripted exchange and an injected clock, and
// round_watcher runs its looks over the client's call context. Not installed: a user builds
// a client with its public constructors.
#pragma once

#include <numerapi/client.hpp>

#include <memory>

namespace numerapi::detail {

class exchanger; // http/exchange.hpp
class clock;     // retry/clock.hpp

/// Not exported from the shared library: the tests link the static one (a symbol of ours in
/// libnumerapi.so must be declared in an installed header; test/programs/package_test.sh).
struct access {
    /// A client over a scripted exchange of requests (nullptr: the network) and an injected
    /// clock (nullptr: real time).
    static client make_client(client::executor_type executor, client_options options,
                              std::unique_ptr<exchanger> network, std::shared_ptr<clock> clock = nullptr);
    /// What `api`'s calls run over.
    static const std::shared_ptr<call_context>& context(const client& api) { return api.context_; }
};

} // namespace numerapi::detail
