/// @file
/// numerapi::client: the Numerai tournament API, every call an Asio asynchronous operation.
///
///     boost::asio::io_context ioc;
///     numerapi::client api{ioc.get_executor()};           // keys from the environment
///     boost::asio::co_spawn(ioc, [&]() -> boost::asio::awaitable<void> {
///         int round = co_await api.get_current_round();
///         for (auto& name : co_await api.list_datasets()) std::cout << name << '\n';
///     }, boost::asio::detached);
///     ioc.run();
///
/// Completion tokens. Every call takes an Asio completion token as its last argument; its
/// completion signature is void(boost::system::error_code, T). The default, use_awaitable,
/// returns an awaitable that throws numerapi::error with its diagnostics. Any other token
/// gets the error code: as_tuple(use_awaitable), redirect_error(use_awaitable, ec),
/// use_future, deferred, a plain callback. To pass a token, write out the arguments before
/// it (`api.get_current_round(std::nullopt, token)`). On that path a call's diagnostics come
/// with its code through with_diagnostics(token) (with_diagnostics.hpp): the signature is
/// then void(error_code, diagnostics, T), and each call has its own. Inside the library a
/// failure travels as a value (its code and diagnostics) and is handed to the token as it
/// is: a numerapi::error is made of it only for use_awaitable, and no exception is rethrown
/// to find its code. The arguments are copied when the call is made, so a call may be
/// started in one statement and awaited later.
///
/// Threads. A client may be used from any thread, and from coroutines on any strands: every
/// call of a client and of its views runs on one internal strand made from the executor given
/// at construction, so the client's shared state (its connections, its rate gate, its random
/// engine) is only ever touched by one thread at a time. Its sockets and timers are made on
/// that strand. A call's completion handler runs on the handler's associated executor (for
/// use_awaitable: the awaiting coroutine's), or else on the client's executor. Progress
/// callbacks and the event sink (client_options::events) run on the client's strand, inside
/// the call: they must not block, and what they share with other threads they must guard.
/// Work that grows with its input runs off that strand, on client_options::blocking_executor
/// (by default a pool of two threads the client owns): the predictions check of
/// upload_predictions and upload_diagnostics (a file of 8 MiB or more in parts, on threads
/// of the check's own as well: predictions_check_options::threads), the MD5 checks of a download (of what arrived,
/// and of a file already at its path) and of an upload, a durable download's flush to the
/// disk, the allocation of a segmented download's file, and the extraction of a dataset
/// archive. The call waits for it without holding a thread of the caller's loop; a
/// cancelled call ends at once, and the work, which owns what it uses, stops early or ends
/// on the pool with its result dropped. The free functions check_predictions and
/// read_live_universe run on the thread that calls them.
/// Any number of calls may be outstanding at once; they share a pool of at most
/// client_options::max_connections_per_host kept-alive TLS connections per host, and calls
/// beyond that wait for a free connection. A running call keeps the client's state alive;
/// the executor must outlive it.
///
/// GCC 12. Its coroutines destroy a brace-initialised aggregate temporary twice when the
/// temporary is made inside a co_await expression (`co_await api.download(url, path, {})`,
/// `co_await api.upload(url, path, {.content_type = "x"})`: a crash or a double free in the
/// caller's frame). Default arguments here are written `T()`, which GCC 12 handles, so every
/// call can be made with its defaults; options passed explicitly should be named variables,
/// or the call started outside the co_await:
///
///     numerapi::download_options options;
///     options.segments = 4;
///     auto result = co_await api.download(url, path, options);
///
/// Errors. Failures throw numerapi::error (see error.hpp), and nothing else, whose
/// diagnostics name the operation, the HTTP status and the server's messages. Outcomes a
/// caller normally branches on come back as values (std::optional, bool).
///
/// Retries and rate limits. Every call runs through one retry loop (retry.hpp) and one
/// client-wide rate gate: a 429 or 503 with Retry-After pauses every call of the client to
/// that host; client_options::rate_limit sets a requests-per-second ceiling, and after a 429
/// the gate keeps to the rate the host accepted. Policies are per client (client_options)
/// and per call: `co_await api.with({.retry = {.max_attempts = 10}}).get_current_round()`.
///
/// Cancellation. Every call honours terminal per-operation cancellation through its
/// completion handler's cancellation slot (for example a deadline built with
/// boost::asio::experimental::awaitable_operators, `call || timer`): the call ends with
/// boost::asio::error::operation_aborted. Partial and total cancellation are not supported
/// separately; they end a call as terminal cancellation does, at its next asynchronous step.
/// After a cancellation, a connection whose request was cut off is closed rather than
/// returned to the pool, a download keeps what it received in its .part file (nothing is at
/// its final path), and an upload leaves nothing behind on the client. A cancelled
/// upload_predictions may have created the submission on the server if the cancellation
/// came after create_submission was sent; list_submissions tells.
#pragma once

