#include "numerapi/api/uploads.hpp"

#include "numerapi/api/json_decode.hpp"

#include <algorithm>
#include <string_view>

namespace numerapi::detail {
namespace {

constexpr std::string_view submission_upload_auth_text = R"(
            query($filename: String!
                  $tournament: Int!
                  $modelId: String) {
                submission_upload_auth(filename: $filename
                                       tournament: $tournament
                                       modelId: $modelId) {
                    filename
                    url
                }
            }
        )";

constexpr std::string_view signals_upload_auth_text = R"(
            query($filename: String!
                  $tournament: Int!
                  $modelId: String) {
                submissionUploadSignalsAuth(filename: $filename
                                       tournament: $tournament
                                       modelId: $modelId) {
                    filename
                    url
                }
            }
        )";

constexpr std::string_view diagnostics_upload_auth_text = R"(
            query($filename: String!
                  $tournament: Int!
                  $modelId: String) {
                diagnosticsUploadAuth(filename: $filename
                                       tournament: $tournament
                                       modelId: $modelId) {
                    filename
                    url
                }
            }
        )";

// numerapi Api.model_upload
constexpr std::string_view model_pickle_upload_auth_text = R"(
            query($filename: String! $modelId: String) {
                computePickleUploadAuth(filename: $filename
                                        modelId: $modelId) {
                    filename
                    url
                }
            }
        )";

constexpr std::string_view create_submission_text = R"(
            mutation($filename: String!
                     $tournament: Int!
                     $modelId: String
                     $triggerId: String,
                     $dataDatestamp: Int) {
                create_submission(filename: $filename
                                  tournament: $tournament
                                  modelId: $modelId
                                  triggerId: $triggerId
                                  source: "numerapi"
                                  dataDatestamp: $dataDatestamp) {
                    id
                }
            }
            )";

constexpr std::string_view create_signals_submission_text = R"(
            mutation($filename: String!
                     $modelId: String
                     $triggerId: String
                     $dataDatestamp: Int) {
                createSignalsSubmission(filename: $filename
                                        modelId: $modelId
                                        triggerId: $triggerId
                                        source: "numerapi"
                                        dataDatestamp: $dataDatestamp) {
                    id
                    firstEffectiveDate
                }
            }
            )";

constexpr std::string_view create_diagnostics_text = R"(
            mutation($filename: String!
                     $tournament: Int!
                     $modelId: String) {
                createDiagnostics(filename: $filename
                                  tournament: $tournament
                                  modelId: $modelId) {
                    id
                }
            })";

constexpr std::string_view diagnostics_text = R"(
            query($id: String
                  $modelId: String!) {
              diagnostics(id: $id
                          modelId: $modelId) {
                erasAcceptedCount
                examplePredsCorrMean
                message
                perEraDiagnostics {
                    era
                    examplePredsCorr
                    validationAlpha
                    validationBmc
                    validationChurn
                    validationCorr
                    validationCorrV4
                    validationFeatureCorrMax
                    validationFeatureNeutralCorr
                    validationFeatureNeutralCorrV3
                    validationMmc
                    validationFncV4
                    validationIcV2
                    validationRic
                }
                status
                trainedOnVal
                updatedAt
                validationCorrMean
                validationCorrMeanRating
                validationCorrPlusMmcMean
                validationCorrPlusMmcMeanRating
                validationCorrPlusMmcSharpe
                validationCorrPlusMmcSharpeDiff
                validationCorrPlusMmcSharpeDiffRating
                validationCorrPlusMmcSharpeRating
                validationCorrPlusMmcStd
                validationCorrPlusMmcStdRating
                validationCorrSharpe
                validationCorrSharpeRating
                validationCorrStd
                validationCorrStdRating
                validationFeatureCorrMax
                validationFeatureCorrMaxRating
                validationFeatureNeutralCorrMean
                validationFeatureNeutralCorrMeanRating
                validationMaxDrawdown
                validationMaxDrawdownRating
                validationMmcMean
                validationMmcMeanRating
                validationMmcSharpe
                validationMmcSharpeRating
                validationMmcStd
                validationMmcStdRating
                validationBmcMean

                validationAdjustedSharpe
                validationApy
                validationAutocorr
                validationCorrCorrWExamplePreds
                validationCorrMaxDrawdown
                validationCorrV4CorrWExamplePreds
                validationCorrV4MaxDrawdown
                validationCorrV4Mean
                validationCorrV4Sharpe
                validationCorrV4Std
                validationFeatureNeutralCorrV3Mean
                validationFeatureNeutralCorrV3MeanRating
                validationFncV4CorrWExamplePreds
                validationFncV4MaxDrawdown
                validationFncV4Mean
                validationFncV4Sharpe
                validationFncV4Std
                validationIcV2CorrWExamplePreds
                validationIcV2MaxDrawdown
                validationIcV2Mean
                validationIcV2Sharpe
                validationIcV2Std
                validationRicCorrWExamplePreds
                validationRicMaxDrawdown
                validationRicMean
                validationRicSharpe
                validationRicStd
                validationAlphaCorrWExamplePreds
                validationAlphaMaxDrawdown
                validationAlphaMean
                validationAlphaSharpe
                validationAlphaStd
              }
            }
        )";

