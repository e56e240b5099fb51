// Numerai Compute "lite" (docs/protocol.md §3.11): the model pickle's create mutation and the
// two lists a pickle is uploaded against. The upload-auth query is uploads.hpp's
// (upload_purpose::model_pickle). All private.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>

namespace numerapi::detail {

/// createComputePickleUpload. Not idempotent.
operation create_model_upload_mutation(std::string filename, int tournament, std::optional<std::string> model_id,
                                       std::optional<std::string> data_version_id,
                                       std::optional<std::string> docker_image_id);
/// The created pickle upload's id.
std::string decode_created_model_upload(const boost::json::object& data);

/// computePickleDataVersions / computePickleDockerImages.
operation model_upload_data_versions_query();
operation model_upload_docker_images_query();
/// name -> id, from whichever of the two lists `data` holds.
std::map<std::string, std::string> decode_model_upload_choices(const boost::json::object& data);

} // namespace numerapi::detail
