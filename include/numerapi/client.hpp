// numerapi::client: the Numerai tournament API as C++20 coroutines.
//
//     boost::asio::io_context ioc;
//     numerapi::client api{ioc.get_executor()};           // keys from the environment
//     boost::asio::co_spawn(ioc, [&]() -> boost::asio::awaitable<void> {
//         int round = co_await api.get_current_round();
//         for (auto& name : co_await api.list_datasets()) std::cout << name << '\n';
//     }, boost::asio::detached);
//     ioc.run();
//
// Executor and concurrency. A client is not thread-safe. A call runs on the executor of
// the coroutine that awaits it (its sockets and timers are made there), and the client's
// shared state (the pool, the rate gate) is not locked: every call of one client, and of
// the views made by with(), must come from coroutines that never run at the same time (one
// thread running the io_context, or one strand for all of them). Any number of calls may be
// outstanding at once; they share a pool of at most
// client_options::max_connections_per_host kept-alive TLS connections per host, and calls
// beyond that wait for a free connection. The client must outlive every call it started.
// Progress callbacks and the event sink (client_options::events) run on that same
// executor, inside the call.
//
// GCC 12. Its coroutines destroy a brace-initialised aggregate temporary twice when the
// temporary is made inside a co_await expression (`co_await api.download(url, path, {})`,
// `co_await api.upload(url, path, {.content_type = "x"})`: a crash or a double free in the
// caller's frame). Default arguments here are written `T()`, which GCC 12 handles, so every
// call can be made with its defaults; options passed explicitly should be named variables:
//     numerapi::download_options options;
//     options.segments = 4;
//     auto result = co_await api.download(url, path, options);
//
// Errors. Failures throw numerapi::error (see error.hpp), and nothing else, whose
// diagnostics name the operation, the HTTP status and the server's messages. Outcomes a caller normally
// branches on come back as values (std::optional, bool).
//
// Retries and rate limits. Every call runs through one retry loop (retry.hpp) and one
// client-wide rate gate: a 429 or 503 with Retry-After pauses every call of the client to
// that host; client_options::rate_limit sets a requests-per-second ceiling, and after a 429
// the gate keeps to the rate the host accepted. Policies are per client (client_options)
// and per call: `co_await api.with({.retry = {.max_attempts = 10}}).get_current_round()`.
//
// Cancellation. Every call honours terminal per-operation cancellation (for example a
// deadline built with boost::asio::experimental::awaitable_operators, `call || timer`):
// the call ends with a numerapi::error whose code is boost::asio::error::operation_aborted. Partial and total cancellation are not supported
// separately; they end a call as terminal cancellation does, at its next asynchronous step.
// After a cancellation, a connection whose request was cut off is closed rather than
// returned to the pool, a download keeps what it received in its .part file (nothing is at
// its final path), and an upload leaves nothing behind on the client. A cancelled
// upload_predictions may have created the submission on the server if the cancellation
// came after create_submission was sent; list_submissions tells.
#pragma once

#include <numerapi/client_options.hpp>
#include <numerapi/error.hpp>
#include <numerapi/predictions_check.hpp>
#include <numerapi/retry.hpp>
#include <numerapi/transfer.hpp>
#include <numerapi/types.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace numerapi {

namespace detail {
class exchanger;
class clock;
} // namespace detail

/// How upload_predictions and upload_diagnostics submit.
struct submit_options {
    /// dataDatestamp (e.g. 20260320): predictions made from an earlier day's live data.
    std::optional<int> data_datestamp;
    /// triggerId; default: the TRIGGER_ID environment variable (set by Numerai Compute).
    std::optional<std::string> trigger_id;
    /// Upload through a multipart/form-data POST (S3 presigned POST form: a `key` field and
    /// a `file` part) instead of a PUT.
    bool use_form = false;
    /// How long to wait for a new round to open when the upload was refused during a
    /// round rollover.
    std::chrono::milliseconds rollover_wait{std::chrono::minutes{30}};
    /// The transfer's options (progress, buffer, extra headers). For predictions, the
    /// NUMERAI_COMPUTE_ID environment variable adds `x_compute_id`, as numerapi does.
    upload_options upload;
    /// How the file is checked before anything is sent: with `check.live`, the round's live
    /// ids, the rules numerai-tools applies to live rows are applied exactly (see
    /// check_predictions); without, conservatively.
    predictions_check_options check;
};