constexpr std::string_view submission_download_auth_text = R"(
            query($id: String) {
                submissionDownloadAuth(id: $id) {
                    filename
                    url
                }
            })";

constexpr std::string_view submission_filenames_text = R"(
          query($modelId: String) {
            model(modelId: $modelId) {
              submissions {
                filename
                selected
                round {
                   tournament
                   number
                }
              }
            }
          }
        )";

boost::json::value optional_string(std::optional<std::string> s) {
    return s ? boost::json::value(std::move(*s)) : boost::json::value(nullptr);
}

std::string_view auth_field(upload_purpose p) {
    switch (p) {
        case upload_purpose::signals_predictions: return "submissionUploadSignalsAuth";
        case upload_purpose::diagnostics: return "diagnosticsUploadAuth";
        case upload_purpose::model_pickle: return "computePickleUploadAuth";
        case upload_purpose::predictions: break;
    }
    return "submission_upload_auth";
}

upload_authorization decode_file_auth(const boost::json::object& data, std::string_view field) {
    const auto& o = root_object(data, field);
    const json_path path(field);
    upload_authorization a;
    a.filename = decode_value<std::string>(root_field(o, "filename"), path.field("filename"));
    a.url = decode_value<std::string>(root_field(o, "url"), path.field("url"));
    return a;
}

} // namespace

operation upload_auth_query(upload_purpose purpose, std::string filename, int tournament,
                            std::optional<std::string> model_id) {
    const std::string_view text = purpose == upload_purpose::predictions ? submission_upload_auth_text
        : purpose == upload_purpose::signals_predictions                 ? signals_upload_auth_text
        : purpose == upload_purpose::model_pickle                        ? model_pickle_upload_auth_text
                                                                         : diagnostics_upload_auth_text;
    boost::json::object v;
    v["filename"] = std::move(filename);
    if (purpose != upload_purpose::model_pickle) v["tournament"] = tournament;
    v["modelId"] = optional_string(std::move(model_id));
    operation op{"upload_auth", text, std::move(v)};
    op.authorization = true;
    return op;
}

upload_authorization decode_upload_auth(const boost::json::object& data, upload_purpose purpose) {
    return decode_file_auth(data, auth_field(purpose));
}