#include <numerapi/client_options.hpp>
#include <numerapi/detail/call_completion.hpp>
#include <numerapi/detail/start_call.hpp>
#include <numerapi/error.hpp>
#include <numerapi/export.hpp>
#include <numerapi/predictions_check.hpp>
#include <numerapi/retry.hpp>
#include <numerapi/submit_options.hpp>
#include <numerapi/transfer.hpp>
#include <numerapi/types.hpp>
#include <numerapi/with_diagnostics.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

/// The namespace of numerapi-cpp: the Numerai tournament API's client, its options, and what its calls return.
namespace numerapi {

namespace detail {
struct access; // the one way into a client's internals (src/numerapi/access.hpp)
} // namespace detail

/// A client of the Numerai tournament API: every call is an Asio asynchronous operation that
/// completes with the call's result (client.hpp tells how: completion tokens, threads, errors,
/// retries, cancellation). A client is a handle on its connections, rate gate and options: it
/// can be moved, not copied, and with() makes views that share them.
class NUMERAPI_EXPORT client {
public:
    /// The type of the executor a client is made with (its strand is made from it).
    using executor_type = boost::asio::any_io_executor;
    /// The completion token of a call when none is given: co_await it, and failures throw.
    using default_token = boost::asio::use_awaitable_t<>;

    /// Throws numerapi::error (errc::invalid_argument) for a bad api_url or ca_file.
    explicit client(executor_type executor, client_options options = {});
    ~client();
    /// Takes the handle over: the moved-from client may then only be assigned to or destroyed.
    client(client&&) noexcept;
    /// Takes the handle over, as the move constructor does.
    client& operator=(client&&) noexcept;

    /// The executor given at construction: a call's completion handler runs on it when the
    /// handler has no associated executor.
    executor_type get_executor() const;
    /// The options given at construction (a view made by with() uses its own retry and backoff
    /// policies instead of these).
    const client_options& options() const;

    /// A view of this client whose calls use `policies` instead of the client's retry and
    /// backoff policies. It shares this client's connections and rate gate; this client
    /// must outlive it.
    client with(call_policies policies) const;

    /// @name Generic
    /// @{

    /// Sends any GraphQL document and returns its `data` object [raw_query]. `variables`
    /// is an object or null. `authorization` sends the keys.
    template <detail::completion_token_for_result<boost::json::object> CompletionToken = default_token>
    auto raw_query(std::string document, boost::json::value variables = nullptr, bool authorization = false,
                   CompletionToken&& token = default_token()) {
        return detail::start_call<"raw_query", boost::json::object>(context_, std::forward<CompletionToken>(token),
                                                                    std::move(document), std::move(variables),
                                                                    std::move(authorization));
    }
    /// @}

    /// @name Rounds (public)
    /// @{

    /// The number of the open round [get_current_round]. Throws errc::round_not_open
    /// between rounds.
    template <detail::completion_token_for_result<int> CompletionToken = default_token>
    auto get_current_round(std::optional<numerapi::tournament> tournament = {},
                           CompletionToken&& token = default_token()) {
        return detail::start_call<"get_current_round", int>(context_, std::forward<CompletionToken>(token),
                                                            std::move(tournament));
    }
    /// Rounds of the tournament, newest first [get_all_competitions, list_rounds].
    template <detail::completion_token_for_result<std::vector<round>> CompletionToken = default_token>
    auto list_rounds(round_filter filter = round_filter(), std::optional<numerapi::tournament> tournament = {},
                     CompletionToken&& token = default_token()) {
        return detail::start_call<"list_rounds", std::vector<round>>(context_, std::forward<CompletionToken>(token),
                                                                     std::move(filter), std::move(tournament));
    }
    /// One round; `number` 0 is the current one [get_competition]. nullopt if there is none.
    template <detail::completion_token_for_result<std::optional<round>> CompletionToken = default_token>
    auto get_round(round_number number, std::optional<numerapi::tournament> tournament = {},
                   CompletionToken&& token = default_token()) {
        return detail::start_call<"get_round", std::optional<round>>(context_, std::forward<CompletionToken>(token),
                                                                     std::move(number), std::move(tournament));
    }
    /// Whether the current round accepts submissions now (openTime < now <
    /// closeStakingTime). false, not an error, between rounds (numerapi issue #94).
    template <detail::completion_token_for_result<bool> CompletionToken = default_token>
    auto check_round_open(std::optional<numerapi::tournament> tournament = {},
                          CompletionToken&& token = default_token()) {
        return detail::start_call<"check_round_open", bool>(context_, std::forward<CompletionToken>(token),
                                                            std::move(tournament));
    }
    /// Whether the current round opened less than `hours` ago; false between rounds.
    template <detail::completion_token_for_result<bool> CompletionToken = default_token>
    auto check_new_round(std::chrono::hours hours = std::chrono::hours{12},
                         std::optional<numerapi::tournament> tournament = {},
                         CompletionToken&& token = default_token()) {
        return detail::start_call<"check_new_round", bool>(context_, std::forward<CompletionToken>(token),
                                                           std::move(hours), std::move(tournament));
    }

