// client's Numerai Compute calls: model_upload (authorize, upload the pickle, create) and
// the two lists a pickle is uploaded against.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"

#include "common/printable.hpp"
#include "numerapi/api/compute.hpp"
#include "numerapi/api/uploads.hpp"
#include "numerapi/transfer/upload.hpp"

namespace numerapi {
namespace detail::ops {
namespace {

/// Which of the two lists model_upload_choices reads.
enum class model_upload_choice { data_versions, docker_images };

asio::awaitable<outcome<std::map<std::string, std::string>>> model_upload_choices(detail::call_context& c,
                                                                                  model_upload_choice which) {
    operation query = which == model_upload_choice::data_versions ? detail::model_upload_data_versions_query()
                                                                  : detail::model_upload_docker_images_query();
    co_return co_await c.run_decoded(std::move(query), detail::decode_model_upload_choices);
}

asio::awaitable<outcome<std::string>> model_upload(detail::call_context& c, std::filesystem::path file,
                                                   std::string model, model_upload_options options,
                                                   std::optional<numerapi::tournament> tournament) {
    const int t = c.tournament(tournament);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        co_return make_failure(errc::io_error, "model_upload", file.string() + ": not a readable file");
    const outcome<std::string> resolved = co_await c.model_id(std::move(model));
    if (!resolved) co_return resolved.error();
    const std::string& model_id = *resolved;
    // A name is looked up in its list (numerapi: "ValueError" for an unknown one); an id is sent as is.
    // (Arguments by reference: no class temporaries are made inside the co_await below.)
    const auto resolve = [&c](const std::optional<std::string>& given, model_upload_choice list,
                              const char* what) -> asio::awaitable<outcome<std::optional<std::string>>> {
        if (!given || detail::call_context::looks_like_uuid(*given)) co_return given;
        const auto choices = co_await model_upload_choices(c, list);
        if (!choices) co_return choices.error();
        if (const auto it = choices->find(*given); it != choices->end()) co_return std::optional(it->second);
        // The names are the server's: escaped before they reach a message (and a terminal).
        std::string known;
        for (const auto& [name, id] : *choices) known += (known.empty() ? "" : ", ") + detail::printable(name);
        co_return make_failure(errc::invalid_argument, "model_upload",
                               std::string("no ") + what + " named \"" + detail::printable(*given) +
                                   "\" (there are: " + known + ")");
    };
    const auto data_version =
        co_await resolve(options.data_version, model_upload_choice::data_versions, "data version");
    if (!data_version) co_return data_version.error();
    const auto docker_image =
        co_await resolve(options.docker_image, model_upload_choice::docker_images, "docker image");
    if (!docker_image) co_return docker_image.error();

    const auto authorize = [&c, &file, &model_id]() -> asio::awaitable<outcome<detail::upload_authorization>> {
        operation query =
            detail::upload_auth_query(detail::upload_purpose::model_pickle, file.filename().string(), 0, model_id);
        co_return co_await c.run_decoded(std::move(query), [](const boost::json::object& d) {
            return detail::decode_upload_auth(d, detail::upload_purpose::model_pickle);
        });
    };
    outcome<detail::upload_authorization> authorized = co_await authorize();
    if (!authorized) co_return authorized.error();
    detail::upload_authorization auth = std::move(*authorized);
    detail::upload_job job;
    job.url = auth.url;
    job.options = std::move(options.upload);
    job.label = file.string();
    outcome<detail::request_body> body = detail::raw_file_body(file, job.options.content_type);
    if (!body) co_return body.error();
    job.body = std::move(*body);
    job.refresh_url = [&auth, &authorize]() -> asio::awaitable<outcome<std::string>> {
        outcome<detail::upload_authorization> fresh = co_await authorize();
        if (!fresh) co_return fresh.error();
        auth = std::move(*fresh);
        co_return auth.url;
    };
    const auto ctx = c.transfer_context(); // named: no temporary in the co_await (GCC 12)
    const outcome<upload_result> uploaded = co_await detail::upload(ctx, std::move(job));
    if (!uploaded) co_return uploaded.error();
    // Not idempotent, and a pickle upload cannot be looked up: an ambiguous failure is final.
    operation create = detail::create_model_upload_mutation(auth.filename, t, model_id, *data_version, *docker_image);
    co_return co_await c.run_decoded(std::move(create), detail::decode_created_model_upload);
}

asio::awaitable<outcome<std::map<std::string, std::string>>> model_upload_data_versions(detail::call_context& c) {
    return model_upload_choices(c, model_upload_choice::data_versions);
}

asio::awaitable<outcome<std::map<std::string, std::string>>> model_upload_docker_images(detail::call_context& c) {
    return model_upload_choices(c, model_upload_choice::docker_images);
}

} // namespace
} // namespace detail::ops

NUMERAPI_DEFINE_CALL("model_upload", detail::ops::model_upload);
NUMERAPI_DEFINE_CALL("model_upload_data_versions", detail::ops::model_upload_data_versions);
NUMERAPI_DEFINE_CALL("model_upload_docker_images", detail::ops::model_upload_docker_images);

} // namespace numerapi
