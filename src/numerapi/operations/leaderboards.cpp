// Operations on the leaderboards: a page, or every page.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"

#include "numerapi/api/leaderboards.hpp"

namespace numerapi {
namespace detail::ops {
namespace {

/// Which leaderboard a page or a whole list is read from.
enum class leaderboard_kind { models, accounts };

/// One page of a leaderboard.
asio::awaitable<outcome<std::vector<leaderboard_entry>>>
leaderboard_page(detail::call_context& c, leaderboard_kind kind, int limit, int offset,
                 std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    outcome<operation> query = kind == leaderboard_kind::models
        ? detail::call_context::checked("leaderboard", [&] { return detail::leaderboard_query(t, limit, offset); })
        : detail::call_context::checked("account_leaderboard",
                                        [&] { return detail::account_leaderboard_query(t, limit, offset); });
    if (!query) co_return query.error();
    co_return co_await c.run_decoded(std::move(*query), detail::decode_leaderboard);
}

/// Every page of a leaderboard.
asio::awaitable<outcome<std::vector<leaderboard_entry>>>
whole_leaderboard(detail::call_context& c, leaderboard_kind kind, std::optional<numerapi::tournament> tournament,
                  int page_size) {
    const std::string operation = kind == leaderboard_kind::models ? "leaderboard_all" : "account_leaderboard_all";
    if (page_size < 1) co_return make_failure(errc::invalid_argument, operation, "the page size must be at least 1");
    // Until an empty page: a page shorter than asked is no end, as a server may cap `limit`.
    // Numerai's leaderboards hold a few thousand entries; a server that pages on past
    // max_entries would otherwise fill the memory one page at a time.
    constexpr std::size_t max_entries = 100'000;
    std::vector<leaderboard_entry> all;
    std::string previous_first; // a server that ignores `offset` sends the same page forever
    for (;;) {
        const int offset = static_cast<int>(all.size());
        outcome<std::vector<leaderboard_entry>> page =
            co_await leaderboard_page(c, kind, page_size, offset, tournament);
        if (!page) co_return page.error();
        if (page->empty()) co_return all;
        if (offset > 0 && page->front().username == previous_first)
            co_return make_failure(errc::invalid_response, operation,
                                   "the server sent the same page again for offset " + std::to_string(offset));
        if (page->size() > max_entries - all.size())
            co_return make_failure(errc::invalid_response, operation,
                                   "the server kept paging past " + std::to_string(max_entries) +
                                       " entries; no leaderboard is that long");
        previous_first = page->front().username;
        for (auto& entry : *page) all.push_back(std::move(entry));
    }
}

asio::awaitable<outcome<std::vector<leaderboard_entry>>> leaderboard(detail::call_context& c, int limit, int offset,
                                                                     std::optional<numerapi::tournament> tournament) {
    return leaderboard_page(c, leaderboard_kind::models, limit, offset, tournament);
}

asio::awaitable<outcome<std::vector<leaderboard_entry>>>
account_leaderboard(detail::call_context& c, int limit, int offset, std::optional<numerapi::tournament> tournament) {
    return leaderboard_page(c, leaderboard_kind::accounts, limit, offset, tournament);
}

asio::awaitable<outcome<std::vector<leaderboard_entry>>>
leaderboard_all(detail::call_context& c, std::optional<numerapi::tournament> tournament, int page_size) {
    return whole_leaderboard(c, leaderboard_kind::models, tournament, page_size);
}

asio::awaitable<outcome<std::vector<leaderboard_entry>>>
account_leaderboard_all(detail::call_context& c, std::optional<numerapi::tournament> tournament, int page_size) {
    return whole_leaderboard(c, leaderboard_kind::accounts, tournament, page_size);
}

} // namespace
} // namespace detail::ops

NUMERAPI_DEFINE_CALL("leaderboard", detail::ops::leaderboard);
NUMERAPI_DEFINE_CALL("leaderboard_all", detail::ops::leaderboard_all);
NUMERAPI_DEFINE_CALL("account_leaderboard", detail::ops::account_leaderboard);
NUMERAPI_DEFINE_CALL("account_leaderboard_all", detail::ops::account_leaderboard_all);

} // namespace numerapi