    /// The scoring pipeline of a day [pipeline_status]: whether it is a scoring day, and when
    /// the day's data was ready and its scores done. `date` defaults to the server's today;
    /// the API knows two pipelines, "classic" (tournament 8) and "signals" (any other).
    template <detail::completion_token_for_result<pipeline_status_report> CompletionToken = default_token>
    auto pipeline_status(std::optional<std::chrono::year_month_day> date = {},
                         std::optional<numerapi::tournament> tournament = {},
                         CompletionToken&& token = default_token()) {
        return detail::start_call<"pipeline_status", pipeline_status_report>(
            context_, std::forward<CompletionToken>(token), std::move(date), std::move(tournament));
    }
    /// @}

    /// @name Datasets (public)
    /// @{

    /// Names of the dataset files of a round (default: the current one), for example
    /// "v5.2/train.parquet".
    template <detail::completion_token_for_result<std::vector<std::string>> CompletionToken = default_token>
    auto list_datasets(std::optional<round_number> round = {}, std::optional<numerapi::tournament> tournament = {},
                       CompletionToken&& token = default_token()) {
        return detail::start_call<"list_datasets", std::vector<std::string>>(
            context_, std::forward<CompletionToken>(token), std::move(round), std::move(tournament));
    }
    /// The presigned URL of one dataset file.
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto dataset_url(std::string filename, std::optional<round_number> round = {},
                     std::optional<numerapi::tournament> tournament = {}, CompletionToken&& token = default_token()) {
        return detail::start_call<"dataset_url", std::string>(context_, std::forward<CompletionToken>(token),
                                                              std::move(filename), std::move(round),
                                                              std::move(tournament));
    }

    /// Downloads one dataset file [download_dataset] to `dest` (default: the file's name,
    /// for example "v5.2/train.parquet", under the current directory; parent directories are
    /// created). Streams through `<dest>.part`, resumes after transient failures, fetches a
    /// fresh URL when the presigned one expires, and renames to `dest` only when complete.
    /// A `dest` that is an existing directory is refused (errc::invalid_argument) before any
    /// request.
    template <detail::completion_token_for_result<download_result> CompletionToken = default_token>
    auto download_dataset(std::string filename, std::filesystem::path dest = {}, std::optional<round_number> round = {},
                          download_options options = download_options(),
                          std::optional<numerapi::tournament> tournament = {},
                          CompletionToken&& token = default_token()) {
        return detail::start_call<"download_dataset", download_result>(
            context_, std::forward<CompletionToken>(token), std::move(filename), std::move(dest), std::move(round),
            std::move(options), std::move(tournament));
    }

    /// Every file of the current round's dataset (or those `options.filter` selects), in
    /// parallel, into `dest_dir` [download_current_dataset]. Files that fail do not stop the
    /// others; when all have ended, the first failure is thrown (what arrived of the failed
    /// ones stays in their .part files, and the next call resumes them).
    template <detail::completion_token_for_result<dataset_download_result> CompletionToken = default_token>
    auto download_current_dataset(std::filesystem::path dest_dir,
                                  dataset_download_options options = dataset_download_options(),
                                  std::optional<numerapi::tournament> tournament = {},
                                  CompletionToken&& token = default_token()) {
        return detail::start_call<"download_current_dataset", dataset_download_result>(
            context_, std::forward<CompletionToken>(token), std::move(dest_dir), std::move(options),
            std::move(tournament));
    }
    /// @}

    /// @name Transfers
    /// @{

    /// Downloads any https URL (a presigned URL, for example) to `path`, as download_dataset
    /// does, without URL renewal. A file is at `path` complete and checked, or not at all.
    template <detail::completion_token_for_result<download_result> CompletionToken = default_token>
    auto download(std::string url, std::filesystem::path path, download_options options = download_options(),
                  CompletionToken&& token = default_token()) {
        return detail::start_call<"download", download_result>(context_, std::forward<CompletionToken>(token),
                                                               std::move(url), std::move(path), std::move(options));
    }

