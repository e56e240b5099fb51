// detail::call_context: what every operation runs over (operations/*.cpp, the round
// watcher's look): the client's shared state (endpoint, connections, rate gate, clock,
// blocking executor) and the policies of the client or view that started the call. A
// client is a handle on one; with() makes another that shares the state.
#pragma once

#include <numerapi/client.hpp>

#include "numerapi/graphql/call.hpp"
#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/tls_context.hpp"
#include "numerapi/http/exchange.hpp"
#include "numerapi/http/observed_exchanger.hpp"
#include "numerapi/retry/clock.hpp"
#include "numerapi/retry/rate_gate.hpp"
#include "numerapi/retry/retry_loop.hpp"
#include "numerapi/transfer/transfer_context.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

namespace numerapi {
namespace asio = boost::asio;
using detail::failure;
using detail::make_failure;
using detail::operation;
using detail::outcome;
} // namespace numerapi

namespace numerapi::detail {

/// What a client and the views made by with() share: connections, the rate gate, time.
struct client_state {
    client_state(client::executor_type ex, client_options o, std::unique_ptr<detail::exchanger> n,
                 std::shared_ptr<detail::clock> c)
        : executor(std::move(ex)), strand(asio::make_strand(executor)),
          options(std::move(o)), endpoint{detail::parse_https_url(options.api_url).value(), options.keys,
                                          options.user_agent},
          tls(detail::make_tls_context(options.ca_file)),
          time(c ? std::move(c) : std::make_shared<detail::steady_clock_source>()),
          gate(*time, options.rate_limit, &options.events),
          pool(tls,
               detail::pool_options{options.max_connections_per_host,
                                    options.idle_timeout,
                                    {options.connect_timeout, options.handshake_timeout},
                                    options.proxy ? std::optional{detail::make_proxy_route(*options.proxy)}
                                                  : std::nullopt,
                                    [this](const std::string& origin) { return gate.admit(origin); },
                                    options.resume_tls_sessions}),
          own_pool(options.blocking_executor ? std::nullopt : std::make_optional<asio::thread_pool>(2)),
          blocking(options.blocking_executor ? options.blocking_executor : own_pool->get_executor()),
          network(n ? std::move(n)
                    : std::make_unique<detail::pooled_exchanger>(
                          pool,
                          detail::exchange_limits{.read_timeout = options.read_timeout,
                                                  .user_agent = options.user_agent})) {
        if (options.events) network = std::make_unique<detail::observed_exchanger>(std::move(network), options.events);
    }

    client::executor_type executor;
    /// Every call of the client and its views runs here: nothing below is locked.
    asio::strand<client::executor_type> strand;
    client_options options;
    detail::graphql_endpoint endpoint;
    asio::ssl::context tls;
    std::shared_ptr<detail::clock> time;
    detail::rate_gate gate;
    detail::connection_pool pool;
    /// The client's own pool for blocking work, when client_options::blocking_executor is
    /// empty; joined when the last of the client and its views is gone.
    std::optional<asio::thread_pool> own_pool;
    /// Where work that would block the caller's loop runs (async/offload.hpp).
    asio::any_io_executor blocking;
    /// Every request of the client goes through it: the pooled network, or a test's script.
    std::unique_ptr<detail::exchanger> network;
    std::mt19937_64 random{std::random_device{}()};
};

/// What an operation runs over: the shared state, and the policies of the client or view
/// that started it.
class call_context {
public:
    call_context(std::shared_ptr<client_state> state, call_policies p) : shared(std::move(state)), policies(p) {}

    std::shared_ptr<client_state> shared;
    call_policies policies;

    const client_options& options() const { return shared->options; }
    int tournament(std::optional<numerapi::tournament> t) const { return number_of(t.value_or(options().tournament)); }
    /// A round's number for the queries, which take it as the API does.
    static std::optional<int> round_value(std::optional<round_number> round) {
        return round ? std::optional(round->value()) : std::nullopt;
    }
    detail::retry_context retrying() const {
        return {*shared->time, shared->gate, shared->random, &shared->options.events};
    }
    /// Another context over the same state, with other policies.
    std::shared_ptr<call_context> with(call_policies p) const { return std::make_shared<call_context>(shared, p); }

    /// Every GraphQL call goes through here: the one retry loop around one attempt.
    asio::awaitable<outcome<boost::json::object>> run(operation op);

    /// What every transfer of this client shares: the pool, the timeouts and the retry loop.
    detail::transfer_context transfer_context() const {
        return {*shared->network, {policies.retry, policies.backoff, true}, retrying(), shared->blocking};
    }

    /// Runs `op` and decodes its data; a decoder's complaint (std::invalid_argument, thrown
    /// by the decoders of api/ as they walk the JSON) becomes errc::invalid_response.
    template <class Decode>
    auto run_decoded(operation op, Decode decode) -> asio::awaitable<outcome<decltype(decode(boost::json::object{}))>> {
        const std::string name = op.name;
        const outcome<boost::json::object> data = co_await run(std::move(op));
        if (!data) co_return data.error();
        std::optional<std::string> complaint;
        try {
            co_return decode(*data);
        } catch (const std::invalid_argument& e) {
            complaint = e.what();
        }
        diagnostics d;
        d.operation = name;
        d.http_status = 200;
        d.client_message = std::move(*complaint);
        d.attempts = 1;
        co_return failure(make_error_code(errc::invalid_response), std::move(d));
    }

    /// An operation from its builder; the builder's complaint about the arguments (a bad
    /// tournament, a negative page) becomes errc::invalid_argument, and nothing is sent.
    template <class Build>
    static outcome<operation> checked(std::string_view name, Build build) {
        try {
            return build();
        } catch (const std::invalid_argument& e) {
            return make_failure(errc::invalid_argument, std::string(name), e.what());
        }
    }

    /// Whether `tournament`'s current round is open now. Between rounds the API answers with
    /// an error that judge() calls round_changing: here that is the answer false.
    asio::awaitable<outcome<bool>> round_open(int tournament);
    /// A model id as is; an account model's name through get_models.
    asio::awaitable<outcome<std::string>> model_id(std::string model);
    /// One of the account's models, given by id or by name (one get_models call).
    asio::awaitable<outcome<numerapi::model>> account_model(std::string model, std::string_view operation_name);
    static bool looks_like_uuid(const std::string& s);
};

} // namespace numerapi::detail
