#include "sandbox/http/router.hpp"

#include "sandbox/files/byte_range.hpp"

#include <boost/beast/http/rfc7230.hpp>
#include "sandbox/uploads/body_file.hpp"
#include "sandbox/uploads/multipart_reader.hpp"

#include <fstream>
#include <zlib.h>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <openssl/crypto.h>

namespace numerapi::sandbox::http {
namespace {

constexpr const char* server_name = "numerapi-sandbox";

using request_header = beast_http::request_header<>;

/// Keep-alive as the request asks for it (HTTP/1.1 unless "close"; 1.0 only if asked).
bool wants_keep_alive(const request_header& h) {
    beast_http::token_list connection{h[beast_http::field::connection]};
    return h.version() >= 11 ? !connection.exists("close") : connection.exists("keep-alive");
}

string_response text_response(const request_header& req, beast_http::status status, std::string content_type,
                              std::string body) {
    string_response res{status, req.version()};
    res.set(beast_http::field::server, server_name);
    res.set(beast_http::field::content_type, content_type);
    res.keep_alive(wants_keep_alive(req));
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

string_response json_response(const request_header& req, unsigned status, const boost::json::value& body) {
    return text_response(req, static_cast<beast_http::status>(status), "application/json; charset=utf-8",
                         boost::json::serialize(body));
}

/// S3 answers errors on presigned URLs with a small XML document.
string_response s3_error(const request_header& req, beast_http::status status, std::string_view code,
                         std::string_view message) {
    std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
    body.append(code).append("</Code><Message>").append(message).append("</Message></Error>");
    return text_response(req, status, "application/xml", std::move(body));
}

/// S3's 403 for a presigned URL that expired or whose signature does not match; nullopt if
/// it is valid for this method.
std::optional<string_response> signature_refusal(const router_context& ctx, const request_header& req,
                                                 std::string_view target) {
    switch (ctx.services.signer.verify(req.method_string(), target, ctx.services.state.now())) {
        case files::url_verdict::valid: return std::nullopt;
        case files::url_verdict::expired:
            return s3_error(req, beast_http::status::forbidden, "AccessDenied", "Request has expired");
        case files::url_verdict::unsigned_url:
        case files::url_verdict::bad_signature: break;
    }
    return s3_error(req, beast_http::status::forbidden, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
}

bool authorization_matches(std::string_view given, std::string_view expected) {
    return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

response_plan graphql_endpoint(const router_context& ctx, const request& req, logged_request& entry) {
    if (req.method() != beast_http::verb::post)
        return json_response(
            req, 405,
            boost::json::object{
                {"errors", boost::json::array{boost::json::object{{"message", "GraphQL requests must be POSTed"}}}}});
    graphql::execution_options options;
    options.authenticated = entry.authenticated;
    options.validation_error_status = ctx.validation_error_status;
    auto result = ctx.executor.execute(req.body(), options);
    entry.graphql_fields = std::move(result.root_fields);
    return json_response(req, result.http_status, result.body);
}

/// The whole file in one string answer: gzip-encoded (as an S3 object stored with
/// Content-Encoding: gzip: its ETag is the MD5 of the encoded bytes), or chunked.
string_response encoded_file(const request& req, const api::served_file& file, bool gzip) {
    if (file.size > (64u << 20))
        return s3_error(req, beast_http::status::internal_server_error, "InternalError", "file too large to encode");
    std::string content(file.size, '\0');
    file.read(0, {content.data(), content.size()});
    string_response res{beast_http::status::ok, req.version()};
    res.set(beast_http::field::server, server_name);
    res.set(beast_http::field::content_type, file.content_type);
    res.keep_alive(req.keep_alive());
    if (gzip) {
        std::string out(compressBound(static_cast<uLong>(content.size())) + 64, '\0');
        z_stream z{};
        deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
        z.next_in = reinterpret_cast<Bytef*>(content.data());
        z.avail_in = static_cast<uInt>(content.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, Z_FINISH);
        out.resize(z.total_out);
        deflateEnd(&z);
        res.set(beast_http::field::content_encoding, "gzip");
        res.set(beast_http::field::etag, "\"" + uploads::md5_of_bytes(out) + "\"");
        res.body() = std::move(out);
        res.prepare_payload();
    } else {
        res.set(beast_http::field::etag, file.etag);
        res.body() = std::move(content);
        res.chunked(true);
    }
    return res;
}

/// Whether an If-None-Match value (`*`, or a list of entity tags) names `etag`, compared
/// weakly as RFC 9110 says for If-None-Match (W/ prefixes ignored).
bool entity_tag_listed(std::string_view header, std::string_view etag) {
    const auto opaque = [](std::string_view tag) {
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        return tag;
    };
    if (header.empty()) return false;
    if (opaque(header) == "*") return true;
    while (!header.empty()) {
        const auto comma = header.find(',');
        if (opaque(header.substr(0, comma)) == opaque(etag)) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

response_plan file_endpoint(const router_context& ctx, const request& req, std::string_view target,
                            const std::optional<faults::fault_rule>& fault) {
    using fk = faults::fault_rule::fault_kind;
    auto is = [&fault](fk k) { return fault.has_value() && fault->kind == k; };
    if (is(fk::expire_url)) return s3_error(req, beast_http::status::forbidden, "AccessDenied", "Request has expired");
    if (req.method() != beast_http::verb::get && req.method() != beast_http::verb::head)
        return s3_error(req, beast_http::status::method_not_allowed, "MethodNotAllowed",
                        "The specified method is not allowed against this resource.");
    if (auto refusal = signature_refusal(ctx, req, target)) return std::move(*refusal);
    const auto path = target.substr(0, target.find('?'));
    if (is(fk::change_file)) ctx.services.state.bump_file_version(std::string(path));
    auto file = api::find_file(ctx.services.state, path);
    if (!file) return s3_error(req, beast_http::status::not_found, "NoSuchKey", "The specified key does not exist.");
    if (is(fk::gzip) || is(fk::chunked)) return encoded_file(req, *file, is(fk::gzip));
    // As S3: If-None-Match is weighed before Range, and a match is a 304 with no body.
    if (entity_tag_listed(req[beast_http::field::if_none_match], file->etag)) {
        string_response res{beast_http::status::not_modified, req.version()};
        res.set(beast_http::field::server, server_name);
        res.set(beast_http::field::etag, file->etag);
        res.keep_alive(req.keep_alive());
        return res;
    }

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
            h.set(beast_http::field::content_range,
                  "bytes " + std::to_string(range.range.first) + "-" + std::to_string(range.range.last) + "/" +
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
    if (is(fk::throttle)) out.bytes_per_second = fault->bytes_per_second;
    if (is(fk::reset_after) || is(fk::close_after)) {
        out.cut_after = fault->bytes;
        out.cut = is(fk::reset_after) ? cut_kind::reset : cut_kind::close_notify;
    }
    if (is(fk::corrupt_record)) {
        out.cut_after = fault->bytes_given ? fault->bytes : std::min<std::uint64_t>(64u << 10, out.length / 2);
        out.cut = cut_kind::corrupt_record;
    }
    out.file = std::move(*file);
    return out;
}

response_plan faults_endpoint(const router_context& ctx, const request& req) {
    switch (req.method()) {
        case beast_http::verb::get: break;
        case beast_http::verb::delete_: ctx.faults.clear(); break;
        case beast_http::verb::post: try { ctx.faults.replace(faults::fault_plan::parse(req.body()));
            } catch (const std::invalid_argument& e) {
                return json_response(req, 400, boost::json::object{{"error", e.what()}});
            }
            break;
        default: return json_response(req, 405, boost::json::object{{"error", "GET, POST or DELETE"}});
    }
    return json_response(req, 200, boost::json::object{{"rules", ctx.faults.to_json()}});
}

/// S3's XML error for an early refusal: for 403, exactly the expired-URL answer.
string_response early_refusal_response(const request_header& req, const faults::fault_rule& rule) {
    const auto status = static_cast<beast_http::status>(rule.status);
    string_response res;
    if (!rule.body.empty()) {
        res = text_response(req, status, rule.content_type, rule.body);
    } else if (status == beast_http::status::forbidden) {
        res = s3_error(req, status, "AccessDenied", "Request has expired");
    } else {
        const std::string reason(beast_http::obsolete_reason(status));
        std::string code;
        for (char c : reason)
            if (c != ' ' && c != '-') code += c;
        res = s3_error(req, status, code.empty() ? "InternalError" : code, reason);
    }
    res.keep_alive(false);
    return res;
}

/// An injected answer in place of the real one.
string_response fault_response(const request_header& req, const faults::fault_rule& rule) {
    auto res = text_response(req, static_cast<beast_http::status>(rule.status), rule.content_type, rule.body);
    if (!rule.retry_after.empty()) res.set(beast_http::field::retry_after, rule.retry_after);
    return res;
}

/// A control request's JSON object body; empty for no body or anything else.
boost::json::object control_body(const request& req) {
    boost::system::error_code ec;
    auto v = boost::json::parse(req.body(), ec);
    if (ec || !v.is_object()) return {};
    return std::move(v.get_object());
}

response_plan control_endpoint(const router_context& ctx, const request& req, std::string_view path) {
    if (path == "/_sandbox/faults") return faults_endpoint(ctx, req);
    if (path == "/_sandbox/requests" && req.method() == beast_http::verb::get)
        return json_response(req, 200, ctx.log.to_json());
    if (path == "/_sandbox/stats" && req.method() == beast_http::verb::get)
        return json_response(req, 200,
                             boost::json::object{{"handshakes", ctx.log.handshakes()},
                                                 {"resumed_handshakes", ctx.log.resumed_handshakes()},
                                                 {"connections", ctx.log.connections()},
                                                 {"requests", ctx.log.logged()},
                                                 {"requests_dropped", ctx.log.dropped()}});
    if (path == "/_sandbox/submissions" && req.method() == beast_http::verb::get) {
        // Uploaded submissions, with what the sandbox recorded of them.
        boost::json::array out;
        for (const auto& sub : ctx.services.state.submissions()) {
            if (sub.stored_file.empty()) continue;
            out.push_back(boost::json::object{
                {"id", sub.id},
                {"model_id", sub.model_id},
                {"tournament", sub.tournament},
                {"round", sub.round},
                {"filename", sub.filename},
                {"trigger_id", sub.trigger_id ? boost::json::value(*sub.trigger_id) : nullptr},
                {"source", sub.source},
                {"data_datestamp", sub.data_datestamp ? boost::json::value(*sub.data_datestamp) : nullptr},
                {"size", sub.stored_size},
                {"md5", sub.stored_md5},
                {"selected", sub.selected}});
        }
        return json_response(req, 200, out);
    }
    if (path == "/_sandbox/diagnostics" && req.method() == beast_http::verb::get) {
        boost::json::array out;
        for (const auto& d : ctx.services.state.diagnostics())
            out.push_back(boost::json::object{{"id", d.id},
                                              {"model_id", d.model_id},
                                              {"tournament", d.tournament},
                                              {"filename", d.filename},
                                              {"status", d.status},
                                              {"message", d.message}});
        return json_response(req, 200, out);
    }
    if (path == "/_sandbox/diagnostics" && req.method() == beast_http::verb::post) {
        // A diagnostics run's course: {"id": ..., "status": "pending" | "failed" | ..., "message": ...}.
        const auto settings = control_body(req);
        const auto* id = settings.if_contains("id");
        const auto* status = settings.if_contains("status");
        const auto* message = settings.if_contains("message");
        if (!id || !id->is_string() || (status && !status->is_string()) || (message && !message->is_string()))
            return json_response(
                req, 400,
                boost::json::object{{"error", "want {\"id\": string, \"status\": string, \"message\": string}"}});
        for (auto& d : ctx.services.state.diagnostics()) {
            if (d.id != id->get_string()) continue;
            if (status && status->is_string()) d.status = status->get_string();
            if (message && message->is_string()) d.message = message->get_string();
            return json_response(req, 200,
                                 boost::json::object{{"id", d.id}, {"status", d.status}, {"message", d.message}});
        }
        return json_response(req, 404, boost::json::object{{"error", "no such diagnostics run"}});
    }
    if (path == "/_sandbox/model_uploads" && req.method() == beast_http::verb::get) {
        boost::json::array out;
        for (const auto& m : ctx.services.state.model_uploads())
            out.push_back(boost::json::object{
                {"id", m.id},
                {"model_id", m.model_id},
                {"tournament", m.tournament},
                {"filename", m.filename},
                {"size", m.size},
                {"md5", m.md5},
                {"data_version_id", m.data_version_id ? boost::json::value(*m.data_version_id) : nullptr},
                {"docker_image_id", m.docker_image_id ? boost::json::value(*m.docker_image_id) : nullptr}});
        return json_response(req, 200, out);
    }
    // Round events on demand: a new round, a day of scores.
    if (path == "/_sandbox/next_round" && req.method() == beast_http::verb::post) {
        const auto settings = control_body(req);
        const auto close_in = settings.if_contains("close_in_seconds");
        const int number = ctx.services.state.open_next_round(close_in && close_in->is_int64()
                                                                  ? std::chrono::seconds{close_in->get_int64()}
                                                                  : std::chrono::seconds{86400});
        return json_response(req, 200, boost::json::object{{"round", number}});
    }
    if (path == "/_sandbox/release_scores" && req.method() == beast_http::verb::post) {
        const auto settings = control_body(req);
        const auto* tournament = settings.if_contains("tournament");
        const auto* round = settings.if_contains("round");
        const auto [number, day] = ctx.services.state.release_scores(
            tournament && tournament->is_int64() ? static_cast<int>(tournament->get_int64()) : 8,
            round && round->is_int64() ? std::optional<int>(static_cast<int>(round->get_int64())) : std::nullopt);
        return json_response(req, 200, boost::json::object{{"round", number}, {"day", day}});
    }
    return json_response(req, 404, boost::json::object{{"error", "no such control endpoint"}});
}

constexpr std::string_view round_closed = "Current round not open for submissions";

/// An answer that discards the request's body first.
upload_plan refuse(string_response res) {
    upload_plan p;
    p.refusal = std::move(res);
    return p;
}

} // namespace

routed route(const router_context& ctx, const request& req, logged_request& entry) {
    ctx.services.state.tick();
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    entry.method = req.method_string();
    entry.path = path;
    entry.range = req[beast_http::field::range];
    entry.if_range = req[beast_http::field::if_range];
    entry.if_none_match = req[beast_http::field::if_none_match];
    const auto authorization = req[beast_http::field::authorization];
    entry.authorization = !authorization.empty();
    entry.authenticated = authorization_matches(authorization, ctx.expected_authorization);

    if (path.starts_with("/_sandbox/")) return {control_endpoint(ctx, req, path)};

    const bool is_graphql = path == "/" || path.empty();
    const bool is_file = path.starts_with("/datasets/") || path.starts_with("/legacy/") ||
        path.starts_with("/submissions/") || path.starts_with("/hostile/");
    std::chrono::milliseconds delay{0};
    std::optional<faults::fault_rule> rule;
    if (is_graphql) rule = ctx.faults.take(faults::target_kind::graphql, req.body());
    else if (is_file) rule = ctx.faults.take(faults::target_kind::files);
    bool truncate = false;
    if (rule) {
        using fk = faults::fault_rule::fault_kind;
        entry.fault = rule->describe();
        switch (rule->kind) {
            case fk::status: return {fault_response(req, *rule)};
            case fk::delay: delay = rule->delay; break;
            case fk::rollover: ctx.services.state.start_rollover(rule->delay); break;
            case fk::truncate: truncate = true; break;
            case fk::malformed_json:
                return {text_response(req, beast_http::status::ok, "application/json; charset=utf-8",
                                      R"({"data": {"rounds": [{"number": 11)")};
            case fk::stall: return {string_response{}, {}, false, true};
            case fk::endless_chunk: {
                routed r{string_response{}};
                r.endless_trailer = rule->endless_trailer;
                return r;
            }
            case fk::reset_before_headers: {
                // A GraphQL request is run (and logged with its fields) before the reset, as
                // behind a gateway whose backend answered after the connection broke: the case
                // where a client must not send a mutation again.
                routed r{is_graphql ? graphql_endpoint(ctx, req, entry) : string_response{}};
                r.reset = true;
                return r;
            }
            default: break;
        }
    }
    const unsigned interim = rule && rule->kind == faults::fault_rule::fault_kind::interim_1xx ? rule->status : 0u;
    routed r{is_graphql ? graphql_endpoint(ctx, req, entry) : file_endpoint(ctx, req, target, rule), delay, truncate};
    r.interim = interim;
    if (interim != 0) r.interim_repeat = rule->repeat;
    if (is_file && rule && rule->kind == faults::fault_rule::fault_kind::gzip && rule->bytes > 0) {
        r.truncate = true;
        r.truncate_at = rule->bytes;
    }
    // A corrupt record after a GraphQL answer, or after a file URL's error answer (a file
    // body is cut in file_endpoint).
    if (rule && rule->kind == faults::fault_rule::fault_kind::corrupt_record &&
        std::holds_alternative<string_response>(r.plan)) {
        r.truncate = true;
        r.truncate_by = cut_kind::corrupt_record;
        if (rule->bytes_given) r.truncate_at = rule->bytes;
    }
    if (is_graphql || is_file) return r;
    return {s3_error(req, beast_http::status::not_found, "NoSuchKey", "The specified key does not exist.")};
}

bool is_upload(const request_header& header) {
    const std::string_view target = header.target();
    return target.starts_with("/uploads/") &&
        (header.method() == beast_http::verb::put || header.method() == beast_http::verb::post);
}

/// The upload's plan as its header and the world decide it, faults aside.
static upload_plan plan_upload(const router_context& ctx, const request_header& req, std::string_view target,
                               std::string_view path) {
    // S3 refuses chunked uploads: a presigned PUT needs its length up front.
    if (beast_http::token_list{req[beast_http::field::transfer_encoding]}.exists("chunked"))
        return refuse(s3_error(req, beast_http::status::not_implemented, "NotImplemented",
                               "A header you provided implies functionality that is not implemented"));
    const auto length = req[beast_http::field::content_length];
    if (length.empty())
        return refuse(s3_error(req, beast_http::status::length_required, "MissingContentLength",
                               "You must provide the Content-Length HTTP header."));
    std::uint64_t size = 0;
    for (char c : length) size = size * 10 + static_cast<std::uint64_t>(c - '0');
    if (size > ctx.max_upload)
        return refuse(s3_error(req, beast_http::status::bad_request, "EntityTooLarge",
                               "Your proposed upload exceeds the maximum allowed size"));

    const bool form = req.method() == beast_http::verb::post;
    if (form != ctx.services.upload_form)
        return refuse(s3_error(req, beast_http::status::method_not_allowed, "MethodNotAllowed",
                               ctx.services.upload_form
                                   ? "This sandbox takes uploads as POST forms (--upload-form)."
                                   : "The specified method is not allowed against this resource."));
    if (auto refusal = signature_refusal(ctx, req, target)) return refuse(std::move(*refusal));
    const std::string key(path.substr(std::string_view("/uploads/").size()));
    const upload_record* upload = ctx.services.state.find_upload(key);
    if (upload == nullptr)
        return refuse(
            s3_error(req, beast_http::status::not_found, "NoSuchUpload", "No upload was authorized for this key."));
    if (ctx.services.state.in_rollover() &&
        (upload->purpose == "submission" || upload->purpose == "signals_submission"))
        return refuse(s3_error(req, beast_http::status::bad_request, "InvalidRequest", round_closed));

    upload_plan plan;
    plan.key = key;
    plan.form = form;
    plan.body_path = ctx.upload_dir / (form ? key + ".form" : key);
    if (form) {
        auto boundary = uploads::form_boundary(req[beast_http::field::content_type]);
        if (!boundary)
            return refuse(s3_error(req, beast_http::status::bad_request, "MalformedPOSTRequest",
                                   "The body of your POST request is not well-formed multipart/form-data."));
        plan.boundary = std::move(*boundary);
    }
    return plan;
}

upload_plan route_upload(const router_context& ctx, const request_header& req, logged_request& entry) {
    ctx.services.state.tick();
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    entry.method = req.method_string();
    entry.path = path;

    std::optional<faults::fault_rule> rule = ctx.faults.take(faults::target_kind::uploads);
    if (rule) {
        using fk = faults::fault_rule::fault_kind;
        entry.fault = rule->describe();
        if (rule->kind == fk::status) return refuse(fault_response(req, *rule));
        if (rule->kind == fk::expire_url)
            return refuse(s3_error(req, beast_http::status::forbidden, "AccessDenied", "Request has expired"));
        if (rule->kind == fk::rollover) ctx.services.state.start_rollover(rule->delay);
        if (rule->kind == fk::reset_before_headers) {
            upload_plan p;
            p.reset = true;
            return p;
        }
        if (rule->kind == fk::early_refusal) {
            upload_plan p;
            p.early_refusal = early_refusal_response(req, *rule);
            p.early_refusal_bytes = rule->bytes;
            return p;
        }
    }
    // Faults that change how the real answer is given.
    auto decorate = [&rule](upload_plan p) {
        using fk = faults::fault_rule::fault_kind;
        if (rule && rule->kind == fk::interim_1xx) p.interim = rule->status;
        if (rule && rule->kind == fk::corrupt_record) {
            p.corrupt = true;
            if (rule->bytes_given) p.corrupt_at = rule->bytes;
        }
        return p;
    };
    return decorate(plan_upload(ctx, req, target, path));
}

string_response finish_upload(const router_context& ctx, const request_header& req, const upload_plan& plan,
                              std::uint64_t size, const std::string& md5, logged_request& entry) {
    upload_record* upload = ctx.services.state.find_upload(plan.key);
    if (upload == nullptr) return s3_error(req, beast_http::status::not_found, "NoSuchUpload", "The upload vanished.");
    std::filesystem::path stored = plan.body_path;
    std::uint64_t stored_size = size;
    std::string stored_md5 = md5;
    if (plan.form) {
        std::error_code ignored;
        uploads::form_contents form;
        try {
            form = uploads::read_form(plan.body_path, plan.boundary);
        } catch (const std::invalid_argument& e) {
            std::filesystem::remove(plan.body_path, ignored);
            return s3_error(req, beast_http::status::bad_request, "MalformedPOSTRequest", e.what());
        }
        const auto key = form.fields.find("key");
        std::string problem;
        if (key == form.fields.end()) problem = "the form has no key field";
        else if (key->second != plan.key) problem = "the key field does not name this upload";
        else if (form.file_field != "file") problem = "the file part must be named \"file\"";
        if (!problem.empty()) {
            std::filesystem::remove(plan.body_path, ignored);
            return s3_error(req, beast_http::status::bad_request, "InvalidArgument", problem);
        }
        stored = ctx.upload_dir / plan.key;
        {
            std::ifstream in(plan.body_path, std::ios::binary);
            std::ofstream out(stored, std::ios::binary | std::ios::trunc);
            in.seekg(static_cast<std::streamoff>(form.file_offset));
            std::vector<char> buf(1 << 16);
            for (std::uint64_t left = form.file_length; left > 0;) {
                const auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size()));
                in.read(buf.data(), n);
                out.write(buf.data(), in.gcount());
                if (in.gcount() != n) break;
                left -= static_cast<std::uint64_t>(n);
            }
        }
        std::filesystem::remove(plan.body_path, ignored);
        stored_size = form.file_length;
        stored_md5 = uploads::md5_of(stored, 0, stored_size);
        entry.form_file_name = form.file_name;
    }
    upload->received = true;
    upload->file = stored;
    upload->size = stored_size;
    upload->md5 = stored_md5;
    string_response res{plan.form ? beast_http::status::no_content : beast_http::status::ok, req.version()};
    res.set(beast_http::field::server, server_name);
    res.set(beast_http::field::etag, "\"" + stored_md5 + "\"");
    res.keep_alive(wants_keep_alive(req));
    res.prepare_payload();
    return res;
}

} // namespace numerapi::sandbox::http
