// The upload side (docs/protocol.md §3.5, §6.5): upload-auth queries hand out presigned upload
// URLs; the create mutations find what was uploaded, validate it as numerai-tools does (the
// sandbox's own implementation, uploads/submission_rules) and record it; diagnostics are
// generated for what was uploaded. During a round rollover the submission fields answer 400
// "Current round not open for submissions".
#include "sandbox/api/file_paths.hpp"
#include "sandbox/api/services.hpp"
#include "sandbox/uploads/submission_rules.hpp"
#include "sandbox/world/random.hpp"

#include <boost/json/array.hpp>

#include <array>

namespace numerapi::sandbox::api {
namespace {

constexpr const char* round_closed = "Current round not open for submissions";
constexpr const char* not_uploaded = "submission file not found, was it uploaded correctly?";

constexpr const char* metric_fields[] = {
    "examplePredsCorrMean",
    "validationCorrMean",
    "validationCorrMeanRating",
    "validationCorrPlusMmcMean",
    "validationCorrPlusMmcMeanRating",
    "validationCorrPlusMmcSharpe",
    "validationCorrPlusMmcSharpeDiff",
    "validationCorrPlusMmcSharpeDiffRating",
    "validationCorrPlusMmcSharpeRating",
    "validationCorrPlusMmcStd",
    "validationCorrPlusMmcStdRating",
    "validationCorrSharpe",
    "validationCorrSharpeRating",
    "validationCorrStd",
    "validationCorrStdRating",
    "validationFeatureCorrMax",
    "validationFeatureCorrMaxRating",
    "validationFeatureNeutralCorrMean",
    "validationFeatureNeutralCorrMeanRating",
    "validationMaxDrawdown",
    "validationMaxDrawdownRating",
    "validationMmcMean",
    "validationMmcMeanRating",
    "validationMmcSharpe",
    "validationMmcSharpeRating",
    "validationMmcStd",
    "validationMmcStdRating",
    "validationBmcMean",
    "validationAdjustedSharpe",
    "validationApy",
    "validationAutocorr",
    "validationCorrCorrWExamplePreds",
    "validationCorrMaxDrawdown",
    "validationCorrV4CorrWExamplePreds",
    "validationCorrV4MaxDrawdown",
    "validationCorrV4Mean",
    "validationCorrV4Sharpe",
    "validationCorrV4Std",
    "validationFeatureNeutralCorrV3Mean",
    "validationFeatureNeutralCorrV3MeanRating",
    "validationFncV4CorrWExamplePreds",
    "validationFncV4MaxDrawdown",
    "validationFncV4Mean",
    "validationFncV4Sharpe",
    "validationFncV4Std",
    "validationIcV2CorrWExamplePreds",
    "validationIcV2MaxDrawdown",
    "validationIcV2Mean",
    "validationIcV2Sharpe",
    "validationIcV2Std",
    "validationRicCorrWExamplePreds",
    "validationRicMaxDrawdown",
    "validationRicMean",
    "validationRicSharpe",
    "validationRicStd",
    "validationAlphaCorrWExamplePreds",
    "validationAlphaMaxDrawdown",
    "validationAlphaMean",
    "validationAlphaSharpe",
    "validationAlphaStd",
};
constexpr const char* era_fields[] = {
    "examplePredsCorr",
    "validationAlpha",
    "validationBmc",
    "validationChurn",
    "validationCorr",
    "validationCorrV4",
    "validationFeatureCorrMax",
    "validationFeatureNeutralCorr",
    "validationFeatureNeutralCorrV3",
    "validationMmc",
    "validationFncV4",
    "validationIcV2",
    "validationRic",
};

/// Numerai Compute's lists: what a pickle may run on.
constexpr std::array<const char*, 3> data_version_names{"v4.3", "v5.0", "v5.2"};
constexpr std::array<const char*, 3> docker_image_names{"Python 3.10", "Python 3.11", "Python 3.12"};

/// A Compute list (data versions or docker images): each name with a stable id.
boost::json::array compute_choices(const world& w, std::string_view list, const std::array<const char*, 3>& names) {
    boost::json::array out;
    for (const char* name : names) {
        rng r{w.seed_for(std::string(list) + "/" + name)};
        out.push_back(boost::json::object{{"name", name}, {"id", r.uuid()}});
    }
    return out;
}

bool is_compute_choice(const world& w, std::string_view list, const std::array<const char*, 3>& names,
                       std::string_view id) {
    for (const auto& choice : compute_choices(w, list, names))
        if (choice.as_object().at("id").as_string() == id) return true;
    return false;
}

void refuse_during_rollover(const world& w) {
    if (w.in_rollover()) throw graphql::resolver_error(round_closed, 400);
}

const model_record& model_for(const world& w, const std::optional<std::string>& id, int tournament) {
    if (id) {
        const auto* m = w.find_model(*id);
        if (m == nullptr) throw graphql::resolver_error("Model not found: " + *id);
        return *m;
    }
    for (const auto& m : w.models()) // single-model legacy accounts pass no model id
        if (m.tournament == tournament) return m;
    throw graphql::resolver_error("No model in tournament " + std::to_string(tournament));
}

boost::json::value upload_auth(services& s, const graphql::field_call& call, std::string purpose, int tournament) {
    const model_record& m = model_for(s.state, string_argument(call.arguments, "modelId"), tournament);
    const auto filename = string_argument(call.arguments, "filename").value_or("");
    auto& upload = s.state.authorize_upload(filename, std::move(purpose), m.id, tournament);
    const char* method = s.upload_form ? "POST" : "PUT";
    return boost::json::object{{"filename", upload.key}, {"url", s.presigned_url(method, upload_path(upload.key))}};
}

/// The upload named `filename`, received, for `purpose`; else the real API's complaint.
const upload_record& received_upload(world& w, const graphql::field_call& call, std::string_view purpose) {
    const auto filename = string_argument(call.arguments, "filename").value_or("");
    const upload_record* u = w.find_upload(filename);
    if (u == nullptr || !u->received || u->purpose != purpose) throw graphql::resolver_error(not_uploaded);
    return *u;
}

void validate(const upload_record& u, int tournament) {
    // No live universe: the sandbox's world has no real live ids (its live.parquet files are
    // generated bytes, not tables), so every submitted id counts as live. The rules that
    // need the round's ids (every live id present; ids outside the universe ignored) are
    // therefore not applied; Signals' and Crypto's 100 tickers still are.
    const auto verdict = uploads::check_submission(u.file, tournament);
    if (!verdict) throw graphql::resolver_error(verdict.error);
}

boost::json::value create_submission(services& s, const graphql::field_call& call, int tournament) {
    world& w = s.state;
    refuse_during_rollover(w);
    const auto purpose = tournament == 11 ? "signals_submission" : "submission";
    const upload_record& u = received_upload(w, call, purpose);
    const model_record& m = model_for(w, string_argument(call.arguments, "modelId"), tournament);
    if (m.id != u.model_id || m.tournament != tournament)
        throw graphql::resolver_error("The upload belongs to another model or tournament");
    validate(u, tournament);
    const round_record* round = w.current_round(tournament);
    if (round == nullptr) throw graphql::resolver_error(round_closed, 400);

    submission_record rec;
    rng r{w.seed_for("submission/" + u.key)};
    rec.id = r.uuid();
    rec.model_id = m.id;
    rec.tournament = tournament;
    rec.round = round->number;
    rec.filename = u.key;
    rec.inserted_at = w.now();
    rec.trigger_id = string_argument(call.arguments, "triggerId");
    rec.source = string_argument(call.arguments, "source").value_or("");
    if (auto d = int_argument(call.arguments, "dataDatestamp")) rec.data_datestamp = static_cast<int>(*d);
    rec.stored_file = u.file;
    rec.stored_size = u.size;
    rec.stored_md5 = u.md5;
    const auto& added = w.add_submission(std::move(rec));
    return boost::json::object{{"id", added.id}, {"firstEffectiveDate", iso_time(round->close_time)}};
}

boost::json::object diagnostics_json(const world& w, const diagnostics_record& d) {
    rng r{w.seed_for("diagnostics/" + d.id)};
    boost::json::object o{{"id", d.id},
                          {"status", d.status},
                          {"message", d.message},
                          {"trainedOnVal", false},
                          {"erasAcceptedCount", 3},
                          {"updatedAt", iso_time(d.inserted_at)}};
    for (const char* name : metric_fields) o[name] = r.uniform(-0.05, 0.1);
    boost::json::array eras;
    for (int era = 1; era <= 3; ++era) {
        boost::json::object e{{"era", 1000 + era}};
        for (const char* name : era_fields) e[name] = r.uniform(-0.05, 0.1);
        eras.push_back(std::move(e));
    }
    o["perEraDiagnostics"] = std::move(eras);
    return o;
}

} // namespace

void register_uploads(graphql::executor& e, services& s) {
    e.resolve("submissionUploadAuth", [&s](const graphql::field_call& call) -> boost::json::value {
        refuse_during_rollover(s.state);
        const int t = tournament_argument(call.arguments);
        if (t == 11) throw graphql::resolver_error("Signals predictions use submissionUploadSignalsAuth");
        return upload_auth(s, call, "submission", t);
    });
    e.resolve("submissionUploadSignalsAuth", [&s](const graphql::field_call& call) -> boost::json::value {
        refuse_during_rollover(s.state);
        return upload_auth(s, call, "signals_submission", 11);
    });
    e.resolve("diagnosticsUploadAuth", [&s](const graphql::field_call& call) -> boost::json::value {
        return upload_auth(s, call, "diagnostics", tournament_argument(call.arguments));
    });
    e.resolve("createSubmission", [&s](const graphql::field_call& call) -> boost::json::value {
        const int t = tournament_argument(call.arguments);
        if (t == 11) throw graphql::resolver_error("Signals predictions use createSignalsSubmission");
        return create_submission(s, call, t);
    });
    e.resolve("createSignalsSubmission",
              [&s](const graphql::field_call& call) -> boost::json::value { return create_submission(s, call, 11); });
    e.resolve("createDiagnostics", [&s](const graphql::field_call& call) -> boost::json::value {
        world& w = s.state;
        const int t = tournament_argument(call.arguments);
        const upload_record& u = received_upload(w, call, "diagnostics");
        validate(u, t);
        rng r{w.seed_for("diagnostics/" + u.key)};
        diagnostics_record d{r.uuid(), u.model_id, t, u.key, w.now(), 0};
        w.diagnostics().push_back(d);
        return diagnostics_json(w, d);
    });
    // Numerai Compute "lite": a model pickle, uploaded like a submission, and what it runs on.
    e.resolve("computePickleUploadAuth", [&s](const graphql::field_call& call) -> boost::json::value {
        return upload_auth(s, call, "model_pickle", 8);
    });
    e.resolve("computePickleDataVersions", [&s](const graphql::field_call&) -> boost::json::value {
        return compute_choices(s.state, "data version", data_version_names);
    });
    e.resolve("computePickleDockerImages", [&s](const graphql::field_call&) -> boost::json::value {
        return compute_choices(s.state, "docker image", docker_image_names);
    });
    e.resolve("createComputePickleUpload", [&s](const graphql::field_call& call) -> boost::json::value {
        world& w = s.state;
        const upload_record& u = received_upload(w, call, "model_pickle");
        const auto data_version = string_argument(call.arguments, "dataVersionId");
        const auto docker_image = string_argument(call.arguments, "dockerImageId");
        if (data_version && !is_compute_choice(w, "data version", data_version_names, *data_version))
            throw graphql::resolver_error("Invalid data version: " + *data_version);
        if (docker_image && !is_compute_choice(w, "docker image", docker_image_names, *docker_image))
            throw graphql::resolver_error("Invalid docker image: " + *docker_image);
        rng r{w.seed_for("model upload/" + u.key)};
        w.model_uploads().push_back({r.uuid(), u.model_id, tournament_argument(call.arguments), u.key, u.size, u.md5,
                                     data_version, docker_image});
        return boost::json::object{{"id", w.model_uploads().back().id}};
    });
    e.resolve("diagnostics", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const auto model_id = string_argument(call.arguments, "modelId").value_or("");
        const model_record* m = w.find_model(model_id);
        if (m == nullptr) throw graphql::resolver_error("Model not found: " + model_id);
        const auto id = string_argument(call.arguments, "id");
        boost::json::array all;
        for (const auto& d : s.state.diagnostics()) {
            if (d.model_id != m->id) continue;
            if (id && d.id == *id) return diagnostics_json(w, d);
            if (!id) all.push_back(diagnostics_json(w, d));
        }
        if (id) throw graphql::resolver_error("Diagnostics not found: " + *id);
        return all;
    });
}

} // namespace numerapi::sandbox::api