operation create_submission_mutation(int tournament, std::string filename, std::optional<std::string> model_id,
                                     std::optional<std::string> trigger_id, std::optional<int> data_datestamp) {
    boost::json::object v{{"filename", std::move(filename)},
                          {"modelId", optional_string(std::move(model_id))},
                          {"triggerId", optional_string(std::move(trigger_id))},
                          {"dataDatestamp", data_datestamp ? boost::json::value(*data_datestamp) : nullptr}};
    const bool signals = tournament == number_of(numerapi::tournament::signals);
    if (!signals) v["tournament"] = tournament;
    operation op{"create_submission", signals ? create_signals_submission_text : create_submission_text, std::move(v)};
    op.authorization = true;
    op.idempotent = false;
    return op;
}

std::string decode_created_submission(const boost::json::object& data, int tournament) {
    const std::string_view field =
        tournament == number_of(numerapi::tournament::signals) ? "createSignalsSubmission" : "create_submission";
    const auto& o = root_object(data, field);
    return decode_value<std::string>(root_field(o, "id"), json_path(field).field("id"));
}

operation create_diagnostics_mutation(std::string filename, int tournament, std::optional<std::string> model_id) {
    boost::json::object v{{"filename", std::move(filename)},
                          {"tournament", tournament},
                          {"modelId", optional_string(std::move(model_id))}};
    operation op{"create_diagnostics", create_diagnostics_text, std::move(v)};
    op.authorization = true;
    op.idempotent = false;
    return op;
}

std::string decode_created_diagnostics(const boost::json::object& data) {
    const auto& o = root_object(data, "createDiagnostics");
    return decode_value<std::string>(root_field(o, "id"), json_path("createDiagnostics").field("id"));
}

operation diagnostics_query(std::string model_id, std::optional<std::string> id) {
    boost::json::object v{{"id", optional_string(std::move(id))}, {"modelId", std::move(model_id)}};
    operation op{"model_diagnostics", diagnostics_text, std::move(v)};
    op.authorization = true;
    return op;
}

std::vector<diagnostics_report> decode_diagnostics(const boost::json::object& data) {
    const boost::json::value& root = root_field(data, "diagnostics");
    std::vector<const boost::json::object*> items;
    const json_path path("diagnostics");
    if (root.is_array()) {
        for (const auto& item : root.get_array()) items.push_back(&expect_object(item, path));
    } else if (!root.is_null()) {
        items.push_back(&expect_object(root, path));
    }
    std::vector<diagnostics_report> out;
    for (const auto* o : items) {
        diagnostics_report r;
        r.status = optional_member<std::string>(*o, "status", path).value_or("");
        r.message = optional_member<std::string>(*o, "message", path).value_or("");
        r.trained_on_val = optional_member<bool>(*o, "trainedOnVal", path).value_or(false);
        r.eras_accepted_count = optional_member<int>(*o, "erasAcceptedCount", path);
        r.updated_at = optional_member<timestamp>(*o, "updatedAt", path);
        r.values = *o;
        out.push_back(std::move(r));
    }
    return out;
}

operation submission_download_auth_query(std::string id) {
    operation op{"download_submission", submission_download_auth_text, boost::json::object{{"id", std::move(id)}}};
    op.authorization = true;
    return op;
}

upload_authorization decode_submission_download_auth(const boost::json::object& data) {
    return decode_file_auth(data, "submissionDownloadAuth");
}

operation submission_filenames_query(std::optional<std::string> model_id) {
    operation op{"submission_filenames", submission_filenames_text,
                 boost::json::object{{"modelId", optional_string(std::move(model_id))}}};
    op.authorization = true;
    return op;
}

std::vector<submission> decode_submission_filenames(const boost::json::object& data) {
    const auto& model = root_object(data, "model");
    auto all = array_member<submission>(model, "submissions", json_path("model"));
    std::vector<submission> out;
    for (auto& s : all)
        if (s.selected) out.push_back(std::move(s));
    std::stable_sort(out.begin(), out.end(), [](const submission& a, const submission& b) {
        return std::pair(a.round_number.value_or(0), a.tournament.value_or(0)) <
            std::pair(b.round_number.value_or(0), b.tournament.value_or(0));
    });
    return out;
}

} // namespace numerapi::detail
