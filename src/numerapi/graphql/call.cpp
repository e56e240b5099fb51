#include "numerapi/graphql/call.hpp"

#include "numerapi/http/retry_after.hpp"

#include <numerapi/error.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace numerapi::detail {
namespace http = boost::beast::http;

namespace {

constexpr std::string_view invalid_session = "Your session is invalid or has expired.";
constexpr std::string_view round_closed = "Current round not open for submissions";

std::vector<std::string> server_messages(const boost::json::value& errors) {
    std::vector<std::string> out;
    if (const auto* list = errors.if_array()) {
        for (const auto& e : *list) {
            const auto* obj = e.if_object();
            const auto* msg = obj ? obj->if_contains("message") : nullptr;
            out.push_back(msg && msg->is_string() ? std::string(msg->get_string()) : std::string());
        }
    } else if (const auto* obj = errors.if_object()) { // the legacy {"detail": ...} shape
        if (const auto* d = obj->if_contains("detail"); d && d->is_string()) out.emplace_back(d->get_string());
    }
    return out;
}

errc classify_messages(const std::vector<std::string>& messages) {
    for (const auto& m : messages) {
        if (m == invalid_session) return errc::authentication_failed;
        if (m == round_closed) return errc::round_not_open;
    }
    return errc::graphql_error;
}

/// The failure for `response`, with its status and Retry-After in the diagnostics.
failure fail(errc code, const operation& op, const response_head& response, std::vector<std::string> messages,
             std::string client_message) {
    diagnostics d;
    d.operation = op.name;
    d.http_status = response.result_int();
    d.server_messages = std::move(messages);
    d.client_message = std::move(client_message);
    d.attempts = 1;
    d.retry_after = parse_retry_after(response[http::field::retry_after], std::chrono::system_clock::now());
    return failure(make_error_code(code), std::move(d));
}

} // namespace

exchange_request make_graphql_request(const graphql_endpoint& endpoint, const operation& op,
                                      std::size_t max_response_body) {
    exchange_request req;
    req.operation = op.name;
    req.method = http::verb::post;
    req.url = endpoint.url;
    req.headers.set(http::field::user_agent, endpoint.user_agent);
    req.headers.set(http::field::content_type, "application/json");
    req.headers.set(http::field::accept, "application/json");
    if (op.authorization && endpoint.keys)
        req.headers.set(http::field::authorization,
                        "Token " + endpoint.keys->public_id + "$" + endpoint.keys->secret_key);
    req.body.pieces.push_back(
        {.text = boost::json::serialize(boost::json::object{{"query", op.document}, {"variables", op.variables}})});
    req.idempotent = op.idempotent;
    req.text_limit = max_response_body;
    return req;
}

outcome<boost::json::object> read_graphql_response(const exchange_result& answer, const operation& op) {
    const response_head& response = answer.head;
    const unsigned status = response.result_int();
    if (answer.text_truncated)
        return fail(errc::response_too_large, op, response, {},
                    "the answer is longer than " + std::to_string(answer.text.size()) + " bytes");
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(answer.text, ec);
    const auto* obj = ec ? nullptr : body.if_object();

    if (obj != nullptr) {
        if (const auto* errors = obj->if_contains("errors"); errors && !errors->is_null()) {
            auto messages = server_messages(*errors);
            const errc code = classify_messages(messages); // before the messages are moved away
            return fail(code, op, response, std::move(messages), {});
        }
    }
    if (status < 200 || status >= 300) {
        const auto type = response[http::field::content_type];
        return fail(errc::http_status, op, response, {},
                    obj != nullptr
                        ? ""
                        : "the body is not JSON" + (type.empty() ? std::string() : " (" + std::string(type) + ")"));
    }
    if (obj == nullptr) return fail(errc::invalid_response, op, response, {}, "the body is not a JSON object");
    const auto* data = obj->if_contains("data");
    if (data == nullptr || !data->is_object())
        return fail(errc::invalid_response, op, response, {}, "the body has no data object");
    return data->get_object();
}

boost::asio::awaitable<outcome<boost::json::object>> call(exchanger& network, const graphql_endpoint& endpoint,
                                                          operation op, std::size_t max_response_body) {
    if (op.authorization && !endpoint.keys) co_return credentials_missing(op.name);
    exchange_request req = make_graphql_request(endpoint, op, max_response_body);
    const outcome<exchange_result> answer = co_await network.exchange(std::move(req), {});
    if (!answer) co_return answer.error();
    co_return read_graphql_response(*answer, op);
}

failure credentials_missing(std::string operation) {
    diagnostics d;
    d.operation = std::move(operation);
    d.attempts = 0;
    return failure(make_error_code(errc::credentials_missing), std::move(d));
}

} // namespace numerapi::detail
