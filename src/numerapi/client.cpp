#include <numerapi/client.hpp>

#include "numerapi/api/account.hpp"
#include "numerapi/archive/zip_extract.hpp"
#include "numerapi/api/datasets.hpp"
#include "numerapi/api/profiles.hpp"
#include "numerapi/api/rounds.hpp"
#include "numerapi/api/scores.hpp"
#include "numerapi/api/submissions.hpp"
#include "numerapi/graphql/call.hpp"
#include "numerapi/http/connection_pool.hpp"
#include "numerapi/http/tls_context.hpp"
#include "numerapi/http/transport.hpp"
#include "numerapi/retry/retry_loop.hpp"
#include "numerapi/transfer/download.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace numerapi {
namespace asio = boost::asio;
using detail::operation;

struct client::impl {
    impl(executor_type ex, client_options o, std::unique_ptr<detail::transport> t)
        : executor(std::move(ex)),
          options(std::move(o)),
          endpoint{detail::parse_https_url(options.api_url), options.keys, options.user_agent},
          tls(detail::make_tls_context(options.ca_file)),
          pool(tls, detail::pool_options{options.max_connections_per_host, options.idle_timeout,
                                         {options.connect_timeout, options.handshake_timeout}}),
          transport(t ? std::move(t)
                      : std::make_unique<detail::pooled_transport>(
                            pool, detail::transport_limits{options.max_response_body, options.read_timeout})) {}

    executor_type executor;
    client_options options;
    detail::graphql_endpoint endpoint;
    asio::ssl::context tls;
    detail::connection_pool pool;
    std::unique_ptr<detail::transport> transport;
    detail::steady_clock_sleeper sleeper;
    std::mt19937_64 random{std::random_device{}()};

    int tournament(std::optional<int> t) const { return t.value_or(options.tournament); }

    /// Every GraphQL call goes through here: the one retry loop around one attempt.
    asio::awaitable<boost::json::object> run(operation op) {
        if (op.authorization && !endpoint.keys) // nothing to retry: nothing is sent
            throw error(make_error_code(errc::credentials_missing), {.operation = op.name, .attempts = 0});
        const detail::retry_settings settings{options.retry, options.backoff, op.idempotent};
        co_return co_await detail::retry_run(sleeper, settings, random,
                                             [&] { return detail::call(*transport, endpoint, op); });
    }

    /// What every transfer of this client shares: the pool, the timeouts and the retry loop.
    detail::download_context transfer_context() {
        return {pool, options.read_timeout, options.user_agent, {options.retry, options.backoff, true}, sleeper, random};
    }

    /// Runs `op` and decodes its data; a decoder's complaint becomes errc::invalid_response.
    template <class Decode>
    auto run_decoded(operation op, Decode decode) -> asio::awaitable<decltype(decode(boost::json::object{}))> {
        const std::string name = op.name;
        boost::json::object data = co_await run(std::move(op));
        try {
            co_return decode(data);
        } catch (const std::invalid_argument& e) {
            throw error(make_error_code(errc::invalid_response),
                        {.operation = name, .http_status = 200, .client_message = e.what(), .attempts = 1});
        }
    }

    /// A model id as is; an account model's name through get_models.
    asio::awaitable<std::string> model_id(std::string model) {
        if (looks_like_uuid(model)) co_return model;
        auto models = co_await run_decoded(detail::models_query(),
                                           [](const boost::json::object& d) { return detail::decode_models(d, {}); });
        for (auto& m : models)
            if (m.name == model) co_return m.id;
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "resolve_model", .client_message = "this account has no model named \"" + model + "\""});
    }

    static bool looks_like_uuid(const std::string& s) {
        if (s.size() != 36) return false;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
        }
        return true;
    }
};

client::client(executor_type executor, client_options options)
    : impl_(std::make_unique<impl>(std::move(executor), std::move(options), nullptr)) {}

client::client(executor_type executor, client_options options, std::unique_ptr<detail::transport> transport)
    : impl_(std::make_unique<impl>(std::move(executor), std::move(options), std::move(transport))) {}

client::~client() = default;
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

client::executor_type client::get_executor() const { return impl_->executor; }
const client_options& client::options() const { return impl_->options; }

asio::awaitable<boost::json::object> client::raw_query(std::string document, boost::json::value variables,
                                                       bool authorization) {
    if (!variables.is_null() && !variables.is_object())
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "raw_query", .client_message = "variables must be a JSON object or null"});
    // The operation refers to the document; keep it alive on this frame.
    operation op{"raw_query", document, std::move(variables), authorization, true};
    if (document.find("mutation") != std::string::npos) op.idempotent = false;
    co_return co_await impl_->run(std::move(op));
}

