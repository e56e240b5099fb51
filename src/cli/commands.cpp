#include "cli/commands.hpp"

#include "cli/exit_codes.hpp"
#include "cli/json_output.hpp"
#include "common/printable.hpp"

#include <numerapi/round_watcher.hpp>
#include <numerapi/version.hpp>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/this_coro.hpp>

#include <boost/json/parse.hpp>

#include <cctype>
#include <filesystem>
#include <boost/json/serialize.hpp>

#include <iostream>
#include <string>
#include <variant>

#include <csignal>
#include <unistd.h>

namespace numerapi::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {

/// A result: a string prints plainly unless --json; anything else is JSON (pretty, or
/// compact with --json). Control characters are escaped in all of them.
void print(const invocation& in, const json::value& v) {
    if (in.json) std::cout << compact(v) << '\n';
    else if (v.is_string()) std::cout << detail::printable(v.get_string()) << '\n';
    else std::cout << pretty(v) << '\n';
}

template <class T>
std::optional<T> optional_arg(const invocation& in, const char* name) {
    if (!in.args.count(name)) return std::nullopt;
    return in.args[name].as<T>();
}

void no_options(po::options_description&, po::positional_options_description&) {}

/// How the download commands fetch: with progress, and --force.
download_options download_settings(invocation& in) {
    download_options o;
    o.on_progress = [&bars = in.bars](const transfer_progress& p) { bars.update(p); };
    o.progress_interval = std::chrono::milliseconds{200};
    o.skip_unchanged = !in.args["force"].as<bool>();
    return o;
}

constexpr const char* force_help = "fetch even a file that is already there and current (by default a complete file is "
                                   "kept when the server answers that it has not changed)";

json::object file_json(const download_result& r) {
    return {{"path", r.path.string()}, {"size", r.size}, {"unchanged", r.unchanged}};
}

/// Before money moves: --yes goes on; on a terminal, "y" or "yes" does. Without a terminal
/// (a script, a pipe, cron) and without --yes nothing is sent, as gh does: nobody was asked.
/// `action` says what would happen ("stake-drain moves NMR").
bool confirmed(const invocation& in, const std::string& action, const std::string& question) {
    if (in.args["yes"].as<bool>()) return true;
    if (!::isatty(STDIN_FILENO))
        throw exit_now{validation,
                       action +
                           " and there is no terminal to ask on: nothing was sent "
                           "(pass --yes to go on without asking)"};
    std::cerr << detail::printable(question) << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

/// Whether a GraphQL document holds the word `mutation` outside comments and strings: a
/// mutation anywhere in it, or (rarely) a field of that name; either way it is asked about.
bool mentions_mutation(std::string_view document) {
    std::string code;
    bool in_string = false;
    for (std::size_t i = 0; i < document.size(); ++i) {
        const char c = document[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '#') {
            while (i < document.size() && document[i] != '\n') ++i;
        } else {
            code += c;
        }
    }
    for (std::size_t at = code.find("mutation"); at != std::string::npos; at = code.find("mutation", at + 1)) {
        const auto name_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
        if ((at == 0 || !name_char(code[at - 1])) && (at + 8 == code.size() || !name_char(code[at + 8]))) return true;
    }
    return false;
}

void stake_options(po::options_description& o, po::positional_options_description& p, bool amount) {
    if (amount) {
        o.add_options()("nmr", po::value<std::string>()->required(), "the amount of NMR, a decimal");
        p.add("nmr", 1);
    }
    o.add_options()("model_id", po::value<std::string>()->required(),
                    "a model id or name")("yes", po::bool_switch(), "go on without asking (needed without a terminal)");
}

/// A stake change: confirmed, sent once, and its result printed. When its answer was lost
/// the result is printed all the same (the stake read afterwards), and the exit code says
/// that the change's outcome came from that read (network, 4).
boost::asio::awaitable<void> change_stake(invocation& in, const char* verb) {
    const std::string model = in.args["model_id"].as<std::string>();
    const bool drain = std::string_view(verb) == "drain";
    std::optional<decimal> nmr;
    if (!drain) {
        try {
            nmr = decimal(in.args["nmr"].as<std::string>());
        } catch (const std::invalid_argument&) {
            throw error(make_error_code(errc::invalid_argument),
                        {.operation = std::string("stake_") + verb, .client_message = "NMR must be a decimal number"});
        }
    }
    const std::string question = drain ? "Release the whole stake of " + model + "?"
                                       : std::string(verb == std::string_view("increase") ? "Increase" : "Decrease") +
            " the stake of " + model + " by " + nmr->str() + " NMR?";
    if (!confirmed(in, std::string("stake-") + verb + " moves NMR", question))
        throw error(make_error_code(errc::invalid_argument),
                    {.operation = std::string("stake_") + verb, .client_message = "not confirmed: nothing was sent"});
    stake_change_result r;
    if (drain) r = co_await in.api.stake_drain(model);
    else if (verb == std::string_view("increase")) r = co_await in.api.stake_increase(*nmr, model);
    else r = co_await in.api.stake_decrease(*nmr, model);
    print(in, to_json(r));
    if (r.answer_lost) // what happened to the answer, as it happened: a reset is not a timeout
        throw exit_now{network,
                       std::string("stake_") + verb + ": the change was sent and its answer was lost (" +
                           r.answer_lost_reason + "); it was not sent again; the stake is now " + r.stake.str() +
                           " NMR (it was " + r.stake_before.str() + ")"};
}

std::vector<command> make_commands() {
    std::vector<command> c;
    c.push_back({"current-round", "", "the number of the current round", false, no_options,
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     print(in, co_await in.api.get_current_round(in.tournament));
                 }});
    c.push_back({"competitions", "", "the rounds of the tournament, newest first", false, no_options,
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::array out;
                     for (const auto& r : co_await in.api.list_rounds(numerapi::round_filter(), in.tournament))
                         out.push_back(to_json(r));
                     print(in, out);
                 }});
    c.push_back({"list-datasets", "[--round_num N]", "the dataset files of a round", false,
                 [](po::options_description& o, po::positional_options_description&) {
                     o.add_options()("round_num", po::value<int>(), "the round (default: the current one)");
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::array out;
                     for (auto& n : co_await in.api.list_datasets(optional_arg<int>(in, "round_num"), in.tournament))
                         out.emplace_back(n);
                     print(in, out);
                 }});
    c.push_back({"download-dataset", "[--filename F] [--dest_path P] [--round_num N] [--force]",
                 "download one dataset file", false,
                 [](po::options_description& o, po::positional_options_description&) {
                     o.add_options()("filename", po::value<std::string>()->default_value("v5.2/live.parquet"),
                                     "the dataset file")(
                         "dest_path", po::value<std::string>(),
                         "a file, or a directory to put it in (default: the file name)")(
                         "round_num", po::value<int>(),
                         "the round (default: the current one)")("force", po::bool_switch(), force_help);
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     const auto filename = in.args["filename"].as<std::string>();
                     std::filesystem::path dest = optional_arg<std::string>(in, "dest_path").value_or(filename);
                     // A directory, or a path that ends in "/", gets the file under its own name
                     // (wget -P, aria2c -d).
                     std::error_code ec; // a path that cannot be inspected is left to the download to refuse
                     if (dest.filename().empty() || std::filesystem::is_directory(dest, ec))
                         dest /= std::filesystem::path(filename).filename();
                     in.bars.name_the_one_file(filename);
                     auto r = co_await in.api.download_dataset(filename, dest, optional_arg<int>(in, "round_num"),
                                                               download_settings(in), in.tournament);
                     in.bars.finish();
                     if (in.json) print(in, file_json(r));
                     else print(in, json::string(r.path.string()));
                 }});
    c.push_back(
        {"download-current-dataset", "[--dest_path DIR] [--unzip] [--jobs N] [--force]",
         "every file of the current round, in parallel", false,
         [](po::options_description& o, po::positional_options_description&) {
             o.add_options()("dest_path", po::value<std::string>()->default_value("."),
                             "the directory")("unzip", po::bool_switch(), "fetch the legacy zip and extract it")(
                 "jobs", po::value<int>()->default_value(4), "files at once")("force", po::bool_switch(), force_help);
         },
         [](invocation& in) -> boost::asio::awaitable<void> {
             dataset_download_options o;
             o.concurrency = static_cast<std::size_t>(in.args["jobs"].as<int>());
             o.unzip = in.args["unzip"].as<bool>();
             o.legacy_zip = o.unzip;
             o.download = download_settings(in);
             in.bars.name_relative_to(in.args["dest_path"].as<std::string>());
             auto r =
                 co_await in.api.download_current_dataset(in.args["dest_path"].as<std::string>(), o, in.tournament);
             in.bars.finish();
             // One path per line (the files, then what was extracted); the
             // whole document with --json.
             if (!in.json) {
                 for (const auto& f : r.files) print(in, json::string(f.path.string()));
                 for (const auto& p : r.extracted) print(in, json::string(p.string()));
                 co_return;
             }
             json::array files;
             for (const auto& f : r.files) files.push_back(file_json(f));
             json::array extracted;
             for (const auto& p : r.extracted) extracted.emplace_back(p.string());
             print(in, json::object{{"files", std::move(files)}, {"extracted", std::move(extracted)}});
         }});
    c.push_back({"check-new-round", "[--hours H]", "1 if a round opened within the last H hours, else 0", false,
                 [](po::options_description& o, po::positional_options_description&) {
                     o.add_options()("hours", po::value<int>()->default_value(12), "hours");
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     const bool fresh =
                         co_await in.api.check_new_round(std::chrono::hours{in.args["hours"].as<int>()}, in.tournament);
                     print(in, fresh ? 1 : 0);
                 }});
    c.push_back({"account", "", "your account", true, no_options, [](invocation& in) -> boost::asio::awaitable<void> {
                     print(in, to_json(co_await in.api.get_account()));
                 }});
    c.push_back({"models", "", "your models of the tournament, name to id", true, no_options,
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::object out;
                     for (const auto& m : co_await in.api.get_models(in.tournament)) out[m.name] = m.id;
                     print(in, out);
                 }});
    c.push_back({"profile", "USERNAME", "a model's public profile", false,
                 [](po::options_description& o, po::positional_options_description& p) {
                     o.add_options()("username", po::value<std::string>()->required(), "the model");
                     p.add("username", 1);
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     print(in,
                           to_json(co_await in.api.get_profile(in.args["username"].as<std::string>(), in.tournament)));
                 }});
    c.push_back({"submit", "PATH --model_id ID [--live-ids CSV]", "upload predictions; prints the submission id", true,
                 [](po::options_description& o, po::positional_options_description& p) {
                     o.add_options()("path", po::value<std::string>()->required(), "the predictions file")(
                         "model_id", po::value<std::string>()->required(), "a model id or name")(
                         "live-ids", po::value<std::string>(),
                         "a CSV of the round's live ids, with a header naming their column (id, bloomberg_ticker, "
                         "symbol, ...): the local check then judges live rows only, as Numerai does");
                     p.add("path", 1);
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     submit_options o;
                     if (in.args.count("live-ids"))
                         o.check.live = read_live_universe(in.args["live-ids"].as<std::string>());
                     o.upload.on_progress = [&bars = in.bars](const transfer_progress& p) { bars.update(p); };
                     const std::string id = co_await in.api.upload_predictions(
                         in.args["path"].as<std::string>(), in.args["model_id"].as<std::string>(), o, in.tournament);
                     in.bars.finish();
                     if (in.json) print(in, json::object{{"id", id}});
                     else print(in, json::string(id));
                 }});
    c.push_back({"submission-scores", "--model_id ID", "a model's scores, newest round first", true,
                 [](po::options_description& o, po::positional_options_description&) {
                     o.add_options()("model_id", po::value<std::string>()->required(), "a model id or name");
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::array out;
                     for (const auto& s : co_await in.api.submission_scores(in.args["model_id"].as<std::string>(),
                                                                            numerapi::score_filter(), in.tournament))
                         out.push_back(to_json(s));
                     print(in, out);
                 }});
    c.push_back({"submission-filenames", "--model_id ID [--round_num N]",
                 "the files of a model's selected submissions, by round", true,
                 [](po::options_description& o, po::positional_options_description&) {
                     o.add_options()("model_id", po::value<std::string>()->required(),
                                     "a model id or name")("round_num", po::value<int>(), "only this round");
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::array out;
                     for (const auto& s : co_await in.api.submission_filenames(
                              in.args["model_id"].as<std::string>(), in.tournament, optional_arg<int>(in, "round_num")))
                         out.push_back(to_json(s));
                     print(in, out);
                 }});
    c.push_back({"transactions", "", "your wallet's NMR deposits and withdrawals", true, no_options,
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::array out;
                     for (const auto& t : co_await in.api.wallet_transactions()) out.push_back(to_json(t));
                     print(in, out);
                 }});
    c.push_back({"leaderboard", "[--limit N] [--offset N] [--all]", "the tournament's model leaderboard", false,
                 [](po::options_description& o, po::positional_options_description&) {
                     o.add_options()("limit", po::value<int>()->default_value(20),
                                     "entries")("offset", po::value<int>()->default_value(0), "entries to skip")(
                         "all", po::bool_switch(), "every entry, page after page");
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     std::vector<leaderboard_entry> entries;
                     if (in.args["all"].as<bool>()) entries = co_await in.api.leaderboard_all(in.tournament);
                     else
                         entries = co_await in.api.leaderboard(in.args["limit"].as<int>(), in.args["offset"].as<int>(),
                                                               in.tournament);
                     json::array out;
                     for (const auto& e : entries) out.push_back(to_json(e));
                     print(in, out);
                 }});
    c.push_back({"daily-model-performances", "USERNAME", "a model's reputation and ranks, day by day", false,
                 [](po::options_description& o, po::positional_options_description& p) {
                     o.add_options()("username", po::value<std::string>()->required(), "the model");
                     p.add("username", 1);
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::array out;
                     for (const auto& d : co_await in.api.daily_model_performances(
                              in.args["username"].as<std::string>(), in.tournament))
                         out.push_back(to_json(d));
                     print(in, out);
                 }});
    c.push_back({"stake-get", "USERNAME", "a model's stake in NMR", false,
                 [](po::options_description& o, po::positional_options_description& p) {
                     o.add_options()("username", po::value<std::string>()->required(), "the model");
                     p.add("username", 1);
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     const decimal stake =
                         co_await in.api.stake_get(in.args["username"].as<std::string>(), in.tournament);
                     if (in.json) print(in, json::object{{"stake", stake.str()}});
                     else print(in, json::string(stake.str()));
                 }});
    c.push_back({"stake-increase", "NMR --model_id ID [--yes]", "add NMR to a model's stake", true,
                 [](po::options_description& o, po::positional_options_description& p) { stake_options(o, p, true); },
                 [](invocation& in) { return change_stake(in, "increase"); }});
    c.push_back({"stake-decrease", "NMR --model_id ID [--yes]", "take NMR off a model's stake", true,
                 [](po::options_description& o, po::positional_options_description& p) { stake_options(o, p, true); },
                 [](invocation& in) { return change_stake(in, "decrease"); }});
    c.push_back({"stake-drain", "--model_id ID [--yes]", "release a model's whole stake", true,
                 [](po::options_description& o, po::positional_options_description& p) { stake_options(o, p, false); },
                 [](invocation& in) { return change_stake(in, "drain"); }});
    c.push_back(
        {"watch", "[--model_id ID [--submissions] [--diagnostics_id ID]...] [--closing_within MIN] [--max_interval S]",
         "one JSON line per event (new round, closing, scores, submission, diagnostics), until stopped", false,
         [](po::options_description& o, po::positional_options_description&) {
             o.add_options()("model_id", po::value<std::string>(),
                             "also watch this model's scores (an id, or a name with keys)")(
                 "submissions", po::bool_switch(), "tell each new submission of the model (needs keys)")(
                 "diagnostics_id", po::value<std::vector<std::string>>()->composing(),
                 "follow this diagnostics run of the model: its status now, then each change (needs keys)")(
                 "closing_within", po::value<int>(), "tell when the open round closes within MIN minutes")(
                 "max_interval", po::value<double>()->default_value(900),
                 "the longest wait between two looks, seconds");
         },
         [](invocation& in) -> boost::asio::awaitable<void> {
             using namespace boost::asio::experimental::awaitable_operators;
             watch_options o;
             o.tournament = in.tournament;
             o.model = optional_arg<std::string>(in, "model_id");
             o.submissions = in.args["submissions"].as<bool>();
             if (auto runs = optional_arg<std::vector<std::string>>(in, "diagnostics_id"))
                 o.diagnostics = std::move(*runs);
             if (auto minutes = optional_arg<int>(in, "closing_within"))
                 o.closing_within = std::chrono::minutes{*minutes};
             const double interval = in.args["max_interval"].as<double>();
             if (!(interval > 0 && interval <= 86400))
                 throw error(make_error_code(errc::invalid_argument),
                             {.operation = "watch", .client_message = "--max_interval must be 0-86400 seconds"});
             o.max_interval = std::chrono::milliseconds{static_cast<std::int64_t>(interval * 1000)};
             round_watcher watcher{in.api, o};
             // Until SIGINT or SIGTERM: a stop is a normal end (exit 0).
             const auto executor = co_await boost::asio::this_coro::executor; // not in braces (GCC 12)
             boost::asio::signal_set stop(executor, SIGINT, SIGTERM);
             // Asio's || waits for the first side to *succeed*: a watcher that fails (a revoked
             // key, an unknown model) must end the race too, so its failure is a value here.
             const auto next_or_failure =
                 [&watcher]() -> boost::asio::awaitable<std::variant<round_event, std::exception_ptr>> {
                 try {
                     co_return co_await watcher.next();
                 } catch (const boost::system::system_error& e) {
                     if (e.code() == boost::asio::error::operation_aborted) throw; // stopped: the signal won
                     co_return std::current_exception();
                 }
             };
             for (;;) {
                 // (|| flattens the variants: an event, a failure, or the stop signal.)
                 auto next = co_await (next_or_failure() || stop.async_wait(boost::asio::use_awaitable));
                 if (const auto* failure = std::get_if<std::exception_ptr>(&next)) std::rethrow_exception(*failure);
                 const auto* told = std::get_if<round_event>(&next);
                 if (!told) co_return; // SIGINT or SIGTERM
                 std::cout << compact(to_json(*told)) << std::endl;
             }
         }});
    c.push_back({"raw", "QUERY [--variables JSON]", "any GraphQL document; prints its data", false,
                 [](po::options_description& o, po::positional_options_description& p) {
                     o.add_options()("query", po::value<std::string>()->required(),
                                     "the GraphQL document")("variables", po::value<std::string>(), "a JSON object")(
                         "yes", po::bool_switch(), "send a mutation without asking (needed without a terminal)");
                     p.add("query", 1);
                 },
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     json::value variables = nullptr;
                     if (auto text = optional_arg<std::string>(in, "variables")) {
                         boost::system::error_code ec;
                         variables = json::parse(*text, ec);
                         if (ec || !variables.is_object())
                             throw error(make_error_code(errc::invalid_argument),
                                         {.operation = "raw", .client_message = "--variables must be a JSON object"});
                     }
                     const bool keys = in.api.options().keys.has_value();
                     const std::string document = in.args["query"].as<std::string>();
                     // A mutation may move money (v2ChangeStake): asked first, as the stake commands are.
                     if (mentions_mutation(document) &&
                         !confirmed(in, "raw sends a mutation",
                                    "Send this GraphQL mutation to " + in.api.options().api_url + "?"))
                         throw error(make_error_code(errc::invalid_argument),
                                     {.operation = "raw", .client_message = "not confirmed: nothing was sent"});
                     print(in, co_await in.api.raw_query(document, variables, keys));
                 }});
    c.push_back({"version", "", "the version of numerapi-cpp", false, no_options,
                 [](invocation& in) -> boost::asio::awaitable<void> {
                     print(in, NUMERAPI_VERSION_STRING);
                     co_return;
                 }});
    return c;
}

} // namespace

const std::vector<command>& commands() {
    static const std::vector<command> all = make_commands();
    return all;
}

} // namespace numerapi::cli
