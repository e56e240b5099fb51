// Uploads (docs/protocol.md §3.5, §3.6): the upload-auth queries, the create mutations,
// diagnostics, and the submission file queries; building operations and decoding their
// `data` objects. All are private calls. Query texts are numerapi 2.23.1's, verbatim.
#pragma once

#include "numerapi/graphql/operation.hpp"

#include <numerapi/types.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace numerapi::detail {

/// What a presigned upload is for; it picks the upload-auth root field.
enum class upload_purpose {
    predictions,         ///< submission_upload_auth (Classic, Crypto)
    signals_predictions, ///< submissionUploadSignalsAuth (Signals)
    diagnostics,         ///< diagnosticsUploadAuth
    model_pickle,        ///< computePickleUploadAuth (model_upload; no tournament argument)
};

/// The answer of an upload-auth query: where to PUT, and the name to create it under.
struct upload_authorization {
    std::string filename; ///< the server's key for the upload
    std::string url;      ///< the presigned URL
};

operation upload_auth_query(upload_purpose purpose, std::string filename, int tournament,
                            std::optional<std::string> model_id);
upload_authorization decode_upload_auth(const boost::json::object& data, upload_purpose purpose);

/// create_submission, or createSignalsSubmission for tournament 11 (no tournament
/// argument). Not idempotent.
operation create_submission_mutation(int tournament, std::string filename, std::optional<std::string> model_id,
                                     std::optional<std::string> trigger_id, std::optional<int> data_datestamp);
/// The created submission's id.
std::string decode_created_submission(const boost::json::object& data, int tournament);

/// createDiagnostics. Not idempotent.
operation create_diagnostics_mutation(std::string filename, int tournament, std::optional<std::string> model_id);
std::string decode_created_diagnostics(const boost::json::object& data);

/// diagnostics(id, modelId); without an id the server lists all of the model's.
operation diagnostics_query(std::string model_id, std::optional<std::string> id);
std::vector<diagnostics_report> decode_diagnostics(const boost::json::object& data);

/// submissionDownloadAuth(id) -> {filename, url}.
operation submission_download_auth_query(std::string id);
upload_authorization decode_submission_download_auth(const boost::json::object& data);

/// model(modelId) { submissions { filename selected round { tournament number } } }.
operation submission_filenames_query(std::optional<std::string> model_id);
/// The selected ones, sorted by (round, tournament), as numerapi's get_submission_filenames.
std::vector<submission> decode_submission_filenames(const boost::json::object& data);

} // namespace numerapi::detail
