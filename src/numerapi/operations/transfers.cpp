// client's transfers: downloads (one file, a dataset file, a whole round's dataset, a
// submitted file) and uploads (a raw PUT, a multipart form).
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"

#include "numerapi/api/datasets.hpp"
#include "numerapi/api/uploads.hpp"
#include "numerapi/archive/zip_extract.hpp"
#include "numerapi/async/offload.hpp"
#include "numerapi/files/server_names.hpp"

#include "common/printable.hpp"
#include "numerapi/transfer/download.hpp"
#include "numerapi/transfer/multipart_form.hpp"
#include "numerapi/async/run_all.hpp"
#include "numerapi/transfer/upload.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace numerapi {
namespace detail::ops {
namespace {

asio::awaitable<outcome<download_result>> download(detail::call_context& c, std::string url, std::filesystem::path path,
                                                   download_options options) {
    const auto ctx = c.transfer_context();
    // A named job, not a braced temporary in the co_await expression: GCC 12 destroys
    // such temporaries twice (GCC bug 100611).
    detail::download_job job{std::move(url), std::move(path), std::move(options), {}};
    co_return co_await detail::download(ctx, std::move(job));
}

/// A dataset file, to `dest` inside `beneath` (empty: anywhere; detail::download_job).
asio::awaitable<outcome<download_result>>
download_dataset_beneath(detail::call_context& c, std::string filename, std::filesystem::path dest,
                         std::filesystem::path beneath, std::optional<round_number> round, download_options options,
                         std::optional<numerapi::tournament> tournament) {
    if (dest.empty()) dest = filename; // the caller's name ("v5.2/train.parquet"): its links are the caller's
    if (auto unusable = detail::unusable_target(dest, "download_dataset")) co_return std::move(*unusable);
    outcome<std::string> url = co_await dataset_url(c, filename, round, tournament);
    if (!url) co_return url.error();
    const auto ctx = c.transfer_context();
    detail::download_job job{
        std::move(*url), std::move(dest), std::move(options),
        [&c, filename, round, tournament]() { return dataset_url(c, filename, round, tournament); },
        std::move(beneath)};
    co_return co_await detail::download(ctx, std::move(job));
}

/// Shared by the workers of one download_current_dataset call.
struct dataset_batch {
    std::vector<std::string> names;
    std::vector<std::filesystem::path> paths; ///< where each name lands, checked inside the destination
    std::vector<std::optional<download_result>> results;
    std::size_t next = 0;
    std::optional<failure> first_failure; ///< the first file's failure, in time
};

/// Takes the next file until none is left; a failed file does not stop the others, and the
/// batch keeps the first failure. `fetch(name, path)` downloads one file.
template <class Fetch>
asio::awaitable<outcome<void>> dataset_worker(dataset_batch& batch, Fetch fetch) {
    while (batch.next < batch.names.size()) {
        const std::size_t i = batch.next++;
        outcome<download_result> fetched = co_await fetch(batch.names[i], batch.paths[i]);
        if (fetched) batch.results[i] = std::move(*fetched);
        else if (!batch.first_failure) batch.first_failure = std::move(fetched).error();
    }
    co_return outcome<void>();
}

asio::awaitable<outcome<dataset_download_result>>
download_current_dataset(detail::call_context& c, std::filesystem::path dest_dir, dataset_download_options options,
                         std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    dataset_download_result result;
    if (options.legacy_zip) {
        // Not one conditional expression: an int made into an outcome beside a co_await (GCC 12).
        outcome<int> round = 0;
        if (options.round) round = options.round->value();
        else round = co_await get_current_round(c, tournament);
        if (!round) co_return round.error();
        auto op = detail::legacy_dataset_url_query(t);
        outcome<std::string> url = co_await c.run_decoded(std::move(op), detail::decode_dataset_url);
        if (!url) co_return url.error();
        const auto ctx = c.transfer_context();
        detail::download_job job{std::move(*url), dest_dir / ("numerai_dataset_" + std::to_string(*round) + ".zip"),
                                 options.download, [&c, t]() -> asio::awaitable<outcome<std::string>> {
                                     co_return co_await c.run_decoded(detail::legacy_dataset_url_query(t),
                                                                      detail::decode_dataset_url);
                                 }};
        outcome<download_result> file = co_await detail::download(ctx, std::move(job));
        if (!file) co_return file.error();
        result.files.push_back(std::move(*file));
    } else {
        dataset_batch batch;
        outcome<std::vector<std::string>> names = co_await list_datasets(c, options.round, tournament);
        if (!names) co_return names.error();
        for (auto& name : *names)
            if (!options.filter || options.filter(name)) batch.names.push_back(std::move(name));
        // The names come from the server: every one is checked before anything is fetched.
        for (const auto& name : batch.names)
            if (const auto why = detail::unsafe_name_reason(name))
                co_return make_failure(errc::invalid_response, "download_current_dataset",
                                       "the API listed the dataset name \"" + detail::printable(name) +
                                           "\", refused: " + *why);
        if (const auto why = detail::clashing_names_reason(batch.names))
            co_return make_failure(errc::invalid_response, "download_current_dataset",
                                   "the API listed dataset names that clash, refused: " + *why);
        for (const auto& name : batch.names) {
            outcome<std::filesystem::path> path =
                detail::path_inside(dest_dir, name, errc::invalid_response, "download_current_dataset");
            if (!path) co_return path.error();
            batch.paths.push_back(std::move(*path));
        }
        batch.results.resize(batch.names.size());
        const std::size_t workers = std::min(std::max<std::size_t>(options.concurrency, 1), batch.names.size());
        std::vector<detail::task_factory> tasks;
        for (std::size_t w = 0; w < workers; ++w)
            tasks.push_back([&] {
                return dataset_worker(batch, [&](const std::string& name, const std::filesystem::path& path) {
                    return download_dataset_beneath(c, name, path, dest_dir, options.round, options.download,
                                                    tournament);
                });
            });
        // Cancelling this call cancels every worker.
        const outcome<void> fetched = co_await detail::run_all(std::move(tasks));
        if (!fetched) co_return fetched.error(); // cancelled
        if (batch.first_failure) co_return std::move(*batch.first_failure);
        for (auto& r : batch.results) result.files.push_back(std::move(*r));
    }
    if (options.unzip)
        for (const auto& f : result.files) {
            if (f.path.extension() != ".zip") continue;
            // Decompressing GiB takes seconds: off the caller's loop. The work owns its copies.
            detail::zip_limits limits;
            limits.expansion = options.download.decompression;
            auto extract = [archive = f.path, limits](const std::atomic<bool>& stop) {
                return detail::extract_zip(archive, archive.parent_path() / archive.stem(), limits, &stop);
            };
            numerapi::diagnostics cancelled;
            cancelled.operation = "download_current_dataset";
            cancelled.client_message = "cancelled while extracting " + f.path.string();
            // It writes files: a cancelled call ends once it has stopped (within a buffer).
            outcome<std::vector<std::filesystem::path>> files =
                co_await detail::offload(c.shared->blocking, std::move(cancelled), std::move(extract),
                                         detail::when_cancelled::stop_the_work_first);
            if (!files) co_return files.error();
            for (auto& p : *files) result.extracted.push_back(std::move(p));
        }
    co_return result;
}

asio::awaitable<outcome<download_result>> download_submission(detail::call_context& c, std::string submission_id,
                                                              std::filesystem::path dest, download_options options) {
    auto authorized = co_await c.run_decoded(detail::submission_download_auth_query(submission_id),
                                             detail::decode_submission_download_auth);
    if (!authorized) co_return authorized.error();
    auto& auth = *authorized;
    if (dest.empty()) {
        // The server's file name, reduced to its last component, lands in the working directory.
        const std::string name = std::filesystem::path(auth.filename).filename().string();
        if (const auto why = detail::unsafe_name_reason(name))
            co_return make_failure(errc::invalid_response, "download_submission",
                                   "the API named the file \"" + detail::printable(auth.filename) +
                                       "\", refused: " + *why);
        dest = name;
    }
    const auto ctx = c.transfer_context();
    detail::download_job job{std::move(auth.url), std::move(dest), std::move(options),
                             [&c, submission_id]() -> asio::awaitable<outcome<std::string>> {
                                 auto fresh =
                                     co_await c.run_decoded(detail::submission_download_auth_query(submission_id),
                                                            detail::decode_submission_download_auth);
                                 if (!fresh) co_return fresh.error();
                                 co_return std::move(fresh->url);
                             }};
    co_return co_await detail::download(ctx, std::move(job));
}

asio::awaitable<outcome<download_result>> download_latest_submission(detail::call_context& c, std::string model,
                                                                     std::filesystem::path dest,
                                                                     download_options options) {
    auto submissions = co_await list_submissions(c, model);
    if (!submissions) co_return submissions.error();
    const submission* latest = nullptr;
    for (const auto& s : *submissions)
        if (!latest || s.inserted_at > latest->inserted_at) latest = &s;
    if (latest == nullptr)
        co_return make_failure(errc::invalid_argument, "download_latest_submission",
                               "the model " + model + " has no submission");
    std::string id = latest->id;
    co_return co_await download_submission(c, std::move(id), std::move(dest), std::move(options));
}

asio::awaitable<outcome<download_result>> ticker_universe(detail::call_context& c, std::filesystem::path dest,
                                                          download_options options) {
    std::string universe = "signals/v1.0/live.parquet"; // named: no temporary in the co_await (GCC 12)
    std::filesystem::path beneath;                      // none: the caller chose `dest`
    co_return co_await download_dataset_beneath(c, std::move(universe), std::move(dest), std::move(beneath),
                                                std::nullopt, std::move(options), numerapi::tournament::signals);
}

asio::awaitable<outcome<upload_result>> upload(detail::call_context& c, std::string url, std::filesystem::path path,
                                               upload_options options) {
    const auto ctx = c.transfer_context();
    outcome<detail::request_body> body = detail::raw_file_body(path, options.content_type);
    if (!body) co_return body.error();
    detail::upload_job job{
        boost::beast::http::verb::put, std::move(url), std::move(*body), std::move(options), path.string(), {}};
    co_return co_await detail::upload(ctx, std::move(job));
}

asio::awaitable<outcome<upload_result>> upload_form(detail::call_context& c, std::string url,
                                                    std::vector<form_field> fields, form_file file,
                                                    upload_options options) {
    detail::multipart_form form{c.shared->random};
    for (const auto& f : fields) {
        const outcome<void> added = form.add_field(f.name, f.value);
        if (!added) co_return added.error();
    }
    const std::string filename = file.filename.empty() ? file.path.filename().string() : file.filename;
    const outcome<void> attached = form.add_file(file.field_name, file.path, filename, options.content_type);
    if (!attached) co_return attached.error();
    const auto ctx = c.transfer_context();
    detail::upload_job job{boost::beast::http::verb::post,
                           std::move(url),
                           std::move(form).finish(),
                           std::move(options),
                           file.path.string(),
                           {}};
    co_return co_await detail::upload(ctx, std::move(job));
}

asio::awaitable<outcome<download_result>> download_dataset(detail::call_context& c, std::string filename,
                                                           std::filesystem::path dest,
                                                           std::optional<round_number> round, download_options options,
                                                           std::optional<numerapi::tournament> tournament) {
    return download_dataset_beneath(c, std::move(filename), std::move(dest), std::filesystem::path(), round,
                                    std::move(options), tournament);
}

} // namespace
} // namespace detail::ops

NUMERAPI_DEFINE_CALL("download", detail::ops::download);
NUMERAPI_DEFINE_CALL("download_dataset", detail::ops::download_dataset);
NUMERAPI_DEFINE_CALL("download_current_dataset", detail::ops::download_current_dataset);
NUMERAPI_DEFINE_CALL("download_submission", detail::ops::download_submission);
NUMERAPI_DEFINE_CALL("download_latest_submission", detail::ops::download_latest_submission);
NUMERAPI_DEFINE_CALL("ticker_universe", detail::ops::ticker_universe);
NUMERAPI_DEFINE_CALL("upload", detail::ops::upload);
NUMERAPI_DEFINE_CALL("upload_form", detail::ops::upload_form);

} // namespace numerapi
