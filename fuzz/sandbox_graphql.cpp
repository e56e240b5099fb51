// The sandbox's GraphQL front end on any document: the tokenizer, the parser, and the
// executor's validation against the sandbox's own schema, as an HTTP body reaches it.
//
// The input is the query document. A comment line `#variables {...}` in it (a comment, so
// the document is unchanged) gives the request's variables as JSON; without one, every
// variable the operations declare with no default gets a sample of its type, so that the
// client's documents (generated seeds: fuzz/client_queries.cmake) reach execution. Every root field is
// answered with sample data built from the schema, so that the executor's projection of
// results through the selections runs too.
//
// Properties: the tokenizer's tokens come in document order; a syntax error is the only
// exception the tokenizer and the parser throw, and execute() throws nothing; a document
// that does not parse is answered with errors and no data, and any answer is 200 or 400.
#include "fuzz/support/fuzz_check.hpp"

#include "sandbox/api/services.hpp"
#include "sandbox/graphql/document_parser.hpp"
#include "sandbox/graphql/executor.hpp"
#include "sandbox/graphql/tokenizer.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace graphql = numerapi::sandbox::graphql;
namespace json = boost::json;

/// A value of type `t` with every field filled in, a few levels deep.
json::value sample_value(const graphql::schema& s, const graphql::type_ref& t, int depth) {
    if (t.is_list()) return json::array{sample_value(s, *t.element, depth)};
    const graphql::type_definition* def = s.find_type(t.name);
    if (def == nullptr) return nullptr;
    switch (def->type) {
        case graphql::type_definition::kind::enumeration:
            return def->values.empty() ? json::value(nullptr) : json::value(def->values.front());
        case graphql::type_definition::kind::scalar:
            if (def->name == "Int") return 7;
            if (def->name == "Float") return 0.25;
            if (def->name == "Boolean") return true;
            if (def->name == "DateTime") return "2026-03-20T13:00:00Z";
            if (def->name == "Decimal") return "1.010000000000000000";
            return "sample";
        case graphql::type_definition::kind::object: break;
    }
    if (depth > 3) return nullptr;
    json::object o;
    for (const auto& f : def->fields) o[f.name] = sample_value(s, f.type, depth + 1);
    return o;
}

/// The sandbox's executor with its real schema, every root field answered with a sample.
const graphql::executor& sandbox_executor() {
    static const graphql::executor executor = [] {
        graphql::executor e{graphql::parse_schema(numerapi::sandbox::api::schema_text())};
        for (const auto* root : {e.types().query(), e.types().mutation()}) {
            for (const auto& f : root->fields) {
                json::value answer = sample_value(e.types(), f.type, 0);
                e.resolve(f.name, [answer](const graphql::field_call&) { return answer; });
            }
        }
        return e;
    }();
    return executor;
}

// ---- the three stages --------------------------------------------------------------------

void tokenize_all(std::string_view source) {
    graphql::tokenizer lexer{source};
    graphql::location previous{0, 0};
    try {
        for (;;) {
            const graphql::token t = lexer.next();
            const bool later =
                t.where.line > previous.line || (t.where.line == previous.line && t.where.column > previous.column);
            FUZZ_CHECK(later || t.type == graphql::token::kind::end);
            if (t.type == graphql::token::kind::end) return;
            previous = t.where;
        }
    } catch (const graphql::syntax_error&) {}
}

/// The variables of a `#variables {...}` comment line, if the document has one.
json::value variables_comment(std::string_view source) {
    constexpr std::string_view marker = "#variables ";
    const auto at = source.find(marker);
    if (at == std::string_view::npos) return nullptr;
    const auto line = source.substr(at + marker.size());
    boost::system::error_code ec;
    json::value v = json::parse(line.substr(0, line.find('\n')), ec);
    return ec ? json::value(nullptr) : v;
}

/// A sample value of every variable that `document` declares with no default.
json::value sample_variables(const graphql::document& document) {
    json::object variables;
    for (const auto& operation : document.operations)
        for (const auto& v : operation.variables)
            if (!v.default_value) variables[v.name] = sample_value(sandbox_executor().types(), v.type, 0);
    return variables.empty() ? json::value(nullptr) : json::value(std::move(variables));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    tokenize_all(source);

    bool parses = false;
    json::value variables = variables_comment(source);
    try {
        const graphql::document document = graphql::parse_document(source);
        parses = true;
        if (variables.is_null()) variables = sample_variables(document);
    } catch (const graphql::syntax_error&) {}

    // Boost.JSON refuses a body that is not UTF-8; the stages above have seen the raw bytes.
    json::object body{{"query", json::string(source)}};
    if (!variables.is_null()) body["variables"] = std::move(variables);
    const std::string http_body = json::serialize(body);

    graphql::execution_options options;
    options.authenticated = true;
    const graphql::execution_result answer = sandbox_executor().execute(http_body, options);
    FUZZ_CHECK(answer.http_status == 200 || answer.http_status == 400);
    FUZZ_CHECK(answer.body.contains("data") || answer.body.contains("errors"));
    if (!parses) {
        FUZZ_CHECK(answer.http_status == 400);
        FUZZ_CHECK(!answer.body.contains("data"));
    }
    (void)json::serialize(answer.body); // what the server sends
    return 0;
}
