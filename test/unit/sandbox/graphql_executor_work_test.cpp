// The sandbox's GraphQL executor bounds the work of a query, not only its text: fragment
// spreads are expanded once per use, so a small document can stand for an exponential
// number of fields. Such documents, and fragments that spread themselves, get the real
// API's validation error (400, `errors`, no `data`), promptly.
#include "sandbox/graphql/executor.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using namespace numerapi::sandbox::graphql;
namespace json = boost::json;

namespace {

/// A small schema with a type that nests itself, so that fields can repeat a fragment too.
executor node_executor() {
    executor e{parse_schema("type Query { node: Node }\ntype Node { id: ID, child: Node }")};
    e.resolve("node", [](const field_call&) -> json::value {
        return json::object{{"id", "1"}, {"child", json::object{{"id", "2"}, {"child", nullptr}}}};
    });
    return e;
}

struct timed_result {
    execution_result result;
    std::chrono::milliseconds took;
};

timed_result execute(const std::string& document) {
    const auto e = node_executor();
    const auto start = std::chrono::steady_clock::now();
    auto result = e.execute(json::serialize(json::object{{"query", document}}), execution_options{});
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return {std::move(result), took};
}

std::string first_message(const execution_result& r) {
    const auto* errors = r.body.if_contains("errors");
    if (errors == nullptr || !errors->is_array() || errors->get_array().empty()) return "";
    return std::string(errors->get_array()[0].at("message").as_string());
}

/// `query { ...F0 }` and fragments F0..F<levels-1> on Query, each spreading the next
/// `spreads` times; the last selects `node { id }`. It expands to spreads^levels nodes.
std::string fragment_fan_out(int levels, int spreads) {
    std::string doc = "query { ...F0 }\n";
    for (int i = 0; i + 1 < levels; ++i) {
        doc += "fragment F" + std::to_string(i) + " on Query {";
        for (int s = 0; s < spreads; ++s) doc += " ...F" + std::to_string(i + 1);
        doc += " }\n";
    }
    doc += "fragment F" + std::to_string(levels - 1) + " on Query { node { id } }\n";
    return doc;
}

} // namespace

BOOST_AUTO_TEST_SUITE(graphql_executor_work)

BOOST_AUTO_TEST_CASE(forty_fragments_each_spreading_the_next_twice_are_refused_at_once,
                     *boost::unit_test::timeout(60)) {
    const auto document = fragment_fan_out(40, 2); // 2^40 expansions if nothing bounds them
    BOOST_TEST(document.size() < 2000u);
    const auto [result, took] = execute(document);
    BOOST_TEST(result.http_status == 400u);
    BOOST_TEST(!result.body.contains("data"));
    BOOST_TEST(first_message(result).starts_with("Operation is too complex"), first_message(result));
    BOOST_TEST(result.body.at("errors").as_array().size() == 1u, json::serialize(result.body));
    BOOST_TEST((took < std::chrono::milliseconds(500)), took.count() << " ms");
}

BOOST_AUTO_TEST_CASE(the_bound_counts_the_expansion_not_the_text) {
    // Two documents of a few hundred bytes: 3^6 nodes pass, 3^8 do not.
    const auto small = execute(fragment_fan_out(7, 3)).result;
    BOOST_TEST(small.http_status == 200u, json::serialize(small.body));
    BOOST_TEST(json::serialize(small.body) == R"({"data":{"node":{"id":"1"}}})");

    const auto large = execute(fragment_fan_out(9, 3)).result;
    BOOST_TEST(large.http_status == 400u);
    BOOST_TEST(first_message(large).find("more than 10000") != std::string::npos, first_message(large));
}

BOOST_AUTO_TEST_CASE(a_fragment_repeated_inside_nested_fields_is_bounded_too, *boost::unit_test::timeout(60)) {
    // No spread of a spread: each level's fields repeat the next fragment (2^30 fields).
    std::string doc = "query { node { ...N0 } }\n";
    for (int i = 0; i < 29; ++i)
        doc += "fragment N" + std::to_string(i) + " on Node { a: child { ...N" + std::to_string(i + 1) +
            " } b: child { ...N" + std::to_string(i + 1) + " } }\n";
    doc += "fragment N29 on Node { id }\n";
    const auto [result, took] = execute(doc);
    BOOST_TEST(result.http_status == 400u);
    BOOST_TEST(first_message(result).starts_with("Operation is too complex"), first_message(result));
    BOOST_TEST((took < std::chrono::milliseconds(500)), took.count() << " ms");
}

BOOST_AUTO_TEST_CASE(fragments_that_spread_themselves_are_refused_by_name, *boost::unit_test::timeout(60)) {
    auto r = execute("query { ...A } fragment A on Query { ...A ...A }").result;
    BOOST_TEST(r.http_status == 400u);
    BOOST_TEST(first_message(r) == "Cannot spread fragment \"A\" within itself.");
    BOOST_TEST(r.body.at("errors").at(0).at("locations") == json::parse(R"([{"line":1,"column":38}])"));

    r = execute("query { ...A } fragment A on Query { ...B } fragment B on Query { ...C } "
                "fragment C on Query { node { ...D } } fragment D on Node { id } "
                "fragment E on Node { child { ...E } }")
            .result;
    BOOST_TEST(r.http_status == 400u);
    const auto& errors = r.body.at("errors").as_array();
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors[0].at("message") == "Cannot spread fragment \"E\" within itself.");

    r = execute("query { ...A } fragment A on Query { ...B } fragment B on Query { ...C } "
                "fragment C on Query { node { id } ...A }")
            .result;
    BOOST_TEST(r.http_status == 400u);
    BOOST_TEST(first_message(r) == "Cannot spread fragment \"A\" within itself via \"B\", \"C\".");
}

BOOST_AUTO_TEST_CASE(a_fragment_name_defined_twice_is_refused) {
    const auto r =
        execute("query { ...A } fragment A on Query { node { id } } fragment A on Query { node { id } }").result;
    BOOST_TEST(r.http_status == 400u);
    BOOST_TEST(first_message(r) == "There can be only one fragment named \"A\".");
}

BOOST_AUTO_TEST_CASE(fragments_used_as_clients_use_them_still_answer) {
    const auto r = execute("query { ...Q } fragment Q on Query { node { ...N child { ...N } } } "
                           "fragment N on Node { id ... on Node { id } }")
                       .result;
    BOOST_TEST(r.http_status == 200u, json::serialize(r.body));
    BOOST_TEST(json::serialize(r.body) == R"({"data":{"node":{"id":"1","child":{"id":"2"}}}})");
}

BOOST_AUTO_TEST_SUITE_END()
