/// @file
/// numerapi::with_diagnostics: a completion token adapter that hands a call's diagnostics to
/// its completion, next to the error code, instead of through a view shared by calls.
#pragma once

#include <numerapi/error.hpp>

#include <type_traits>
#include <utility>

namespace numerapi {

/// The token made by with_diagnostics(): a call completes its inner token with
/// `void(boost::system::error_code, numerapi::diagnostics, T)`, the diagnostics of this call
/// alone (empty when it succeeds). With a constructor, not an aggregate (GCC 12, client.hpp).
template <class CompletionToken>
class with_diagnostics_t {
public:
    /// Wraps `token`.
    explicit with_diagnostics_t(CompletionToken token) : token_(std::move(token)) {}
    /// The inner token, completed with the error code, the diagnostics and the result.
    CompletionToken& token() & noexcept { return token_; }
    /// The same, of a const adapter: the inner token is copied from it.
    const CompletionToken& token() const& noexcept { return token_; }
    /// The inner token, moved out.
    CompletionToken&& token() && noexcept { return std::move(token_); }

private:
    CompletionToken token_;
};

/// Makes `token` receive each call's diagnostics with its error code, for the error-code
/// path: no numerapi::error reaches the caller, and each call's diagnostics are its own,
/// however many run at once. It is the outermost token of a call: it wraps the others
/// (`with_diagnostics(as_tuple(use_awaitable))`, `with_diagnostics(bind_executor(ex, f))`),
/// and a token that wraps it does not compile. Given use_awaitable itself, a failure throws
/// a boost::system::system_error, which loses the diagnostics, and a success gives
/// std::tuple<diagnostics, T>: with_diagnostics(as_tuple(use_awaitable)) keeps both.
///
///     auto [ec, diag, round] = co_await api.get_current_round(
///         std::nullopt, numerapi::with_diagnostics(boost::asio::as_tuple(boost::asio::use_awaitable)));
///     if (ec) std::cerr << diag.operation << ": " << ec.message() << '\n';
template <class CompletionToken>
with_diagnostics_t<std::decay_t<CompletionToken>> with_diagnostics(CompletionToken&& token) {
    return with_diagnostics_t<std::decay_t<CompletionToken>>(std::forward<CompletionToken>(token));
}

} // namespace numerapi