class client {
public:
    using executor_type = boost::asio::any_io_executor;

    /// Throws numerapi::error (errc::invalid_argument) for a bad api_url or ca_file.
    explicit client(executor_type executor, client_options options = {});
    /// For tests: the same client over a scripted exchange of requests (nullptr: the
    /// network) and an injected clock (nullptr: real time).
    client(executor_type executor, client_options options, std::unique_ptr<detail::exchanger> network,
           std::shared_ptr<detail::clock> clock = nullptr);
    ~client();
    client(client&&) noexcept;
    client& operator=(client&&) noexcept;

    executor_type get_executor() const;
    const client_options& options() const;

    /// A view of this client whose calls use `policies` instead of the client's retry and
    /// backoff policies. It shares this client's connections and rate gate; this client
    /// must outlive it.
    client with(call_policies policies) const;

    // ---- Generic --------------------------------------------------------------------

    /// Sends any GraphQL document and returns its `data` object [raw_query]. `variables`
    /// is an object or null. `authorization` sends the keys.
    boost::asio::awaitable<boost::json::object> raw_query(std::string document, boost::json::value variables = nullptr,
                                                          bool authorization = false);

    // ---- Rounds (public) --------------------------------------------------------------

    /// The number of the open round [get_current_round]. Throws errc::round_not_open
    /// between rounds.
    boost::asio::awaitable<int> get_current_round(std::optional<int> tournament = {});
    /// Rounds of the tournament, newest first [get_all_competitions, list_rounds].
    boost::asio::awaitable<std::vector<round>> list_rounds(round_filter filter = round_filter(), std::optional<int> tournament = {});
    /// One round; `number` 0 is the current one [get_competition]. nullopt if there is none.
    boost::asio::awaitable<std::optional<round>> get_round(int number, std::optional<int> tournament = {});
    /// Whether the current round accepts submissions now (openTime < now <
    /// closeStakingTime). false, not an error, between rounds (numerapi issue #94).
    boost::asio::awaitable<bool> check_round_open(std::optional<int> tournament = {});
    /// Whether the current round opened less than `hours` ago; false between rounds.
    boost::asio::awaitable<bool> check_new_round(std::chrono::hours hours = std::chrono::hours{12},
                                                 std::optional<int> tournament = {});

    // ---- Datasets (public) ------------------------------------------------------------

    /// Names of the dataset files of a round (default: the current one), e.g.
    /// "v5.2/train.parquet".
    boost::asio::awaitable<std::vector<std::string>> list_datasets(std::optional<int> round = {},
                                                                   std::optional<int> tournament = {});
    /// The presigned URL of one dataset file.
    boost::asio::awaitable<std::string> dataset_url(std::string filename, std::optional<int> round = {},
                                                    std::optional<int> tournament = {});

    /// Downloads one dataset file [download_dataset] to `dest` (default: the file's name,
    /// e.g. "v5.2/train.parquet", under the current directory; parent directories are
    /// created). Streams through `<dest>.part`, resumes after transient failures, fetches a
    /// fresh URL when the presigned one expires, and renames to `dest` only when complete.
    boost::asio::awaitable<download_result> download_dataset(std::string filename, std::filesystem::path dest = {},
                                                             std::optional<int> round = {},
                                                             download_options options = download_options(),
                                                             std::optional<int> tournament = {});

    /// Every file of the current round's dataset (or those `options.filter` selects), in
    /// parallel, into `dest_dir` [download_current_dataset]. Files that fail do not stop the
    /// others; when all have ended, the first failure is thrown (what arrived of the failed
    /// ones stays in their .part files, and the next call resumes them).
    boost::asio::awaitable<dataset_download_result> download_current_dataset(std::filesystem::path dest_dir,
                                                                             dataset_download_options options = dataset_download_options(),
                                                                             std::optional<int> tournament = {});

    // ---- Transfers ----------------------------------------------------------------------

