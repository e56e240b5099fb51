/// @file
/// numerapi::submit_options and numerapi::model_upload_options: how upload_predictions,
/// upload_diagnostics and model_upload send.
#pragma once

#include <numerapi/predictions_check.hpp>
#include <numerapi/transfer.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace numerapi {

/// How upload_predictions and upload_diagnostics submit.
struct submit_options {
    /// dataDatestamp (for example 20260320): predictions made from an earlier day's live data.
    std::optional<int> data_datestamp;
    /// triggerId; default: the TRIGGER_ID environment variable (set by Numerai Compute).
    std::optional<std::string> trigger_id;
    /// Upload through a multipart/form-data POST (S3 presigned POST form: a `key` field and
    /// a `file` part) instead of a PUT.
    bool use_form = false;
    /// How long to wait for a new round to open when the upload was refused during a
    /// round rollover.
    std::chrono::milliseconds rollover_wait{std::chrono::minutes{30}};
    /// The transfer's options (progress, buffer, extra headers). For predictions, the
    /// NUMERAI_COMPUTE_ID environment variable adds `x_compute_id`, as numerapi does.
    upload_options upload;
    /// How the file is checked before anything is sent: with `check.live`, the round's live
    /// ids, the rules numerai-tools applies to live rows are applied exactly (see
    /// check_predictions); without, conservatively.
    predictions_check_options check;
};

/// Options of model_upload.
struct model_upload_options {
    std::optional<std::string> data_version; ///< a name from model_upload_data_versions ("v5.0") or its id
    std::optional<std::string> docker_image; ///< a name from model_upload_docker_images ("Python 3.11") or its id
    upload_options upload;                   ///< progress, buffer, headers of the PUT
};

} // namespace numerapi
