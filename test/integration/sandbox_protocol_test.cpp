// numerapi-sandbox speaks numerapi's protocol: every query text numerapi sends (docs/protocol.md
// §3.2, §3.3, §3.4, §3.6, §3.7, §3.8), verbatim, over TLS, answered with exactly
// the fields asked for, in order, with decimals as strings and zone-qualified times; and the
// error classes with their HTTP statuses.
#include "support/raw_https.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <regex>
#include <set>

using namespace numerapi;
namespace http = boost::beast::http;

namespace {

struct numerapi_query {
    const char* method;
    const char* section;
    const char* document;
    const char* variables;
    bool authorization;
};

const numerapi_query numerapi_queries[] = {
#include "integration/numerapi_queries.inc"
};

/// The response shape a document asks for: field names (or aliases) and their selections.
struct selection {
    std::string key;
    std::vector<selection> fields;
};

/// Reads the selection set of a document's operation; enough GraphQL for numerapi's texts.
class selection_reader {
public:
    explicit selection_reader(std::string_view text) : s_(text) {}

    std::vector<selection> operation() {
        while (pos_ < s_.size() && s_[pos_] != '{') {
            if (s_[pos_] == '(') skip_group('(', ')');
            else ++pos_;
        }
        return set();
    }

private:
    void skip_space() {
        while (pos_ < s_.size() && (std::isspace(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == ',')) ++pos_;
    }
    void skip_group(char open, char close) {
        int depth = 0;
        bool in_string = false;
        for (; pos_ < s_.size(); ++pos_) {
            const char c = s_[pos_];
            if (in_string) {
                if (c == '\\') ++pos_;
                else if (c == '"') in_string = false;
            } else if (c == '"') in_string = true;
            else if (c == open) ++depth;
            else if (c == close && --depth == 0) {
                ++pos_;
                return;
            }
        }
    }
    std::string name() {
        const auto start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
        return std::string(s_.substr(start, pos_ - start));
    }
    std::vector<selection> set() {
        std::vector<selection> out;
        ++pos_; // '{'
        for (;;) {
            skip_space();
            if (pos_ >= s_.size() || s_[pos_] == '}') {
                ++pos_;
                return out;
            }
            selection sel{name(), {}};
            skip_space();
            if (s_[pos_] == ':') {
                ++pos_;
                skip_space();
                name();
                skip_space();
            } // alias: key is the alias
            if (s_[pos_] == '(') {
                skip_group('(', ')');
                skip_space();
            }
            if (s_[pos_] == '{') sel.fields = set();
            out.push_back(std::move(sel));
        }
    }
    std::string_view s_;
    std::size_t pos_ = 0;
};

const std::set<std::string> decimal_fields{"availableNmr",     "payoutFactor", "amount",        "payoutNmr",
                                           "payoutValue",      "atRisk",       "payoutPending", "payoutSettled",
                                           "nmrStaked",        "return1yNmr",  "return3mNmr",   "returnAllTimeNmr",
                                           "roundPayoutFactor"};
/// Numbers on the real API though they are amounts (numerapi's own fixture: {"stakeValue": 1.1}).
const std::set<std::string> number_fields{"stakeValue"};

bool is_time_field(const std::string& key) {
    if (key.starts_with("return")) return false; // returnAllTime is a number
    return key.ends_with("Time") || key.ends_with("At") || key.ends_with("Date") || key == "date" || key == "time";
}

/// Checks `v` against the selection `sel`, recursively; returns problems as text.
void check_shape(const boost::json::value& v, const selection& sel, const std::string& path,
                 std::vector<std::string>& problems) {
    if (v.is_null()) return;
    if (const auto* arr = v.if_array()) {
        for (std::size_t i = 0; i < arr->size(); ++i)
            check_shape((*arr)[i], sel, path + "[" + std::to_string(i) + "]", problems);
        return;
    }
    if (sel.fields.empty()) {
        if (v.is_object()) problems.push_back(path + ": an object where a scalar was asked for");
        if (decimal_fields.count(sel.key) && !v.is_string()) problems.push_back(path + ": decimal not a string");
        if (number_fields.count(sel.key) && !v.is_number()) problems.push_back(path + ": not a JSON number");
        if (is_time_field(sel.key)) {
            static const std::regex zoned{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))"};
            if (!v.is_string() || !std::regex_match(std::string(v.get_string()), zoned))
                problems.push_back(path + ": not a zone-qualified ISO timestamp");
        }
        if (sel.key == "insertedAt") {
            static const std::regex exact{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"};
            if (!v.is_string() || !std::regex_match(std::string(v.get_string()), exact))
                problems.push_back(path + ": insertedAt is not YYYY-MM-DDTHH:MM:SSZ");
        }
        return;
    }
    const auto* obj = v.if_object();
    if (obj == nullptr) {
        problems.push_back(path + ": not an object");
        return;
    }
    std::vector<std::string> keys, expected;
    for (const auto& kv : *obj) keys.emplace_back(kv.key());
    for (const auto& f : sel.fields) expected.push_back(f.key);
    if (keys != expected) {
        problems.push_back(path + ": keys are not exactly the selection, in order");
        return;
    }
    for (const auto& f : sel.fields) check_shape(obj->at(f.key), f, path + "." + f.key, problems);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
}

struct protocol_suite {
    static test::running_sandbox& box() {
        static test::running_sandbox instance;
        return instance;
    }
    test::raw_https https{box()};

