// The sandbox's GraphQL parser on valid and invalid documents.
#include "numerapi/api/uploads.hpp"
#include "sandbox/graphql/document_parser.hpp"
#include "sandbox/graphql/type_system.hpp"

#include <boost/test/unit_test.hpp>

using namespace numerapi::sandbox::graphql;

namespace {

const field& first_field(const std::vector<selection>& s) { return std::get<field>(s.at(0).node); }

location syntax_error_at(std::string_view doc) {
    try {
        parse_document(doc);
    } catch (const syntax_error& e) {
        return e.where();
    }
    BOOST_FAIL("expected a syntax error for: " << doc);
    return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(graphql_parser)

BOOST_AUTO_TEST_CASE(numerapi_create_submission_document_parses_with_literals_and_stray_commas) {
    // The client's text of it (numerapi's, with the stray comma after $triggerId: String).
    const auto create =
        numerapi::detail::create_submission_mutation(8, "p.csv", std::nullopt, std::nullopt, std::nullopt);
    const auto doc = parse_document(create.document);
    BOOST_REQUIRE(doc.operations.size() == 1u);
    const auto& op = doc.operations[0];
    BOOST_TEST(op.kind == "mutation");
    BOOST_TEST(op.variables.size() == 5u);
    BOOST_TEST(op.variables[0].type.to_string() == "String!");
    BOOST_TEST(op.variables[3].type.to_string() == "String");
    const auto& f = first_field(op.selections);
    BOOST_TEST(f.name == "create_submission");
    BOOST_TEST(f.arguments.size() == 6u);
    BOOST_TEST((f.arguments[4].val.type == value::kind::string && f.arguments[4].val.text == "numerapi"));
    BOOST_TEST((f.arguments[0].val.type == value::kind::variable && f.arguments[0].val.text == "filename"));
    BOOST_TEST(f.where.line == 7); // after the text's leading newline and 16 spaces
    BOOST_TEST(f.where.column == 17);
}

BOOST_AUTO_TEST_CASE(numerapi_str_variable_type_parses) {
    const auto doc = parse_document(
        "query($username: Str!\n      $tournament: Int) {\n    accountProfile(username: $username\n"
        "                   tournament: $tournament){\n        models {\n        id\n        displayName\n        }\n    }\n}");
    BOOST_TEST(doc.operations[0].variables[0].type.to_string() == "Str!");
}

BOOST_AUTO_TEST_CASE(every_literal_kind) {
    const auto doc = parse_document(
        R"({ f(a: -12, b: 1.5e3, c: "q\"\u00e9\n", d: true, e: null, g: OPEN, h: [1, [2]], i: {x: 1, y: "z"},
               j: """
                  block
                    indented
               """) })");
    const auto& args = first_field(doc.operations[0].selections).arguments;
    BOOST_TEST(args[0].val.integer == -12);
    BOOST_TEST(args[1].val.floating == 1500.0);
    BOOST_TEST(args[2].val.text == "q\"\xc3\xa9\n");
    BOOST_TEST(args[3].val.boolean);
    BOOST_TEST((args[4].val.type == value::kind::null));
    BOOST_TEST((args[5].val.type == value::kind::enumeration && args[5].val.text == "OPEN"));
    BOOST_TEST(args[6].val.items.size() == 2u);
    BOOST_TEST(args[6].val.items[1].items.at(0).integer == 2);
    BOOST_TEST(args[7].val.fields.size() == 2u);
    BOOST_TEST(args[8].val.text == "block\n  indented");
}

BOOST_AUTO_TEST_CASE(named_operations_aliases_fragments_directives_and_comments) {
    const auto doc =
        parse_document("\xEF\xBB\xBF# leading comment\nquery One($n: Int = 3, $l: [String!]!) @x {\n"
                       "  latest: rounds(number: $n) { ...R ... on Round { id } n2: number @skip(if: true) }\n"
                       "}\nfragment R on Round { number }\nquery Two { tournaments { id } }");
    BOOST_TEST(doc.operations.size() == 2u);
    BOOST_TEST(doc.operations[0].name == "One");
    BOOST_TEST(doc.operations[0].variables[0].default_value->integer == 3);
    BOOST_TEST(doc.operations[0].variables[1].type.to_string() == "[String!]!");
    const auto& f = first_field(doc.operations[0].selections);
    BOOST_TEST(f.alias == "latest");
    BOOST_TEST(f.response_key() == "latest");
    BOOST_TEST(f.selections.size() == 3u);
    BOOST_TEST(std::holds_alternative<fragment_spread>(f.selections[0].node));
    BOOST_TEST(std::get<inline_fragment>(f.selections[1].node).type_condition == "Round");
    BOOST_TEST(std::get<field>(f.selections[2].node).directives.at(0).name == "skip");
    BOOST_TEST(doc.fragments.at(0).type_condition == "Round");
}

BOOST_AUTO_TEST_CASE(invalid_documents_report_where) {
    BOOST_TEST(syntax_error_at("query { rounds(tournament: 8 { number } }").line == 1);
    BOOST_TEST(syntax_error_at("{ f(a: \"unterminated) }").column == 8);
    BOOST_TEST(syntax_error_at("{ f(a: \"\"\"never closed) }").line == 1);
    BOOST_TEST(syntax_error_at("query {\n  a ^ }").line == 2);
    BOOST_TEST(syntax_error_at("query {\n  a ^ }").column == 5);
    syntax_error_at("{ a(x: 01) }");
    syntax_error_at("{ a(x: 1.) }");
    syntax_error_at("{ a(x: ..) }");
    syntax_error_at("");
    syntax_error_at("{ }");
    syntax_error_at("query { a");
    syntax_error_at("{ a(x: $v) } extra");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_not_a_crash) {
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "{ a ";
    for (int i = 0; i < 100; ++i) deep += "} ";
    const auto where = syntax_error_at(deep);
    BOOST_TEST(where.line == 1);
    std::string lists = "{ a(x: ";
    for (int i = 0; i < 1000; ++i) lists += "[";
    syntax_error_at(lists);
}

BOOST_AUTO_TEST_CASE(canonical_names_match_camel_and_snake_case) {
    BOOST_TEST(canonical_name("v3UserProfile") == "v3_user_profile");
    BOOST_TEST(canonical_name("corr20V2Rep") == "corr20_v2_rep");
    BOOST_TEST(canonical_name("submissionUploadAuth") == canonical_name("submission_upload_auth"));
    BOOST_TEST(canonical_name("public_id") == "public_id");
    BOOST_TEST(canonical_name("return_1_day") == "return_1_day");
    BOOST_TEST(canonical_name("modelName") == canonical_name("model_name"));
}

BOOST_AUTO_TEST_CASE(schema_reads_sdl_with_auth_and_refuses_unknown_types) {
    const auto s = parse_schema("scalar Decimal\nenum S { A B }\ntype Query { a(x: Int = 1, y: S!): [T] @auth }\n"
                                "type T { n: Decimal }");
    const auto* a = s.query()->find_field("a");
    BOOST_REQUIRE(a != nullptr);
    BOOST_TEST(a->requires_auth);
    BOOST_TEST(a->arguments[0].default_value->integer == 1);
    BOOST_TEST(a->type.to_string() == "[T]");
    BOOST_TEST(s.find_type("Str")->name == "String");
    BOOST_TEST(s.find_type("bool")->name == "Boolean");
    BOOST_CHECK_THROW(parse_schema("type Query { a: Missing }"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
