#include "numerapi/api/profiles.hpp"

#include "numerapi/api/json_decode.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>

namespace numerapi::detail {
namespace {

// numerapi NumerAPI.public_user_profile (note the snake_case argument)
constexpr std::string_view classic_profile_document = R"(query($model_name: String!) {
  v3UserProfile(model_name: $model_name) {
    id
    startDate
    username
    bio
    nmrStaked
  }
})";

// numerapi SignalsAPI.public_user_profile
constexpr std::string_view signals_profile_document = R"(query($username: String!) {
  v2SignalsProfile(modelName: $username) {
    id
    startDate
    username
    bio
    nmrStaked
  }
})";

constexpr std::string_view classic_root = "v3UserProfile";
constexpr std::string_view signals_root = "v2SignalsProfile";

} // namespace

operation profile_query(int tournament, std::string model_name) {
    switch (static_cast<numerapi::tournament>(tournament)) {
        case numerapi::tournament::classic:
            return operation{"get_profile", classic_profile_document,
                             boost::json::object{{"model_name", std::move(model_name)}}};
        case numerapi::tournament::signals:
        case numerapi::tournament::crypto:
            return operation{"get_profile", signals_profile_document,
                             boost::json::object{{"username", std::move(model_name)}}};
        default:
            throw std::invalid_argument("get_profile: no public profiles for tournament " + std::to_string(tournament) +
                                        " (only 8, 11 and 12)");
    }
}

profile decode_profile(const boost::json::object& data) {
    for (const std::string_view root : {classic_root, signals_root})
        if (const boost::json::value* v = data.if_contains(root)) return decode_value<profile>(*v, json_path(root));
    throw std::invalid_argument("v3UserProfile / v2SignalsProfile: missing from the response");
}

} // namespace numerapi::detail
