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

#include <algorithm>
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

/// The round given with --round_num, if any.
std::optional<round_number> optional_round(const invocation& in) {
    const auto number = optional_arg<int>(in, "round_num");
    return number ? std::optional(round_number(*number)) : std::nullopt;
}

const char* tournament_name(int t) { return t == 8 ? "Classic" : t == 11 ? "Signals" : "Crypto"; }

/// The model a submission goes to must be the account's, in the tournament asked: checked
/// before the file is uploaded (the API would refuse it only after). Names the tournament
/// it is in when it is in another. (One account query: its models carry their tournament.)
boost::asio::awaitable<void> require_model_in_tournament(invocation& in, const std::string& model) {
    const account me = co_await in.api.get_account();
    for (const auto& m : me.models) {
        if (m.id != model && m.name != model) continue;
        if (m.tournament == number_of(in.tournament) || m.tournament == 0) co_return; // (0: the API did not say)
        throw exit_now{validation,
                       "the model " + detail::printable(model) + " is a " + tournament_name(m.tournament) +
                           " model: pass --tournament " + std::to_string(m.tournament) + " (nothing was sent)"};
    }
    throw exit_now{validation,
                   "your account has no model " + detail::printable(model) +
                       " (numerapi models --tournament N lists them; nothing was sent)"};
}

/// How the download commands fetch: with progress, and --force.
download_options download_settings(invocation& in) {
    download_options o;
    o.on_progress = [&bars = in.bars](const transfer_progress& p) { bars.update(p); };
    o.progress_interval = std::chrono::milliseconds{200};
    o.skip_unchanged = !in.args["force"].as<bool>();
    o.segments = static_cast<unsigned>(in.args["segments"].as<int>());
    return o;
}

/// The options every download command has.
void download_options_of(po::options_description& o) {
    o.add_options()("segments", po::value<int>()->default_value(default_segments)->value_name("N"),
                    "byte ranges of one file fetched at once, each on its own connection, past a "
                    "file host's cap per connection (1: one stream; files under 16 MiB always get one)")(
        "force", po::bool_switch(),
        "fetch even a file that is already there and current (by default a complete file is "
        "kept when the server answers that it has not changed)");
}

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

void stake_options(po::options_description& o) {
    o.add_options()("model_id", po::value<std::string>()->required()->value_name("ID"),
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
        const auto text = in.args["nmr"].as<std::string>();
        try {
            nmr = decimal(text);
        } catch (const std::invalid_argument&) {
            throw exit_now{validation, "NMR \"" + detail::printable(text) + "\" is not a decimal number (e.g. 1.5)"};
        }
    }
    const std::string question = drain ? "Release the whole stake of " + model + "?"
                                       : std::string(verb == std::string_view("increase") ? "Increase" : "Decrease") +
            " the stake of " + model + " by " + nmr->str() + " NMR?";
    if (!confirmed(in, std::string("stake-") + verb + " moves NMR", question))
        throw exit_now{validation, std::string("stake-") + verb + " was not confirmed: nothing was sent"};
    stake_change_result r;
    if (drain) r = co_await in.api.stake_drain(model);
    else if (verb == std::string_view("increase")) r = co_await in.api.stake_increase(*nmr, model);
    else r = co_await in.api.stake_decrease(*nmr, model);
    print(in, to_json(r));
    if (r.answer_lost) // what happened to the answer, as it happened: a reset is not a timeout
        throw exit_now{network,
                       std::string("stake-") + verb + ": the change was sent and its answer was lost (" +
                           r.answer_lost_reason + "); it was not sent again; the stake is now " + r.stake.str() +
                           " NMR (it was " + r.stake_before.str() + ")"};
}

