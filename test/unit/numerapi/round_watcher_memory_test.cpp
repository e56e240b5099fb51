// What the round watcher remembers to tell news from old, against a scripted API whose
// answers change from look to look as no sandbox's do: it keeps what the API lists now, so
// a watcher that runs for years (or a server that lists ever new submissions) stays small.
#include "support/scripted_client.hpp"

#include <numerapi/round_watcher.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

using namespace numerapi;
using numerapi::test::make_response;
using numerapi::test::wire_request;

namespace {

std::vector<std::string> ids(int first, int last) {
    std::vector<std::string> out;
    for (int i = first; i <= last; ++i) out.push_back("sub-" + std::to_string(i));
    return out;
}

/// Answers every query of a look. The n-th submissions query lists `lists[n]` (the last
/// one again after that).
struct scripted_api {
    std::vector<std::vector<std::string>> lists;
    std::shared_ptr<std::size_t> submission_queries = std::make_shared<std::size_t>(0);

    test::wire_response operator()(const wire_request& req) const {
        const std::string query{boost::json::parse(req.body()).at("query").as_string()};
        const auto has = [&](std::string_view root) { return query.find(root) != std::string::npos; };
        std::string data;
        if (has("submissions(")) {
            const auto& listed = lists[std::min(*submission_queries, lists.size() - 1)];
            ++*submission_queries;
            data = R"({"submissions":[)";
            for (std::size_t i = 0; i < listed.size(); ++i)
                data += (i ? "," : "") + std::string(R"({"id":")") + listed[i] +
                    R"(","filename":"p.csv","insertedAt":"2026-12-05T00:00:00Z","round":{"number":1150,"tournament":8}})";
            data += "]}";
        } else if (has("v2RoundModelPerformances")) {
            data = R"({"v2RoundModelPerformances":[]})";
        } else if (has("pipelineStatus")) {
            data = R"({"pipelineStatus":{"isScoringDay":false}})";
        } else if (has("rounds(")) {
            data =
                R"({"rounds":[{"number":1150,"openTime":"2026-12-05T00:00:00Z","closeTime":"2030-01-01T00:00:00Z"}]})";
        }
        return make_response(200, R"({"data":)" + data + "}");
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(round_watcher_memory)

BOOST_AUTO_TEST_CASE(it_remembers_what_the_api_lists_now_and_forgets_the_rest) {
    // Look 1 lists submissions 1-100 (the baseline), look 2 lists 101-200 (news, 1-100 are
    // gone), look 3 lists 1-100 again. The watcher used to keep every id it ever saw: 200
    // here, and without end for a server that lists ever new ones. It keeps what the API
    // lists now, so 1-100, forgotten, are news again in look 3 (as for a watcher started
    // afresh).
    test::scripted_client c;
    const scripted_api api{{ids(1, 100), ids(101, 200), ids(1, 100)}};
    for (int i = 0; i < 40; ++i) c.script->answers.push_back(api);
    const std::string model = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"; // an id: no lookup
    round_watcher watcher{c.api, {.model = model, .submissions = true, .max_interval = std::chrono::milliseconds{1}}};

    for (int i = 101; i <= 200; ++i) {
        const round_event e = c.run(watcher.next());
        BOOST_REQUIRE((e.what == round_event::kind::submission_accepted));
        BOOST_REQUIRE_EQUAL(e.submission_id, "sub-" + std::to_string(i));
    }
    BOOST_TEST(watcher.statistics().looks == 2u);
    BOOST_TEST(watcher.statistics().remembered == 100u);

    const round_event again = c.run(watcher.next());
    BOOST_TEST((again.what == round_event::kind::submission_accepted));
    BOOST_TEST(again.submission_id == "sub-1");
    BOOST_TEST(watcher.statistics().looks == 3u);
    BOOST_TEST(watcher.statistics().remembered == 100u);
}

BOOST_AUTO_TEST_SUITE_END()