    boost::json::object post(const boost::json::value& envelope, unsigned expected_status, bool authorized = false) {
        const auto res = https.graphql(envelope, authorized ? test::token(box()) : std::string());
        BOOST_TEST(res.result_int() == expected_status, "status " << res.result_int() << " body " << res.body());
        BOOST_TEST(std::string(res[http::field::content_type]).starts_with("application/json"));
        return boost::json::parse(res.body()).as_object();
    }
    static boost::json::object envelope(std::string query, boost::json::value variables = nullptr) {
        return {{"query", std::move(query)}, {"variables", std::move(variables)}};
    }
    static std::string first_message(const boost::json::object& body) {
        return std::string(body.at("errors").as_array().at(0).at("message").as_string());
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sandbox_protocol, protocol_suite)

BOOST_AUTO_TEST_CASE(every_numerapi_query_text_gets_exactly_the_fields_it_asks_for) {
    const auto account = post(envelope("query { account { models { id name } } }"), 200, true);
    const std::string model_id(account.at("data").at("account").at("models").at(0).at("id").as_string());
    const auto subs =
        post(envelope("query($m: String) { submissions(modelId: $m) { id } }", {{"m", model_id}}), 200, true);
    const std::string submission_id(subs.at("data").at("submissions").at(0).at("id").as_string());

    std::set<std::string> methods;
    for (const auto& q : numerapi_queries) {
        BOOST_TEST_CONTEXT("numerapi " << q.method << " (section " << q.section << ")") {
            methods.insert(q.method);
            const std::string vars =
                replace_all(replace_all(q.variables, "$MODEL_ID", model_id), "$SUBMISSION_ID", submission_id);
            const auto body = post(envelope(q.document, boost::json::parse(vars)), 200, q.authorization);
            BOOST_TEST(!body.contains("errors"), (body.contains("errors") ? first_message(body) : ""));
            const auto& data = body.at("data").as_object();
            const auto sel = selection_reader(q.document).operation();
            selection root{"data", sel};
            std::vector<std::string> problems;
            check_shape(data, root, "data", problems);
            BOOST_TEST(problems.empty(), (problems.empty() ? "" : problems.front()));
            const auto& value = data.begin()->value();
            BOOST_TEST(!value.is_null());
            if (const auto* list = value.if_array()) BOOST_TEST(!list->empty());
        }
    }
    BOOST_TEST(methods.size() == 31u);
}

BOOST_AUTO_TEST_CASE(bad_or_missing_key_on_a_private_field_is_200_with_null_data) {
    for (std::string authorization : {std::string(), "Token " + box().ready().public_id + "$wrong"}) {
        const auto res = https.graphql(envelope("query { account { username } }"), authorization);
        BOOST_TEST(res.result_int() == 200u);
        const auto body = boost::json::parse(res.body()).as_object();
        BOOST_TEST(body.at("data") == boost::json::parse(R"({"account": null})"));
        BOOST_TEST(first_message(body) == "Your session is invalid or has expired.");
        BOOST_TEST(body.at("errors").at(0).at("path") == boost::json::parse(R"(["account"])"));
    }
}

BOOST_AUTO_TEST_CASE(public_fields_need_no_key) {
    const auto body = post(envelope("query { v2Leaderboard(limit: 2, offset: 0) { rank username } }"), 200);
    BOOST_TEST(body.at("data").at("v2Leaderboard").as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(syntax_error_is_400) {
    const auto body = post(envelope("query { rounds(tournament: 8 { number }"), 400);
    BOOST_TEST(!body.contains("data"));
    BOOST_TEST(!first_message(body).empty());
}

BOOST_AUTO_TEST_CASE(unknown_field_and_unknown_argument_are_400) {
    auto body = post(envelope("query { rounds(tournament: 8) { number stakeTxs } }"), 400);
    BOOST_TEST(first_message(body) == "Cannot query field \"stakeTxs\" on type \"Round\".");
    body = post(envelope("query { rounds(tournamentNumber: 8) { number } }"), 400);
    BOOST_TEST(first_message(body) ==
               "Unknown argument \"tournamentNumber\" on field \"rounds\" of type \"RootQueryType\".");
}

BOOST_AUTO_TEST_CASE(missing_required_variable_and_type_errors_are_400) {
    auto body = post(envelope("query($tournament: Int!) { rounds(tournament: $tournament) { number } }"), 400);
    BOOST_TEST(first_message(body).find("tournament") != std::string::npos);
    body = post(envelope("query($t: Int!) { rounds(tournament: $t) { number } }", {{"t", "eight"}}), 400);
    BOOST_TEST(first_message(body).find("t") != std::string::npos);
    body = post(envelope("query { dataset(filename: 12) }"), 400);
    BOOST_TEST(!first_message(body).empty());
    body = post(envelope("mutation($v: String) { setUserBio(value: $v) }", {{"v", nullptr}}), 400, true);
    BOOST_TEST(first_message(body) == "In argument \"value\": Expected type \"String!\", found null.");
}

BOOST_AUTO_TEST_CASE(resolver_errors_are_200_with_errors) {
    auto body = post(envelope(R"(query { dataset(filename: "v9/nope.parquet", tournament: 8) })"), 200);
    BOOST_TEST(first_message(body) == "Dataset not found: v9/nope.parquet");
    BOOST_TEST(body.at("data") == boost::json::parse(R"({"dataset": null})"));
}

BOOST_AUTO_TEST_CASE(forty_fragments_each_spreading_the_next_twice_get_400_at_once) {
    // 2^40 fields if each spread is expanded where it is used, from a 2 KB document.
    std::string document = "query { ...F0 }\n";
    for (int i = 0; i < 39; ++i)
        document += "fragment F" + std::to_string(i) + " on Query { ...F" + std::to_string(i + 1) + " ...F" +
            std::to_string(i + 1) + " }\n";
    document += "fragment F39 on Query { latestNmrPrice { priceUsd } }\n";
    const auto start = std::chrono::steady_clock::now();
    const auto body = post(envelope(document), 400);
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(!body.contains("data"));
    BOOST_TEST(first_message(body).starts_with("Operation is too complex: it expands to more than"),
               first_message(body));
    BOOST_TEST((took < std::chrono::seconds(1)),
               std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    // The server is free for the next request.
    post(envelope("query { latestNmrPrice { priceUsd } }"), 200);
}

BOOST_AUTO_TEST_CASE(request_body_that_is_not_graphql_is_400) {
    const auto res =
        https.send(http::verb::post, "/", "this is not json", {{http::field::content_type, "application/json"}});
    BOOST_TEST(res.result_int() == 400u);
}

BOOST_AUTO_TEST_CASE(camel_and_snake_case_are_the_same_field) {
    const auto a = post(envelope("query { latest_nmr_price { price_usd } }"), 200);
    BOOST_TEST(a.at("data") == boost::json::parse(R"({"latest_nmr_price": {"price_usd": "9.87"}})"));
    const auto b = post(envelope(R"(query { v3UserProfile(modelName: "sandbox_model") { username } })"), 200);
    BOOST_TEST(b.at("data").at("v3UserProfile").at("username") == "sandbox_model");
}

BOOST_AUTO_TEST_CASE(mutations_change_the_state_that_queries_read) {
    post(envelope(R"(mutation { setUserBio(value: "changed by a test", modelId: "sandbox_model_2") })"), 200, true);
    const auto body = post(envelope(R"(query { v3UserProfile(model_name: "sandbox_model_2") { bio } })"), 200);
    BOOST_TEST(body.at("data").at("v3UserProfile").at("bio") == "changed by a test");
    const auto hook = post(
        envelope(
            R"(mutation { setSubmissionWebhook(modelId: "sandbox_model_2", newSubmissionWebhook: "https://x.invalid/") })"),
        200, true);
    BOOST_TEST(hook.at("data").at("setSubmissionWebhook") == "true");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sandbox_faults)

BOOST_AUTO_TEST_CASE(faults_are_set_listed_used_up_and_cleared_at_run_time) {
    test::running_sandbox box;
    test::raw_https https{box};
    namespace http = boost::beast::http;
    auto res = https.send(
        http::verb::post, "/_sandbox/faults",
        R"([{"kind":"status","status":429,"retry_after":"2","target":"graphql","count":2,"body":"slow down"}])");
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(boost::json::parse(res.body()).at("rules").as_array().size() == 1u);
    const boost::json::object query{{"query", "query { latestNmrPrice { priceUsd } }"}};
    for (int i = 0; i < 2; ++i) {
        res = https.graphql(query);
        BOOST_TEST(res.result_int() == 429u);
        BOOST_TEST(std::string(res[http::field::retry_after]) == "2");
        BOOST_TEST(res.body() == "slow down");
    }
    BOOST_TEST(https.graphql(query).result_int() == 200u); // used up
    BOOST_TEST(boost::json::parse(https.get("/_sandbox/faults").body()).at("rules").as_array().empty());

    https.send(http::verb::post, "/_sandbox/faults", R"({"kind":"status","status":503})");
    BOOST_TEST(https.graphql(query).result_int() == 503u);
    BOOST_TEST(https.send(http::verb::delete_, "/_sandbox/faults").result_int() == 200u);
    BOOST_TEST(https.graphql(query).result_int() == 200u);

    res = https.send(http::verb::post, "/_sandbox/faults", R"({"kind":"explode"})");
    BOOST_TEST(res.result_int() == 400u);
    BOOST_TEST(res.body().find("unknown kind") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(delay_fault_holds_the_answer_back) {
    auto config = test::running_sandbox::small_config();
    config.faults =
        sandbox::faults::fault_plan::parse(R"({"kind":"delay","milliseconds":300,"target":"graphql","count":1})");
    test::running_sandbox box{config};
    test::raw_https https{box};
    const auto start = std::chrono::steady_clock::now();
    const auto res = https.graphql(boost::json::object{{"query", "query { latestNmrPrice { priceUsd } }"}});
    const auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(waited >= std::chrono::milliseconds(300));
    BOOST_TEST(box.log().requests().back().fault == "delay 300 ms");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sandbox_control)

BOOST_AUTO_TEST_CASE(request_log_keeps_the_newest_entries_and_counts_the_dropped_ones) {
    auto config = test::running_sandbox::small_config();
    config.request_log_capacity = 3;
    test::running_sandbox box{config};
    test::raw_https https{box};
    const boost::json::object query{{"query", "query { latestNmrPrice { priceUsd } }"}};
    for (int i = 0; i < 5; ++i) BOOST_TEST(https.graphql(query).result_int() == 200u);

    // Five requests logged, three kept; the stats request is logged after its answer is made.
    const auto stats = boost::json::parse(https.get("/_sandbox/stats").body());
    BOOST_TEST(stats.at("requests") == 5);
    BOOST_TEST(stats.at("requests_dropped") == 2);
    const auto kept = boost::json::parse(https.get("/_sandbox/requests").body()).as_array();
    BOOST_REQUIRE_EQUAL(kept.size(), 3u);
    BOOST_TEST(kept[0].at("sequence") == 4);
    BOOST_TEST(kept[1].at("sequence") == 5);
    BOOST_TEST(kept[2].at("sequence") == 6);
    BOOST_TEST(kept[2].at("path") == "/_sandbox/stats");
    BOOST_TEST(box.log().dropped() == 4u); // and the requests endpoint's own entry now
}

BOOST_AUTO_TEST_SUITE_END()