std::vector<command> make_commands() {
    using awaitable = boost::asio::awaitable<void>;
    const auto none = [](po::options_description&) {};
    std::vector<command> c;
    c.push_back({"current-round",
                 "the number of the current round",
                 {},
                 false,
                 none,
                 "current-round --tournament 11",
                 [](invocation& in) -> awaitable { print(in, co_await in.api.get_current_round(in.tournament)); }});
    c.push_back({"competitions",
                 "the rounds of the tournament, newest first",
                 {},
                 false,
                 none,
                 "competitions",
                 [](invocation& in) -> awaitable {
                     json::array out;
                     for (const auto& r : co_await in.api.list_rounds(numerapi::round_filter(), in.tournament))
                         out.push_back(to_json(r));
                     print(in, out);
                 }});
    c.push_back({"list-datasets",
                 "the dataset files of a round",
                 {},
                 false,
                 [](po::options_description& o) {
                     o.add_options()("round_num", po::value<int>()->value_name("N"),
                                     "the round (default: the current one)");
                 },
                 "list-datasets --round_num 1150",
                 [](invocation& in) -> awaitable {
                     json::array out;
                     for (auto& n : co_await in.api.list_datasets(optional_round(in), in.tournament))
                         out.emplace_back(n);
                     print(in, out);
                 }});
    c.push_back({"download-dataset",
                 "download one dataset file; prints its path",
                 {},
                 false,
                 [](po::options_description& o) {
                     o.add_options()("filename",
                                     po::value<std::string>()->default_value("v5.2/live.parquet")->value_name("NAME"),
                                     "the dataset file, as list-datasets names it")(
                         "dest_path", po::value<std::string>()->value_name("PATH"),
                         "a file, or a directory to put it in (default: the file name)")(
                         "round_num", po::value<int>()->value_name("N"), "the round (default: the current one)");
                     download_options_of(o);
                 },
                 "download-dataset --filename v5.2/train.parquet --dest_path data/",
                 [](invocation& in) -> awaitable {
                     const auto filename = in.args["filename"].as<std::string>();
                     std::filesystem::path dest = optional_arg<std::string>(in, "dest_path").value_or(filename);
                     // A directory, or a path that ends in "/", gets the file under its own name
                     // (wget -P, aria2c -d).
                     std::error_code ec; // a path that cannot be inspected is left to the download to refuse
                     if (dest.filename().empty() || std::filesystem::is_directory(dest, ec))
                         dest /= std::filesystem::path(filename).filename();
                     in.bars.name_the_one_file(filename);
                     auto r = co_await in.api.download_dataset(filename, dest, optional_round(in),
                                                               download_settings(in), in.tournament);
                     in.bars.finish();
                     if (in.json) print(in, file_json(r));
                     else print(in, json::string(r.path.string()));
                 }});
    c.push_back(
        {"download-current-dataset",
         "every file of the current round, in parallel; prints their paths",
         {},
         false,
         [](po::options_description& o) {
             o.add_options()("dest_path", po::value<std::string>()->default_value(".")->value_name("DIR"),
                             "the directory")("unzip", po::bool_switch(), "fetch the legacy zip and extract it")(
                 "jobs", po::value<int>()->default_value(4)->value_name("N"),
                 "files at once (with --segments: at most N x segments connections)");
             download_options_of(o);
         },
         "download-current-dataset --dest_path data --jobs 4",
         [](invocation& in) -> awaitable {
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
    c.push_back({"check-new-round",
                 "1 if a round opened within the last H hours, else 0",
                 {},
                 false,
                 [](po::options_description& o) {
                     o.add_options()("hours", po::value<int>()->default_value(12)->value_name("H"), "hours");
                 },
                 "check-new-round --hours 24",
                 [](invocation& in) -> awaitable {
                     const bool fresh =
                         co_await in.api.check_new_round(std::chrono::hours{in.args["hours"].as<int>()}, in.tournament);
                     print(in, fresh ? 1 : 0);
                 }});
    c.push_back({"account", "your account", {}, true, none, "account", [](invocation& in) -> awaitable {
                     print(in, to_json(co_await in.api.get_account()));
                 }});
    c.push_back({"models",
                 "your models of the tournament, name to id",
                 {},
                 true,
                 none,
                 "models --tournament 11",
                 [](invocation& in) -> awaitable {
                     json::object out;
                     for (const auto& m : co_await in.api.get_models(in.tournament)) out[m.name] = m.id;
                     print(in, out);
                 }});
    c.push_back({"profile",
                 "a model's public profile",
                 {{"username", "the model's name"}},
                 false,
                 none,
                 "profile integration_test",
                 [](invocation& in) -> awaitable {
                     print(in,
                           to_json(co_await in.api.get_profile(in.args["username"].as<std::string>(), in.tournament)));
                 }});
    c.push_back({"submit",
                 "check and upload predictions; prints the submission id",
                 {{"path", "the predictions file (CSV or Parquet)"}},
                 true,
                 [](po::options_description& o) {
                     o.add_options()("model_id", po::value<std::string>()->required()->value_name("ID"),
                                     "a model id or name")(
                         "live-ids", po::value<std::string>()->value_name("CSV"),
                         "a CSV of the round's live ids, with a header naming their column (id, bloomberg_ticker, "
                         "symbol, ...): the local check then judges live rows only, as Numerai does");
                 },
                 "submit predictions.csv --model_id my_model",
                 [](invocation& in) -> awaitable {
                     submit_options o;
                     if (in.args.count("live-ids"))
                         o.check.live = read_live_universe(in.args["live-ids"].as<std::string>());
                     o.upload.on_progress = [&bars = in.bars](const transfer_progress& p) { bars.update(p); };
                     co_await require_model_in_tournament(in, in.args["model_id"].as<std::string>());
                     const std::string id = co_await in.api.upload_predictions(
                         in.args["path"].as<std::string>(), in.args["model_id"].as<std::string>(), o, in.tournament);
                     in.bars.finish();
                     if (in.json) print(in, json::object{{"id", id}});
                     else print(in, json::string(id));
                 }});
    c.push_back({"submission-scores",
                 "a model's scores, newest round first",
                 {},
                 true,
                 [](po::options_description& o) {
                     o.add_options()("model_id", po::value<std::string>()->required()->value_name("ID"),
                                     "a model id or name");
                 },
                 "submission-scores --model_id my_model",
                 [](invocation& in) -> awaitable {
                     json::array out;
                     for (const auto& s : co_await in.api.submission_scores(in.args["model_id"].as<std::string>(),
                                                                            numerapi::score_filter(), in.tournament))
                         out.push_back(to_json(s));
                     print(in, out);
                 }});
    c.push_back({"submission-filenames",
                 "the files of a model's selected submissions, by round",
                 {},
                 true,
                 [](po::options_description& o) {
                     o.add_options()("model_id", po::value<std::string>()->required()->value_name("ID"),
                                     "a model id or name")("round_num", po::value<int>()->value_name("N"),
                                                           "only this round");
                 },
                 "submission-filenames --model_id my_model --round_num 1150",
                 [](invocation& in) -> awaitable {
                     json::array out;
                     for (const auto& s : co_await in.api.submission_filenames(in.args["model_id"].as<std::string>(),
                                                                               in.tournament, optional_round(in)))
                         out.push_back(to_json(s));
                     print(in, out);
                 }});
    c.push_back({"transactions",
                 "your wallet's NMR deposits and withdrawals",
                 {},
                 true,
                 none,
                 "transactions",
                 [](invocation& in) -> awaitable {
                     json::array out;
                     for (const auto& t : co_await in.api.wallet_transactions()) out.push_back(to_json(t));
                     print(in, out);
                 }});
    c.push_back({"leaderboard",
                 "the tournament's model leaderboard",
                 {},
                 false,
                 [](po::options_description& o) {
                     o.add_options()("limit", po::value<int>()->default_value(20)->value_name("N"), "entries")(
                         "offset", po::value<int>()->default_value(0)->value_name("N"),
                         "entries to skip")("all", po::bool_switch(), "every entry, page after page");
                 },
                 "leaderboard --limit 10 --tournament 11",
                 [](invocation& in) -> awaitable {
                     std::vector<leaderboard_entry> entries;
                     if (in.args["all"].as<bool>()) entries = co_await in.api.leaderboard_all(in.tournament);
                     else
                         entries = co_await in.api.leaderboard(in.args["limit"].as<int>(), in.args["offset"].as<int>(),
                                                               in.tournament);
                     json::array out;
                     for (const auto& e : entries) out.push_back(to_json(e));
                     print(in, out);
                 }});
    c.push_back({"daily-model-performances",
                 "a model's reputation and ranks, day by day",
                 {{"username", "the model's name"}},
                 false,
                 none,
                 "daily-model-performances integration_test",
                 [](invocation& in) -> awaitable {
                     json::array out;
                     for (const auto& d : co_await in.api.daily_model_performances(
                              in.args["username"].as<std::string>(), in.tournament))
                         out.push_back(to_json(d));
                     print(in, out);
                 }});
    c.push_back({"stake-get",
                 "a model's stake in NMR",
                 {{"username", "the model's name"}},
                 false,
                 none,
                 "stake-get integration_test",
                 [](invocation& in) -> awaitable {
                     const decimal stake =
                         co_await in.api.stake_get(in.args["username"].as<std::string>(), in.tournament);
                     if (in.json) print(in, json::object{{"stake", stake.str()}});
                     else print(in, json::string(stake.str()));
                 }});
    c.push_back({"stake-increase",
                 "add NMR to a model's stake",
                 {{"nmr", "the amount of NMR, a decimal"}},
                 true,
                 stake_options,
                 "stake-increase 1.5 --model_id my_model",
                 [](invocation& in) { return change_stake(in, "increase"); }});
    c.push_back({"stake-decrease",
                 "take NMR off a model's stake",
                 {{"nmr", "the amount of NMR, a decimal"}},
                 true,
                 stake_options,
                 "stake-decrease 0.5 --model_id my_model",
                 [](invocation& in) { return change_stake(in, "decrease"); }});
    c.push_back({"stake-drain",
                 "release a model's whole stake",
                 {},
                 true,
                 stake_options,
                 "stake-drain --model_id my_model --yes",
                 [](invocation& in) { return change_stake(in, "drain"); }});
    c.push_back({"watch",
                 "one JSON line per round event (opened, closing, scores, submissions), until stopped",
                 {},
                 false,
                 [](po::options_description& o) {
                     o.add_options()("model_id", po::value<std::string>()->value_name("ID"),
                                     "also watch this model's scores (an id, or a name with keys)")(
                         "submissions", po::bool_switch(), "tell each new submission of the model (needs keys)")(
                         "diagnostics_id", po::value<std::vector<std::string>>()->composing()->value_name("ID"),
                         "follow this diagnostics run of the model: its status now, then each change (needs keys; "
                         "repeatable)")("closing_within", po::value<int>()->value_name("MIN"),
                                        "tell when the open round closes within MIN minutes")(
                         "max_interval", po::value<double>()->default_value(900)->value_name("S"),
                         "the longest wait between two looks, seconds");
                 },
                 "watch --model_id my_model --closing_within 60",
                 [](invocation& in) -> awaitable {
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
                         throw exit_now{validation, "--max_interval must be more than 0 and at most 86400 seconds"};
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
                         if (const auto* failure = std::get_if<std::exception_ptr>(&next))
                             std::rethrow_exception(*failure);
                         const auto* told = std::get_if<round_event>(&next);
                         if (!told) co_return; // SIGINT or SIGTERM
                         std::cout << compact(to_json(*told)) << std::endl;
                     }
                 }});
    c.push_back({"raw",
                 "any GraphQL document; prints its data",
                 {{"query", "the GraphQL document"}},
                 false,
                 [](po::options_description& o) {
                     o.add_options()("variables", po::value<std::string>()->value_name("JSON"), "a JSON object")(
                         "yes", po::bool_switch(), "send a mutation without asking (needed without a terminal)");
                 },
                 "raw 'query { rounds(tournament: 8) { number } }'",
                 [](invocation& in) -> awaitable {
                     json::value variables = nullptr;
                     if (auto text = optional_arg<std::string>(in, "variables")) {
                         boost::system::error_code ec;
                         variables = json::parse(*text, ec);
                         if (ec || !variables.is_object())
                             throw exit_now{validation, "--variables must be a JSON object, e.g. '{\"id\": \"...\"}'"};
                     }
                     const bool keys = in.api.options().keys.has_value();
                     const std::string document = in.args["query"].as<std::string>();
                     // A mutation may move money (v2ChangeStake): asked first, as the stake commands are.
                     if (mentions_mutation(document) &&
                         !confirmed(in, "raw sends a mutation",
                                    "Send this GraphQL mutation to " + in.api.options().api_url + "?"))
                         throw exit_now{validation, "raw: the mutation was not confirmed: nothing was sent"};
                     print(in, co_await in.api.raw_query(document, variables, keys));
                 }});
    c.push_back({"version", "the version of numerapi-cpp", {}, false, none, "version", [](invocation& in) -> awaitable {
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
