#include "numerapi/api/compute.hpp"

#include "numerapi/api/json_decode.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi Api.model_upload
constexpr std::string_view create_model_upload_text = R"(
            mutation($filename: String!
                     $tournament: Int!
                     $modelId: String
                     $dataVersionId: String
                     $dockerImageId: String) {
                createComputePickleUpload(filename: $filename
                                          tournament: $tournament
                                          modelId: $modelId
                                          dataVersionId: $dataVersionId
                                          dockerImageId: $dockerImageId) {
                    id
                }
            }
            )";

// numerapi Api.model_upload_data_versions
constexpr std::string_view data_versions_text = R"(
            query {
                computePickleDataVersions {
                    name
                    id
                }
            }
        )";

// numerapi Api.model_upload_docker_images
constexpr std::string_view docker_images_text = R"(
            query {
                computePickleDockerImages {
                    name
                    id
                }
            }
        )";

boost::json::value string_or_null(std::optional<std::string> s) {
    return s ? boost::json::value(std::move(*s)) : boost::json::value(nullptr);
}

} // namespace

operation create_model_upload_mutation(std::string filename, int tournament, std::optional<std::string> model_id,
                                       std::optional<std::string> data_version_id,
                                       std::optional<std::string> docker_image_id) {
    operation op =
        private_operation("model_upload", create_model_upload_text,
                          boost::json::object{{"filename", std::move(filename)},
                                              {"tournament", tournament},
                                              {"modelId", string_or_null(std::move(model_id))},
                                              {"dataVersionId", string_or_null(std::move(data_version_id))},
                                              {"dockerImageId", string_or_null(std::move(docker_image_id))}});
    op.idempotent = false;
    return op;
}

std::string decode_created_model_upload(const boost::json::object& data) {
    const std::string_view field = "createComputePickleUpload";
    return decode_value<std::string>(root_field(root_object(data, field), "id"), json_path(field).field("id"));
}

operation model_upload_data_versions_query() {
    return private_operation("model_upload_data_versions", data_versions_text, nullptr);
}

operation model_upload_docker_images_query() {
    return private_operation("model_upload_docker_images", docker_images_text, nullptr);
}

std::map<std::string, std::string> decode_model_upload_choices(const boost::json::object& data) {
    for (const std::string_view root : {"computePickleDataVersions", "computePickleDockerImages"}) {
        if (!data.contains(root)) continue;
        const json_path path(root);
        std::map<std::string, std::string> out;
        for (const auto& m : decode_array<model>(root_array(data, root), path)) out[m.name] = m.id;
        return out;
    }
    throw std::invalid_argument("computePickleDataVersions / computePickleDockerImages: missing from the response");
}

} // namespace numerapi::detail