    /// Downloads any https URL (a presigned URL, for example) to `path`, as download_dataset
    /// does, without URL renewal. A file is at `path` complete and checked, or not at all.
    boost::asio::awaitable<download_result> download(std::string url, std::filesystem::path path,
                                                     download_options options = download_options());

    /// Uploads a file's raw bytes with a PUT to a presigned URL (Content-Length, never
    /// chunked). Checks the status, and an MD5 ETag against what was sent; a transient
    /// failure sends the file again.
    boost::asio::awaitable<upload_result> upload(std::string url, std::filesystem::path path,
                                                 upload_options options = upload_options());
    /// POSTs a multipart/form-data body: `fields` in order, then `file`, streamed from disk
    /// (an S3 presigned POST form, or a GraphQL multipart request).
    boost::asio::awaitable<upload_result> upload_form(std::string url, std::vector<form_field> fields, form_file file,
                                                      upload_options options = upload_options());

    // ---- Submitting (private) ---------------------------------------------------------

    /// Submits predictions [upload_predictions] for `model` (an id, or one of the account's
    /// model names) in the tournament (8, 11 or 12; default options().tournament) and
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
    boost::asio::awaitable<std::string> upload_predictions(std::filesystem::path file, std::string model,
                                                           submit_options options = submit_options(),
                                                           std::optional<int> tournament = {});
    /// Uploads predictions for diagnostics [upload_diagnostics] and returns the diagnostics
    /// id; the file is checked as for upload_predictions.
    boost::asio::awaitable<std::string> upload_diagnostics(std::filesystem::path file, std::string model,
                                                           submit_options options = submit_options(),
                                                           std::optional<int> tournament = {});
    /// Diagnostics of a model [diagnostics]: the one with `id`, or all of them.
    boost::asio::awaitable<std::vector<diagnostics_report>> diagnostics(std::string model,
                                                                        std::optional<std::string> id = {});
    /// Downloads a submitted file [download_submission] to `dest` (default: the server's
    /// file name in the current directory), through the download engine.
    boost::asio::awaitable<download_result> download_submission(std::string submission_id,
                                                                std::filesystem::path dest = {},
                                                                download_options options = download_options());
    /// The selected submission files of a model [get_submission_filenames], by round, with
    /// optional filters.
    boost::asio::awaitable<std::vector<submission>> submission_filenames(std::string model,
                                                                        std::optional<int> tournament = {},
                                                                        std::optional<int> round = {});

    // ---- Account (private: needs keys) ------------------------------------------------

    /// Who the keys belong to, with their models [login]. Proves the keys.
    boost::asio::awaitable<account> get_account();
    /// The account's models of a tournament (default: options().tournament).
    boost::asio::awaitable<std::vector<model>> get_models(std::optional<int> tournament = {});

    // ---- Public profiles and scores ---------------------------------------------------

    /// A model's public profile [get_user]: v3UserProfile (Classic) or v2SignalsProfile.
    boost::asio::awaitable<profile> get_profile(std::string model_name, std::optional<int> tournament = {});
    /// A model's scores, newest round first [get_scores_for_user]. `model` is a model id or
    /// one of the account's model names (a name costs one private call to resolve).
    boost::asio::awaitable<std::vector<submission_score>> submission_scores(std::string model, score_filter filter = score_filter(),
                                                                           std::optional<int> tournament = {});
    /// Per round, what the model earned or stands to earn [get_earnings_per_round].
    boost::asio::awaitable<std::vector<round_payout>> payouts_per_round(std::string model,
                                                                       std::optional<int> tournament = {});

    // ---- Submissions (private) --------------------------------------------------------

    /// Every submission of a model (id or account model name), oldest first.
    boost::asio::awaitable<std::vector<submission>> list_submissions(std::string model);
    /// The selected submission of `model` for round `round_number`
    /// [get_submission_for_round]; nullopt if the model did not submit in that round.
    boost::asio::awaitable<std::optional<submission>> get_submission_for_round(std::string model, int round_number);

    /// The implementation (opaque; declared here so that its files can name it).
    struct shared_state;
    struct impl;

private:
    explicit client(std::unique_ptr<impl> i);
    std::unique_ptr<impl> impl_;
};

} // namespace numerapi