asio::awaitable<int> client::get_current_round(std::optional<int> tournament) {
    auto number = co_await impl_->run_decoded(detail::current_round_query(impl_->tournament(tournament)),
                                              detail::decode_current_round);
    if (!number)
        throw error(make_error_code(errc::round_not_open),
                    {.operation = "get_current_round", .http_status = 200,
                     .client_message = "the API reports no current round", .attempts = 1});
    co_return *number;
}

asio::awaitable<std::vector<round>> client::list_rounds(round_filter filter, std::optional<int> tournament) {
    co_return co_await impl_->run_decoded(detail::list_rounds_query(impl_->tournament(tournament), filter),
                                          detail::decode_rounds);
}

asio::awaitable<std::optional<round>> client::get_round(int number, std::optional<int> tournament) {
    round_filter filter;
    filter.number = number;
    auto rounds = co_await impl_->run_decoded(detail::list_rounds_query(impl_->tournament(tournament), filter),
                                              detail::decode_rounds);
    if (rounds.empty()) co_return std::nullopt;
    co_return std::move(rounds.front());
}

asio::awaitable<bool> client::check_round_open(std::optional<int> tournament) {
    try {
        const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
        co_return co_await impl_->run_decoded(detail::round_open_query(impl_->tournament(tournament)),
                                              [now](const boost::json::object& d) { return detail::decode_round_open(d, now); });
    } catch (const error& e) {
        if (e.code() == errc::round_not_open) co_return false;
        throw;
    }
}

asio::awaitable<bool> client::check_new_round(std::chrono::hours hours, std::optional<int> tournament) {
    try {
        const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
        co_return co_await impl_->run_decoded(
            detail::new_round_query(impl_->tournament(tournament)),
            [now, hours](const boost::json::object& d) { return detail::decode_new_round(d, hours, now); });
    } catch (const error& e) {
        if (e.code() == errc::round_not_open) co_return false;
        throw;
    }
}

asio::awaitable<std::vector<std::string>> client::list_datasets(std::optional<int> round, std::optional<int> tournament) {
    co_return co_await impl_->run_decoded(detail::list_datasets_query(impl_->tournament(tournament), round),
                                          detail::decode_list_datasets);
}

asio::awaitable<std::string> client::dataset_url(std::string filename, std::optional<int> round,
                                                 std::optional<int> tournament) {
    co_return co_await impl_->run_decoded(
        detail::dataset_url_query(impl_->tournament(tournament), std::move(filename), round), detail::decode_dataset_url);
}

asio::awaitable<download_result> client::download(std::string url, std::filesystem::path path, download_options options) {
    const auto ctx = impl_->transfer_context();
    // A named job, not a braced temporary in the co_await expression: GCC 12 destroys
    // such temporaries twice (GCC bug 100611).
    detail::download_job job{std::move(url), std::move(path), std::move(options), {}};
    co_return co_await detail::download(ctx, std::move(job));
}

asio::awaitable<download_result> client::download_dataset(std::string filename, std::filesystem::path dest,
                                                          std::optional<int> round, download_options options,
                                                          std::optional<int> tournament) {
    if (dest.empty()) dest = filename;
    const int t = impl_->tournament(tournament);
    std::string url = co_await dataset_url(filename, round, t);
    const auto ctx = impl_->transfer_context();
    detail::download_job job{std::move(url), std::move(dest), std::move(options),
                             [this, filename, round, t]() { return dataset_url(filename, round, t); }};
    co_return co_await detail::download(ctx, std::move(job));
}

namespace {

/// Shared by the workers of one download_current_dataset call.
struct dataset_batch {
    std::vector<std::string> names;
    std::vector<std::optional<download_result>> results;
    std::size_t next = 0;
    std::size_t running = 0;
    std::exception_ptr first_failure;
    std::unique_ptr<asio::steady_timer> all_done;
};

asio::awaitable<void> dataset_worker(client& api, std::shared_ptr<dataset_batch> batch, std::filesystem::path dir,
                                     dataset_download_options options, int tournament) {
    while (batch->next < batch->names.size()) {
        const std::size_t i = batch->next++;
        try {
            batch->results[i] = co_await api.download_dataset(batch->names[i], dir / batch->names[i], options.round,
                                                              options.download, tournament);
        } catch (...) {
            if (!batch->first_failure) batch->first_failure = std::current_exception();
        }
    }
}

} // namespace

