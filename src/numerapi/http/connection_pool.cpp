#include "numerapi/http/connection_pool.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/redirect_error.hpp>

#include <deque>
#include <list>
#include <map>

namespace numerapi::detail {
namespace asio = boost::asio;

struct waiter;

struct pool_state {
    pool_state(asio::ssl::context& t, pool_options o) : tls(t), options(o) {
        if (options.resume_tls_sessions) sessions.emplace(t);
    }

    struct host {
        std::deque<std::unique_ptr<connection>> idle;
        std::size_t open = 0;       // idle + leased + connecting
        std::list<waiter*> waiters; // woken when a slot frees up
    };

    asio::ssl::context& tls;
    pool_options options;
    std::optional<tls_sessions> sessions; ///< what new connections to a host resume
    std::map<std::string, host> hosts;

    void wake_one(host& h);
};

/// A call waiting for a connection: woken by cancelling its timer (which never fires).
struct waiter {
    asio::steady_timer timer;
    bool woken = false;
};

void pool_state::wake_one(host& h) {
    if (h.waiters.empty()) return;
    waiter* w = h.waiters.front();
    h.waiters.pop_front();
    w->woken = true;
    w->timer.cancel();
}

namespace {
void close_quietly(connection& c) {
    boost::system::error_code ignored;
    boost::beast::get_lowest_layer(c.stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    boost::beast::get_lowest_layer(c.stream).socket().close(ignored);
}
} // namespace

lease::lease(std::shared_ptr<pool_state> pool, std::string origin, std::unique_ptr<connection> c)
    : pool_(std::move(pool)), origin_(std::move(origin)), connection_(std::move(c)) {}

lease::lease(lease&& other) noexcept
    : pool_(std::move(other.pool_)), origin_(std::move(other.origin_)), connection_(std::move(other.connection_)),
      reusable_(other.reusable_) {}

lease& lease::operator=(lease&& other) noexcept {
    if (this != &other) {
        give_back();
        pool_ = std::move(other.pool_);
        origin_ = std::move(other.origin_);
        connection_ = std::move(other.connection_);
        reusable_ = other.reusable_;
    }
    return *this;
}

lease::~lease() { give_back(); }

void lease::give_back() noexcept {
    if (!pool_) return;
    auto& h = pool_->hosts[origin_];
    if (connection_ && reusable_) {
        connection_->idle_since = std::chrono::steady_clock::now();
        connection_->reused = true;
        h.idle.push_back(std::move(connection_));
    } else {
        if (connection_) close_quietly(*connection_);
        connection_.reset();
        --h.open;
    }
    pool_->wake_one(h);
    pool_.reset();
    reusable_ = false;
}

connection_pool::connection_pool(asio::ssl::context& tls, pool_options options)
    : state_(std::make_shared<pool_state>(tls, options)) {}

connection_pool::~connection_pool() { close_idle(); }

asio::awaitable<outcome<lease>> connection_pool::acquire(https_url url, bool fresh) {
    outcome<lease> l = co_await connect(url, fresh);
    const auto& admit = state_->options.admit;
    if (!l || !admit) co_return l;
    const auto asked = std::chrono::steady_clock::now();
    boost::system::error_code refused;
    try {
        refused = co_await admit(url.origin());
    } catch (...) {         // Asio's cancellation, thrown at the co_await
        l->mark_reusable(); // nothing was sent on it
        throw;
    }
    if (refused) {
        l->mark_reusable(); // nothing was sent on it
        co_return not_connected(refused, "while connecting to " + url.host);
    }
    // A pause at the gate (after a 429 or a 503 with Retry-After) can outlast the server's
    // idle timeout: a connection that waited there is looked at again, and one the server
    // closed meanwhile is replaced, so that a request is never lost on a connection that
    // was dead before it was sent.
    const auto now = std::chrono::steady_clock::now();
    if (now - asked >= std::chrono::milliseconds{50} &&
        ((*l)->looks_closed() || ((*l)->server_closes_at && now >= *(*l)->server_closes_at))) {
        *l = lease{}; // given back (and closed) first: its slot may be the only one
        l = co_await connect(url, true);
    }
    co_return l;
}

asio::awaitable<outcome<lease>> connection_pool::connect(https_url url, bool fresh) {
    auto state = state_;
    const std::string origin = url.origin();
    for (;;) {
        auto& h = state->hosts[origin];
        const auto now = std::chrono::steady_clock::now();
        while (fresh && !h.idle.empty() && h.open >= state->options.max_per_host) {
            // A fresh connection is wanted and the host's slots are full: the oldest idle
            // one makes room; the others stay pooled.
            close_quietly(*h.idle.front());
            h.idle.pop_front();
            --h.open;
        }
        while (!fresh && !h.idle.empty()) {
            auto c = std::move(h.idle.back()); // the most recently used is the least likely stale
            h.idle.pop_back();
            const bool usable = now - c->idle_since < state->options.idle_timeout &&
                (!c->server_closes_at || now < *c->server_closes_at) && !c->looks_closed();
            if (usable) {
                lease reused(state, origin, std::move(c)); // named: no braced temporary in co_return (GCC 12)
                co_return reused;
            }
            close_quietly(*c);
            --h.open;
        }
        if (h.open < state->options.max_per_host) {
            ++h.open;
            const auto give_back_slot = [&] {
                auto& again = state->hosts[origin];
                --again.open;
                state->wake_one(again);
            };
            outcome<std::unique_ptr<connection>> c;
            try {
                c = co_await open_connection(state->tls, url, state->options.timeouts,
                                             state->options.proxy ? &*state->options.proxy : nullptr,
                                             state->sessions ? &*state->sessions : nullptr);
            } catch (...) { // Asio's cancellation, thrown at a co_await
                give_back_slot();
                throw;
            }
            if (!c) {
                give_back_slot();
                co_return c.error();
            }
            lease opened(state, origin, std::move(*c)); // named: no braced temporary in co_return (GCC 12)
            co_return opened;
        }
        // Wait until a lease ends. The timer never fires by itself; wake_one cancels it.
        // (The executor is awaited apart: GCC 12 mishandles a co_await inside a braced
        // initializer.)
        const auto executor = co_await asio::this_coro::executor;
        waiter w{asio::steady_timer{executor, asio::steady_timer::time_point::max()}};
        h.waiters.push_back(&w);
        struct forget {
            std::list<waiter*>& list;
            waiter* self;
            ~forget() { list.remove(self); } // still queued: cancelled from outside, not woken
        } guard{h.waiters, &w};
        boost::system::error_code ec;
        co_await w.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        // Woken by wake_one, or cancelled by the caller, or both in the same tick: a wake-up
        // this call will not use goes on to the next waiter.
        auto cs = co_await asio::this_coro::cancellation_state;
        if (cs.cancelled() != asio::cancellation_type::none) {
            if (w.woken) state->wake_one(state->hosts[origin]);
            co_return not_connected(asio::error::operation_aborted, "while connecting to " + url.host);
        }
    }
}

void connection_pool::close_idle() {
    for (auto& [origin, h] : state_->hosts) {
        for (auto& c : h.idle) close_quietly(*c);
        h.open -= h.idle.size();
        h.idle.clear();
    }
}

} // namespace numerapi::detail
