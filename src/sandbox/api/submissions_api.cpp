// submissions, submissionDownloadAuth (docs/protocol.md §3.6)
#include "sandbox/api/file_paths.hpp"
#include "sandbox/api/json_views.hpp"
#include "sandbox/api/services.hpp"

#include <boost/json/array.hpp>

namespace numerapi::sandbox::api {

void register_submissions(graphql::executor& e, services& s) {
    e.resolve("submissions", [&s](const graphql::field_call& call) -> boost::json::value {
        const world& w = s.state;
        const auto model_id = string_argument(call.arguments, "modelId");
        const model_record* model = nullptr;
        if (model_id) {
            model = w.find_model(*model_id);
            if (model == nullptr) throw graphql::resolver_error("Model not found: " + *model_id);
        }
        boost::json::array out;
        for (const auto& sub : w.submissions())
            if (model == nullptr || sub.model_id == model->id) out.push_back(submission_json(w, sub));
        return out;
    });

    e.resolve("submissionDownloadAuth", [&s](const graphql::field_call& call) -> boost::json::value {
        const auto id = string_argument(call.arguments, "id");
        const submission_record* sub = id ? s.state.find_submission(*id) : nullptr;
        if (sub == nullptr) throw graphql::resolver_error("Submission not found: " + id.value_or("null"));
        const auto hostile = s.hostile_names(); // a hostile filename, the real file's URL
        return boost::json::object{{"filename", hostile ? hostile->submission_filename : sub->filename},
                                   {"url", s.presigned_url("GET", submission_path(sub->id, sub->filename))}};
    });
}

} // namespace numerapi::sandbox::api