asio::awaitable<dataset_download_result> client::download_current_dataset(std::filesystem::path dest_dir,
                                                                          dataset_download_options options,
                                                                          std::optional<int> tournament) {
    const int t = impl_->tournament(tournament);
    dataset_download_result result;
    if (options.legacy_zip) {
        const int round = options.round ? *options.round : co_await get_current_round(t);
        auto op = detail::legacy_dataset_url_query(t);
        std::string url = co_await impl_->run_decoded(std::move(op), detail::decode_dataset_url);
        const auto ctx = impl_->transfer_context();
        detail::download_job job{std::move(url), dest_dir / ("numerai_dataset_" + std::to_string(round) + ".zip"),
                                 options.download, [this, t]() -> asio::awaitable<std::string> {
                                     co_return co_await impl_->run_decoded(detail::legacy_dataset_url_query(t),
                                                                           detail::decode_dataset_url);
                                 }};
        result.files.push_back(co_await detail::download(ctx, std::move(job)));
    } else {
        auto batch = std::make_shared<dataset_batch>();
        for (auto& name : co_await list_datasets(options.round, t))
            if (!options.filter || options.filter(name)) batch->names.push_back(std::move(name));
        batch->results.resize(batch->names.size());
        batch->all_done = std::make_unique<asio::steady_timer>(impl_->executor, asio::steady_timer::time_point::max());
        const std::size_t workers = std::min(std::max<std::size_t>(options.concurrency, 1), batch->names.size());
        batch->running = workers;
        for (std::size_t w = 0; w < workers; ++w)
            asio::co_spawn(impl_->executor, dataset_worker(*this, batch, dest_dir, options, t),
                           [batch](std::exception_ptr) {
                               if (--batch->running == 0) batch->all_done->cancel();
                           });
        if (workers > 0) {
            boost::system::error_code ec;
            co_await batch->all_done->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        if (batch->first_failure) std::rethrow_exception(batch->first_failure);
        for (auto& r : batch->results) result.files.push_back(std::move(*r));
    }
    if (options.unzip)
        for (const auto& f : result.files)
            if (f.path.extension() == ".zip")
                for (auto& p : detail::extract_zip(f.path, f.path.parent_path() / f.path.stem()))
                    result.extracted.push_back(std::move(p));
    co_return result;
}

asio::awaitable<account> client::get_account() {
    co_return co_await impl_->run_decoded(detail::account_query(), detail::decode_account);
}

asio::awaitable<std::vector<model>> client::get_models(std::optional<int> tournament) {
    const int t = impl_->tournament(tournament);
    co_return co_await impl_->run_decoded(detail::models_query(),
                                          [t](const boost::json::object& d) { return detail::decode_models(d, t); });
}

asio::awaitable<profile> client::get_profile(std::string model_name, std::optional<int> tournament) {
    const int t = impl_->tournament(tournament);
    if (t != classic && t != signals && t != crypto)
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = "get_profile", .client_message = "profiles exist for tournaments 8, 11 and 12, not " +
                                                                    std::to_string(t)});
    co_return co_await impl_->run_decoded(detail::profile_query(t, std::move(model_name)), detail::decode_profile);
}

asio::awaitable<std::vector<submission_score>> client::submission_scores(std::string model, score_filter filter,
                                                                        std::optional<int> tournament) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(
        detail::submission_scores_query(impl_->tournament(tournament), std::move(id), filter),
        detail::decode_submission_scores);
}

asio::awaitable<std::vector<round_payout>> client::payouts_per_round(std::string model, std::optional<int> tournament) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(detail::round_performances_query(impl_->tournament(tournament), std::move(id)),
                                          detail::decode_round_payouts);
}

asio::awaitable<std::vector<submission>> client::list_submissions(std::string model) {
    std::string id = co_await impl_->model_id(std::move(model));
    co_return co_await impl_->run_decoded(detail::submissions_query(std::move(id)), detail::decode_submissions);
}

asio::awaitable<std::optional<submission>> client::get_submission_for_round(std::string model, int round_number) {
    auto submissions = co_await list_submissions(std::move(model));
    std::optional<submission> found;
    for (auto& s : submissions) {
        if (s.round_number != round_number) continue;
        // Several uploads in one round: the selected one counts, else the latest.
        if (!found || s.selected || (!found->selected && s.inserted_at > found->inserted_at)) found = std::move(s);
    }
    co_return found;
}

} // namespace numerapi
