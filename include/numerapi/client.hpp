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
// Executor and concurrency. All calls run on the executor the client was created with,
// which must not run handlers concurrently: a one-thread io_context or a strand. Any
// number of calls may be outstanding at once, from any number of coroutines on that
// executor; they share a pool of at most client_options::max_connections_per_host
// kept-alive TLS connections per host, and calls beyond that wait for a free connection.
// The client must outlive every call it started.
//
// Errors. Failures throw numerapi::error (see error.hpp), whose diagnostics name the
// operation, the HTTP status and the server's messages. Outcomes a caller normally
// branches on come back as values (std::optional, bool).
//
// Cancellation. Calls are built from Asio operations that honour terminal per-operation
// cancellation (for example a deadline built with
// boost::asio::experimental::awaitable_operators): a cancelled call ends with an error
// (boost::asio::error::operation_aborted), a connection whose request was cut off is closed
// rather than returned to the pool (a lease returns only connections that read a complete
// response), and a download keeps what it received in its .part file. Tests of these
// guarantees under load are still to come (issue 6); until then treat them as intended
// behaviour, not a tested contract.
#pragma once

#include <numerapi/client_options.hpp>
#include <numerapi/error.hpp>
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
class transport;
}

class client {
public:
    using executor_type = boost::asio::any_io_executor;

    /// Throws numerapi::error (errc::invalid_argument) for a bad api_url or ca_file.
    explicit client(executor_type executor, client_options options = {});
    /// For tests: the same client over a scripted transport instead of the network.
    client(executor_type executor, client_options options, std::unique_ptr<detail::transport> transport);
    ~client();
    client(client&&) noexcept;
    client& operator=(client&&) noexcept;

    executor_type get_executor() const;
    const client_options& options() const;

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
    boost::asio::awaitable<std::vector<round>> list_rounds(round_filter filter = {}, std::optional<int> tournament = {});
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
                                                             download_options options = {},
                                                             std::optional<int> tournament = {});

    /// Every file of the current round's dataset (or those `options.filter` selects), in
    /// parallel, into `dest_dir` [download_current_dataset]. Files that fail do not stop the
    /// others; when all have ended, the first failure is thrown (what arrived of the failed
    /// ones stays in their .part files, and the next call resumes them).
    boost::asio::awaitable<dataset_download_result> download_current_dataset(std::filesystem::path dest_dir,
                                                                             dataset_download_options options = {},
                                                                             std::optional<int> tournament = {});

    // ---- Transfers ----------------------------------------------------------------------

    /// Downloads any https URL (a presigned URL, for example) to `path`, as download_dataset
    /// does, without URL renewal. A file is at `path` complete and checked, or not at all.
    boost::asio::awaitable<download_result> download(std::string url, std::filesystem::path path,
                                                     download_options options = {});

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
    boost::asio::awaitable<std::vector<submission_score>> submission_scores(std::string model, score_filter filter = {},
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

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace numerapi
