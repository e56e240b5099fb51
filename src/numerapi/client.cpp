// numerapi::client itself: a handle on a call context, and the views that share its state.
// Its calls are operations (operations/*.cpp), started by detail::start_call.
#include "numerapi/call_context.hpp"

#include "numerapi/access.hpp"
#include "numerapi/http/header_fields.hpp"

#include <chrono>

namespace numerapi {

client::client(executor_type executor, client_options options)
    : client(detail::access::make_client(std::move(executor), std::move(options), nullptr, nullptr)) {}

client::client(std::shared_ptr<detail::call_context> context) : context_(std::move(context)) {}

client::~client() = default;
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

client::executor_type client::get_executor() const { return context_->shared->executor; }
const client_options& client::options() const { return context_->options(); }

client client::with(call_policies policies) const { return client(context_->with(policies)); }

namespace detail {

client access::make_client(client::executor_type executor, client_options options, std::unique_ptr<exchanger> network,
                           std::shared_ptr<clock> clock) {
    if (auto bad = invalid_header_field("User-Agent", options.user_agent, "client")) throw error(bad->code, bad->diag);
    const call_policies policies{options.retry, options.backoff};
    auto state =
        std::make_shared<client_state>(std::move(executor), std::move(options), std::move(network), std::move(clock));
    return client(std::make_shared<call_context>(std::move(state), policies));
}

call_launch launch_of(const call_context& context) {
    return {context.shared->strand, context.shared->executor, context.policies.retry.deadline};
}

} // namespace detail
} // namespace numerapi
