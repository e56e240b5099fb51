#include "sandbox/http/router.hpp"

#include "sandbox/files/byte_range.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <openssl/crypto.h>

namespace numerapi::sandbox::http {
namespace {

constexpr const char* server_name = "numerapi-sandbox";

string_response text_response(const request& req, beast_http::status status, std::string content_type,
                              std::string body) {
    string_response res{status, req.version()};
    res.set(beast_http::field::server, server_name);
    res.set(beast_http::field::content_type, content_type);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

string_response json_response(const request& req, unsigned status, const boost::json::value& body) {
    return text_response(req, static_cast<beast_http::status>(status), "application/json; charset=utf-8",
                         boost::json::serialize(body));
}

/// S3 answers errors on presigned URLs with a small XML document.
string_response s3_error(const request& req, beast_http::status status, std::string_view code,
                         std::string_view message) {
    std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
    body.append(code).append("</Code><Message>").append(message).append("</Message></Error>");
    return text_response(req, status, "application/xml", std::move(body));
}

bool authorization_matches(std::string_view given, std::string_view expected) {
    return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

response_plan graphql_endpoint(const router_context& ctx, const request& req, logged_request& entry) {
    if (req.method() != beast_http::verb::post)
        return json_response(req, 405, boost::json::object{{"errors", boost::json::array{boost::json::object{
                                                                       {"message", "GraphQL requests must be POSTed"}}}}});
    graphql::execution_options options;
    options.authenticated = entry.authenticated;
    options.validation_error_status = ctx.validation_error_status;
    auto result = ctx.executor.execute(req.body(), options);
    entry.graphql_fields = std::move(result.root_fields);
    return json_response(req, result.http_status, result.body);
}

response_plan file_endpoint(const router_context& ctx, const request& req, std::string_view target,
                            const std::optional<faults::fault_rule>& fault) {
    using fk = faults::fault_rule::fault_kind;
    auto is = [&fault](fk k) { return fault.has_value() && fault->kind == k; };
    if (is(fk::expire_url))
        return s3_error(req, beast_http::status::forbidden, "AccessDenied", "Request has expired");
    if (req.method() != beast_http::verb::get && req.method() != beast_http::verb::head)
        return s3_error(req, beast_http::status::method_not_allowed, "MethodNotAllowed",
                        "The specified method is not allowed against this resource.");
    switch (ctx.services.signer.verify(req.method_string(), target, ctx.services.state.now())) {
    case files::url_verdict::valid: break;
    case files::url_verdict::expired:
        return s3_error(req, beast_http::status::forbidden, "AccessDenied", "Request has expired");
    case files::url_verdict::unsigned_url:
    case files::url_verdict::bad_signature:
        return s3_error(req, beast_http::status::forbidden, "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided.");
    }
    const auto path = target.substr(0, target.find('?'));
    if (is(fk::change_file)) ctx.services.state.bump_file_version(std::string(path));
    auto file = api::find_file(ctx.services.state, path);
    if (!file) return s3_error(req, beast_http::status::not_found, "NoSuchKey", "The specified key does not exist.");

    file_response out;
    auto& h = out.header;
    h.version(req.version());
    h.keep_alive(req.keep_alive());
    h.set(beast_http::field::server, server_name);
    h.set(beast_http::field::accept_ranges, "bytes");
    h.set(beast_http::field::etag, file->etag);
    h.set(beast_http::field::content_type, file->content_type);

    files::range_decision range;
    const auto range_header = req[beast_http::field::range];
    const auto if_range = req[beast_http::field::if_range];
    // If-Range: the range applies only to the representation the client already has.
    if (!range_header.empty() && (if_range.empty() || if_range == file->etag) && !is(fk::ignore_range))
        range = files::decide_range(range_header, file->size);

    switch (range.outcome) {
    case files::range_outcome::whole:
        h.result(beast_http::status::ok);
        out.offset = 0;
        out.length = file->size;
        break;
    case files::range_outcome::partial:
        h.result(beast_http::status::partial_content);
        h.set(beast_http::field::content_range, "bytes " + std::to_string(range.range.first) + "-" +
                                                    std::to_string(range.range.last) + "/" +
                                                    std::to_string(file->size));
        out.offset = range.range.first;
        out.length = range.range.length();
        break;
    case files::range_outcome::unsatisfiable: {
        auto res = s3_error(req, beast_http::status::range_not_satisfiable, "InvalidRange",
                            "The requested range is not satisfiable");
        res.set(beast_http::field::content_range, "bytes */" + std::to_string(file->size));
        return res;
    }
    }
    h.content_length(out.length);
    if (req.method() == beast_http::verb::head) out.length = 0;
    if (is(fk::reset_after) || is(fk::close_after)) {
        out.cut_after = fault->bytes;
        out.cut_by_reset = is(fk::reset_after);
    }
    out.file = std::move(*file);
    return out;
}

response_plan faults_endpoint(const router_context& ctx, const request& req) {
    switch (req.method()) {
    case beast_http::verb::get: break;
    case beast_http::verb::delete_: ctx.faults.clear(); break;
    case beast_http::verb::post:
        try {
            ctx.faults.replace(faults::fault_plan::parse(req.body()));
        } catch (const std::invalid_argument& e) {
            return json_response(req, 400, boost::json::object{{"error", e.what()}});
        }
        break;
    default: return json_response(req, 405, boost::json::object{{"error", "GET, POST or DELETE"}});
    }
    return json_response(req, 200, boost::json::object{{"rules", ctx.faults.to_json()}});
}

/// An injected answer in place of the real one.
string_response fault_response(const request& req, const faults::fault_rule& rule) {
    auto res = text_response(req, static_cast<beast_http::status>(rule.status), rule.content_type, rule.body);
    if (!rule.retry_after.empty()) res.set(beast_http::field::retry_after, rule.retry_after);
    return res;
}

response_plan control_endpoint(const router_context& ctx, const request& req, std::string_view path) {
    if (path == "/_sandbox/faults") return faults_endpoint(ctx, req);
    if (path == "/_sandbox/requests" && req.method() == beast_http::verb::get)
        return json_response(req, 200, ctx.log.to_json());
    if (path == "/_sandbox/stats" && req.method() == beast_http::verb::get)
        return json_response(req, 200,
                             boost::json::object{{"handshakes", ctx.log.handshakes()},
                                                 {"connections", ctx.log.connections()},
                                                 {"requests", ctx.log.requests().size()}});
    return json_response(req, 404, boost::json::object{{"error", "no such control endpoint"}});
}

} // namespace

routed route(const router_context& ctx, const request& req, logged_request& entry) {
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    entry.method = req.method_string();
    entry.path = path;
    entry.range = req[beast_http::field::range];
    entry.if_range = req[beast_http::field::if_range];
    const auto authorization = req[beast_http::field::authorization];
    entry.authorization = !authorization.empty();
    entry.authenticated = authorization_matches(authorization, ctx.expected_authorization);

    if (path.starts_with("/_sandbox/")) return {control_endpoint(ctx, req, path)};

    const bool is_graphql = path == "/" || path.empty();
    const bool is_file =
        path.starts_with("/datasets/") || path.starts_with("/legacy/") || path.starts_with("/submissions/");
    std::chrono::milliseconds delay{0};
    std::optional<faults::fault_rule> rule;
    if (is_graphql || is_file) rule = ctx.faults.take(is_graphql ? faults::target_kind::graphql : faults::target_kind::files);
    if (rule) {
        entry.fault = rule->describe();
        if (rule->kind == faults::fault_rule::fault_kind::status) return {fault_response(req, *rule)};
        if (rule->kind == faults::fault_rule::fault_kind::delay) delay = rule->delay;
    }
    if (is_graphql) return {graphql_endpoint(ctx, req, entry), delay};
    if (is_file) return {file_endpoint(ctx, req, target, rule), delay};
    return {s3_error(req, beast_http::status::not_found, "NoSuchKey", "The specified key does not exist.")};
}

} // namespace numerapi::sandbox::http
