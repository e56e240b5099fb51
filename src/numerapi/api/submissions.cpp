#include "numerapi/api/submissions.hpp"

#include "numerapi/api/json_decode.hpp"

#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// Ours: numerapi's Api.submission_ids query, extended with fields the real schema has
// (`selected`, `triggerId`, `round { number tournament }`; numerai-cli's `node test` query).
constexpr std::string_view submissions_document = R"(query($modelId: String) {
  submissions(modelId: $modelId) {
    id
    filename
    insertedAt
    selected
    triggerId
    round {
      number
      tournament
    }
  }
})";

} // namespace

operation submissions_query(std::optional<std::string> model_id) {
    boost::json::object v;
    v["modelId"] = model_id ? boost::json::value(std::move(*model_id)) : boost::json::value(nullptr);
    operation op{"list_submissions", submissions_document, std::move(v)};
    op.authorization = true;
    return op;
}

std::vector<submission> decode_submissions(const boost::json::object& data) {
    return decode_array<submission>(root_array(data, "submissions"), json_path("submissions"));
}

} // namespace numerapi::detail