    /// Uploads a file's raw bytes with a PUT to a presigned URL (Content-Length, never
    /// chunked). Checks the status, and an MD5 ETag against what was sent; a transient
    /// failure sends the file again.
    template <detail::completion_token_for_result<upload_result> CompletionToken = default_token>
    auto upload(std::string url, std::filesystem::path path, upload_options options = upload_options(),
                CompletionToken&& token = default_token()) {
        return detail::start_call<"upload", upload_result>(context_, std::forward<CompletionToken>(token),
                                                           std::move(url), std::move(path), std::move(options));
    }
    /// POSTs a multipart/form-data body: `fields` in order, then `file`, streamed from disk
    /// (an S3 presigned POST form, or a GraphQL multipart request).
    template <detail::completion_token_for_result<upload_result> CompletionToken = default_token>
    auto upload_form(std::string url, std::vector<form_field> fields, form_file file,
                     upload_options options = upload_options(), CompletionToken&& token = default_token()) {
        return detail::start_call<"upload_form", upload_result>(context_, std::forward<CompletionToken>(token),
                                                                std::move(url), std::move(fields), std::move(file),
                                                                std::move(options));
    }
    /// @}

    /// @name Submitting (private)
    /// @{

    /// Submits predictions [upload_predictions] for `model` (an id, or one of the account's
    /// model names) in the tournament (default options().tournament) and
    /// returns the submission id.
    ///  1. The file is checked locally (predictions_check.hpp); a bad file throws
    ///     errc::invalid_predictions naming its first bad line, and nothing is sent.
    ///  2. An upload URL (submission_upload_auth, or submissionUploadSignalsAuth for
    ///     Signals), a PUT of the file (retried alone, with a fresh URL once it expires),
    ///     then create_submission (createSignalsSubmission) with triggerId and
    ///     dataDatestamp. A refused PUT is reported before create_submission is called.
    ///  3. create_submission is never repeated blindly: after an ambiguous failure the
    ///     server's submission list is asked whether it exists.
    ///  4. Refused because the round is changing (400 "Current round not open for
    ///     submissions", or a 400 while the rounds query reports no open round), it waits
    ///     for the new round, polling with backoff for up to submit_options::rollover_wait,
    ///     and runs the whole flow again.
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto upload_predictions(std::filesystem::path file, std::string model, submit_options options = submit_options(),
                            std::optional<numerapi::tournament> tournament = {},
                            CompletionToken&& token = default_token()) {
        return detail::start_call<"upload_predictions", std::string>(context_, std::forward<CompletionToken>(token),
                                                                     std::move(file), std::move(model),
                                                                     std::move(options), std::move(tournament));
    }
    /// The same with the predictions in memory [upload_predictions(df=...)]: the same check,
    /// the same flow, no temporary file. The bytes are moved into the call.
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto upload_predictions(predictions_data predictions, std::string model, submit_options options = submit_options(),
                            std::optional<numerapi::tournament> tournament = {},
                            CompletionToken&& token = default_token()) {
        return detail::start_call<"upload_predictions_data", std::string>(
            context_, std::forward<CompletionToken>(token), std::move(predictions), std::move(model),
            std::move(options), std::move(tournament));
    }
    /// Uploads predictions for diagnostics [upload_diagnostics] and returns the diagnostics
    /// id; the file is checked as for upload_predictions.
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto upload_diagnostics(std::filesystem::path file, std::string model, submit_options options = submit_options(),
                            std::optional<numerapi::tournament> tournament = {},
                            CompletionToken&& token = default_token()) {
        return detail::start_call<"upload_diagnostics", std::string>(context_, std::forward<CompletionToken>(token),
                                                                     std::move(file), std::move(model),
                                                                     std::move(options), std::move(tournament));
    }
    /// The same with the predictions in memory.
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto upload_diagnostics(predictions_data predictions, std::string model, submit_options options = submit_options(),
                            std::optional<numerapi::tournament> tournament = {},
                            CompletionToken&& token = default_token()) {
        return detail::start_call<"upload_diagnostics_data", std::string>(
            context_, std::forward<CompletionToken>(token), std::move(predictions), std::move(model),
            std::move(options), std::move(tournament));
    }
    /// Diagnostics of a model [diagnostics]: the one with `id`, or all of them.
    template <detail::completion_token_for_result<std::vector<diagnostics_report>> CompletionToken = default_token>
    auto model_diagnostics(std::string model, std::optional<std::string> id = {},
                           CompletionToken&& token = default_token()) {
        return detail::start_call<"model_diagnostics", std::vector<diagnostics_report>>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(id));
    }
    /// Downloads a submitted file [download_submission] to `dest` (default: the server's
    /// file name in the current directory), through the download engine.
    template <detail::completion_token_for_result<download_result> CompletionToken = default_token>
    auto download_submission(std::string submission_id, std::filesystem::path dest = {},
                             download_options options = download_options(), CompletionToken&& token = default_token()) {
        return detail::start_call<"download_submission", download_result>(
            context_, std::forward<CompletionToken>(token), std::move(submission_id), std::move(dest),
            std::move(options));
    }
    /// Downloads the latest submission of `model` (id or account model name), the one
    /// inserted last [download_submission(model_id=...)]. errc::invalid_argument when the
    /// model has none.
    template <detail::completion_token_for_result<download_result> CompletionToken = default_token>
    auto download_latest_submission(std::string model, std::filesystem::path dest = {},
                                    download_options options = download_options(),
                                    CompletionToken&& token = default_token()) {
        return detail::start_call<"download_latest_submission", download_result>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(dest), std::move(options));
    }
    /// The Signals universe file, signals/v1.0/live.parquet, through the download engine
    /// [SignalsAPI.ticker_universe]; its numerai_ticker column is the list numerapi returns
    /// (numerapi-cpp does not read Parquet).
    template <detail::completion_token_for_result<download_result> CompletionToken = default_token>
    auto ticker_universe(std::filesystem::path dest = {}, download_options options = download_options(),
                         CompletionToken&& token = default_token()) {
        return detail::start_call<"ticker_universe", download_result>(context_, std::forward<CompletionToken>(token),
                                                                      std::move(dest), std::move(options));
    }
    /// @}

    /// @name Numerai Compute (private)
    /// @{

    /// Uploads a model pickle for Numerai to run [model_upload]: an upload URL, the file's
    /// bytes through the upload engine (a PUT, retried, a fresh URL when one expires), and
    /// the create mutation, which is not sent twice. Returns the upload's id.
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto model_upload(std::filesystem::path file, std::string model,
                      model_upload_options options = model_upload_options(),
                      std::optional<numerapi::tournament> tournament = {}, CompletionToken&& token = default_token()) {
        return detail::start_call<"model_upload", std::string>(context_, std::forward<CompletionToken>(token),
                                                               std::move(file), std::move(model), std::move(options),
                                                               std::move(tournament));
    }
    /// The data versions a pickle may be run against, name to id [model_upload_data_versions].
    template <detail::completion_token_for_result<std::map<std::string, std::string>> CompletionToken = default_token>
    auto model_upload_data_versions(CompletionToken&& token = default_token()) {
        return detail::start_call<"model_upload_data_versions", std::map<std::string, std::string>>(
            context_, std::forward<CompletionToken>(token));
    }
    /// The docker images a pickle may be run in, name to id [model_upload_docker_images].
    template <detail::completion_token_for_result<std::map<std::string, std::string>> CompletionToken = default_token>
    auto model_upload_docker_images(CompletionToken&& token = default_token()) {
        return detail::start_call<"model_upload_docker_images", std::map<std::string, std::string>>(
            context_, std::forward<CompletionToken>(token));
    }

    /// The selected submission files of a model [get_submission_filenames], by round, with
    /// optional filters.
    template <detail::completion_token_for_result<std::vector<submission>> CompletionToken = default_token>
    auto submission_filenames(std::string model, std::optional<numerapi::tournament> tournament = {},
                              std::optional<round_number> round = {}, CompletionToken&& token = default_token()) {
        return detail::start_call<"submission_filenames", std::vector<submission>>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(tournament), std::move(round));
    }
    /// @}

    /// @name Account (private: needs keys)
    /// @{

    /// Who the keys belong to, with their models [login]. Proves the keys.
    template <detail::completion_token_for_result<account> CompletionToken = default_token>
    auto get_account(CompletionToken&& token = default_token()) {
        return detail::start_call<"get_account", account>(context_, std::forward<CompletionToken>(token));
    }
    /// The account's models of a tournament (default: options().tournament).
    template <detail::completion_token_for_result<std::vector<model>> CompletionToken = default_token>
    auto get_models(std::optional<numerapi::tournament> tournament = {}, CompletionToken&& token = default_token()) {
        return detail::start_call<"get_models", std::vector<model>>(context_, std::forward<CompletionToken>(token),
                                                                    std::move(tournament));
    }

    /// The account's wallet transactions: deposits and withdrawals of NMR
    /// [wallet_transactions].
    template <detail::completion_token_for_result<std::vector<wallet_transaction>> CompletionToken = default_token>
    auto wallet_transactions(CompletionToken&& token = default_token()) {
        return detail::start_call<"wallet_transactions", std::vector<wallet_transaction>>(
            context_, std::forward<CompletionToken>(token));
    }
    /// The name of one of the account's models [modelid_to_modelname].
    template <detail::completion_token_for_result<std::string> CompletionToken = default_token>
    auto model_name(std::string model_id, CompletionToken&& token = default_token()) {
        return detail::start_call<"model_name", std::string>(context_, std::forward<CompletionToken>(token),
                                                             std::move(model_id));
    }
    /// Sets a model's bio [set_bio]; true when the server accepted it. `model` is an id or one
    /// of the account's model names. Setting a value twice is harmless, so a transient failure
    /// is retried.
    template <detail::completion_token_for_result<bool> CompletionToken = default_token>
    auto set_bio(std::string model, std::string bio, CompletionToken&& token = default_token()) {
        return detail::start_call<"set_bio", bool>(context_, std::forward<CompletionToken>(token), std::move(model),
                                                   std::move(bio));
    }
    /// Sets a model's profile link [set_link], as set_bio does.
    template <detail::completion_token_for_result<bool> CompletionToken = default_token>
    auto set_link(std::string model, std::string link_url, std::string link_text = std::string(),
                  CompletionToken&& token = default_token()) {
        return detail::start_call<"set_link", bool>(context_, std::forward<CompletionToken>(token), std::move(model),
                                                    std::move(link_url), std::move(link_text));
    }
    /// Sets the URL Numerai calls when the model's submission is processed
    /// [set_submission_webhook]; nullopt removes it.
    template <detail::completion_token_for_result<bool> CompletionToken = default_token>
    auto set_submission_webhook(std::string model, std::optional<std::string> webhook = {},
                                CompletionToken&& token = default_token()) {
        return detail::start_call<"set_submission_webhook", bool>(context_, std::forward<CompletionToken>(token),
                                                                  std::move(model), std::move(webhook));
    }
    /// @}

    /// @name Public profiles and scores
    /// @{

    /// A model's public profile [get_user]: v3UserProfile (Classic) or v2SignalsProfile.
    template <detail::completion_token_for_result<profile> CompletionToken = default_token>
    auto get_profile(std::string model_name, std::optional<numerapi::tournament> tournament = {},
                     CompletionToken&& token = default_token()) {
        return detail::start_call<"get_profile", profile>(context_, std::forward<CompletionToken>(token),
                                                          std::move(model_name), std::move(tournament));
    }
    /// The models of any account, by name [models_of_account]: ids with their display
    /// names, in the tournament (default options().tournament). Throws errc::graphql_error
    /// for an unknown account.
    template <detail::completion_token_for_result<std::vector<model>> CompletionToken = default_token>
    auto models_of_account(std::string account, std::optional<numerapi::tournament> tournament = {},
                           CompletionToken&& token = default_token()) {
        return detail::start_call<"models_of_account", std::vector<model>>(
            context_, std::forward<CompletionToken>(token), std::move(account), std::move(tournament));
    }
    /// A model's scores, newest round first [get_scores_for_user]. `model` is a model id or
    /// one of the account's model names (a name costs one private call to resolve).
    template <detail::completion_token_for_result<std::vector<submission_score>> CompletionToken = default_token>
    auto submission_scores(std::string model, score_filter filter = score_filter(),
                           std::optional<numerapi::tournament> tournament = {},
                           CompletionToken&& token = default_token()) {
        return detail::start_call<"submission_scores", std::vector<submission_score>>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(filter), std::move(tournament));
    }
    /// Per round, what the model earned or stands to earn [get_earnings_per_round].
    template <detail::completion_token_for_result<std::vector<round_payout>> CompletionToken = default_token>
    auto payouts_per_round(std::string model, std::optional<numerapi::tournament> tournament = {},
                           CompletionToken&& token = default_token()) {
        return detail::start_call<"payouts_per_round", std::vector<round_payout>>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(tournament));
    }

    /// A model's scores within each round, day by day [intra_round_scores]. `model` is a
    /// model id or one of the account's model names.
    template <detail::completion_token_for_result<std::vector<round_scores>> CompletionToken = default_token>
    auto intra_round_scores(std::string model, std::optional<numerapi::tournament> tournament = {},
                            CompletionToken&& token = default_token()) {
        return detail::start_call<"intra_round_scores", std::vector<round_scores>>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(tournament));
    }
    /// The account's payouts in the tournament (default options().tournament), settled and
    /// pending [pending_model_payouts]. Private.
    template <detail::completion_token_for_result<pending_payouts> CompletionToken = default_token>
    auto pending_model_payouts(std::optional<numerapi::tournament> tournament = {},
                               CompletionToken&& token = default_token()) {
        return detail::start_call<"pending_model_payouts", pending_payouts>(
            context_, std::forward<CompletionToken>(token), std::move(tournament));
    }

    /// A model's public performance day by day [daily_model_performances]: v3UserProfile
    /// (Classic) or v2SignalsProfile (Signals, Crypto). Public.
    template <detail::completion_token_for_result<std::vector<daily_performance>> CompletionToken = default_token>
    auto daily_model_performances(std::string model_name, std::optional<numerapi::tournament> tournament = {},
                                  CompletionToken&& token = default_token()) {
        return detail::start_call<"daily_model_performances", std::vector<daily_performance>>(
            context_, std::forward<CompletionToken>(token), std::move(model_name), std::move(tournament));
    }
    /// @}

    /// @name Staking v3, on-chain (private queries)
    ///
    /// What a wallet needs to stake through the staking contract; nothing here moves money.
    /// @{

    /// The authorization to stake up to `max_amount` NMR on a submission [v3_stake_auth].
    template <detail::completion_token_for_result<v3_stake_authorization> CompletionToken = default_token>
    auto v3_stake_auth(std::string submission_id, std::string staker, decimal max_amount,
                       CompletionToken&& token = default_token()) {
        return detail::start_call<"v3_stake_auth", v3_stake_authorization>(
            context_, std::forward<CompletionToken>(token), std::move(submission_id), std::move(staker),
            std::move(max_amount));
    }
    /// The staking contract's settings [v3_stake_config].
    template <detail::completion_token_for_result<v3_stake_configuration> CompletionToken = default_token>
    auto v3_stake_config(CompletionToken&& token = default_token()) {
        return detail::start_call<"v3_stake_config", v3_stake_configuration>(context_,
                                                                             std::forward<CompletionToken>(token));
    }
    /// One round of the staking contract [v3_stake_round].
    template <detail::completion_token_for_result<v3_stake_round_info> CompletionToken = default_token>
    auto v3_stake_round(round_number round, CompletionToken&& token = default_token()) {
        return detail::start_call<"v3_stake_round", v3_stake_round_info>(context_, std::forward<CompletionToken>(token),
                                                                         std::move(round));
    }
    /// A staker's claim for a model in a round, with its proof [v3_stake_claim].
    template <detail::completion_token_for_result<v3_stake_claim_info> CompletionToken = default_token>
    auto v3_stake_claim(round_number round, std::string model_id, std::string staker,
                        CompletionToken&& token = default_token()) {
        return detail::start_call<"v3_stake_claim", v3_stake_claim_info>(
            context_, std::forward<CompletionToken>(token), std::move(round), std::move(model_id), std::move(staker));
    }
    /// @}

    /// @name Leaderboards (public)
    /// @{

    /// `limit` entries of the tournament's model leaderboard from `offset` [get_leaderboard]:
    /// Classic, Signals or Crypto (default options().tournament).
    template <detail::completion_token_for_result<std::vector<leaderboard_entry>> CompletionToken = default_token>
    auto leaderboard(int limit = 50, int offset = 0, std::optional<numerapi::tournament> tournament = {},
                     CompletionToken&& token = default_token()) {
        return detail::start_call<"leaderboard", std::vector<leaderboard_entry>>(
            context_, std::forward<CompletionToken>(token), std::move(limit), std::move(offset), std::move(tournament));
    }
    /// The whole model leaderboard: pages of `page_size` from offset 0 until a page comes
    /// back empty (a short page is no end: a server may cap `limit`). Each page is one
    /// request through the rate gate; a server that sends the same page again for the next
    /// offset, or keeps paging past 100,000 entries (Numerai's leaderboards hold a few
    /// thousand), ends it with errc::invalid_response.
    template <detail::completion_token_for_result<std::vector<leaderboard_entry>> CompletionToken = default_token>
    auto leaderboard_all(std::optional<numerapi::tournament> tournament = {}, int page_size = 100,
                         CompletionToken&& token = default_token()) {
        return detail::start_call<"leaderboard_all", std::vector<leaderboard_entry>>(
            context_, std::forward<CompletionToken>(token), std::move(tournament), std::move(page_size));
    }
    /// `limit` entries of the tournament's account leaderboard from `offset`
    /// [get_account_leaderboard].
    template <detail::completion_token_for_result<std::vector<leaderboard_entry>> CompletionToken = default_token>
    auto account_leaderboard(int limit = 50, int offset = 0, std::optional<numerapi::tournament> tournament = {},
                             CompletionToken&& token = default_token()) {
        return detail::start_call<"account_leaderboard", std::vector<leaderboard_entry>>(
            context_, std::forward<CompletionToken>(token), std::move(limit), std::move(offset), std::move(tournament));
    }
    /// The whole account leaderboard, paged as leaderboard_all does.
    template <detail::completion_token_for_result<std::vector<leaderboard_entry>> CompletionToken = default_token>
    auto account_leaderboard_all(std::optional<numerapi::tournament> tournament = {}, int page_size = 100,
                                 CompletionToken&& token = default_token()) {
        return detail::start_call<"account_leaderboard_all", std::vector<leaderboard_entry>>(
            context_, std::forward<CompletionToken>(token), std::move(tournament), std::move(page_size));
    }
    /// @}

    /// @name Staking (private, except stake_get)
    ///
    /// A stake change moves money, so it is sent at most once. The stake is read before it
    /// and after it: the result says what the server holds, also when the change's answer
    /// was lost (a reset or a timeout after the request left). Then `request` is empty and
    /// nothing was sent again. `model` is an id or one of the account's model names; the
    /// tournament is the model's.
    /// @{

    /// NMR's latest price in US dollars (latestNmrPrice.priceUsd): with stake_get, a
    /// stake's worth in dollars. Exact as the API's text; a price sent as a JSON number is
    /// the decimal of its double. Public.
    template <detail::completion_token_for_result<decimal> CompletionToken = default_token>
    auto latest_nmr_price(CompletionToken&& token = default_token()) {
        return detail::start_call<"latest_nmr_price", decimal>(context_, std::forward<CompletionToken>(token));
    }
    /// A model's stake, by model name [stake_get]: Classic's stakeValue, or the Signals and
    /// Crypto profile's nmrStaked.
    template <detail::completion_token_for_result<decimal> CompletionToken = default_token>
    auto stake_get(std::string model_name, std::optional<numerapi::tournament> tournament = {},
                   CompletionToken&& token = default_token()) {
        return detail::start_call<"stake_get", decimal>(context_, std::forward<CompletionToken>(token),
                                                        std::move(model_name), std::move(tournament));
    }
    /// Adds `nmr` to the model's stake [stake_increase].
    template <detail::completion_token_for_result<stake_change_result> CompletionToken = default_token>
    auto stake_increase(decimal nmr, std::string model, CompletionToken&& token = default_token()) {
        return detail::start_call<"stake_increase", stake_change_result>(context_, std::forward<CompletionToken>(token),
                                                                         std::move(nmr), std::move(model));
    }
    /// Asks to take `nmr` off the model's stake [stake_decrease]; the server releases it at
    /// the request's due date.
    template <detail::completion_token_for_result<stake_change_result> CompletionToken = default_token>
    auto stake_decrease(decimal nmr, std::string model, CompletionToken&& token = default_token()) {
        return detail::start_call<"stake_decrease", stake_change_result>(context_, std::forward<CompletionToken>(token),
                                                                         std::move(nmr), std::move(model));
    }
    /// Asks to release the whole stake [stake_drain].
    template <detail::completion_token_for_result<stake_change_result> CompletionToken = default_token>
    auto stake_drain(std::string model, CompletionToken&& token = default_token()) {
        return detail::start_call<"stake_drain", stake_change_result>(context_, std::forward<CompletionToken>(token),
                                                                      std::move(model));
    }
    /// Brings the stake to `nmr` [stake_set]: an increase or a decrease by the difference,
    /// or nothing sent when the stake is already `nmr`.
    template <detail::completion_token_for_result<stake_change_result> CompletionToken = default_token>
    auto stake_set(decimal nmr, std::string model, CompletionToken&& token = default_token()) {
        return detail::start_call<"stake_set", stake_change_result>(context_, std::forward<CompletionToken>(token),
                                                                    std::move(nmr), std::move(model));
    }
    /// @}

    /// @name Submissions (private)
    /// @{

    /// Every submission of a model (id or account model name), oldest first.
    template <detail::completion_token_for_result<std::vector<submission>> CompletionToken = default_token>
    auto list_submissions(std::string model, CompletionToken&& token = default_token()) {
        return detail::start_call<"list_submissions", std::vector<submission>>(
            context_, std::forward<CompletionToken>(token), std::move(model));
    }
    /// The selected submission of `model` for round `number`
    /// [get_submission_for_round]; nullopt if the model did not submit in that round.
    template <detail::completion_token_for_result<std::optional<submission>> CompletionToken = default_token>
    auto get_submission_for_round(std::string model, round_number number, CompletionToken&& token = default_token()) {
        return detail::start_call<"get_submission_for_round", std::optional<submission>>(
            context_, std::forward<CompletionToken>(token), std::move(model), std::move(number));
    }
    /// @}

private:
    friend struct detail::access;
    explicit client(std::shared_ptr<detail::call_context> context);

    std::shared_ptr<detail::call_context> context_;
};

} // namespace numerapi
