// Paths of the files the sandbox serves through presigned URLs. The resolvers build them;
// the file server looks them up in the world (file_catalog).
#pragma once

#include <string>
#include <string_view>

namespace numerapi::sandbox::api {

/// "/datasets/<tournament>/<round>/<name, percent-encoded per segment>"
std::string dataset_path(int tournament, int round, std::string_view name);
/// "/legacy/<tournament>/<round>/numerai_dataset.zip"
std::string legacy_zip_path(int tournament, int round);
/// "/hostile/<tournament>/<round>/<name, percent-encoded as one segment>": a name listed by
/// the hostile_names fault. Every byte but letters, digits, '-' and '_' is encoded, so that
/// no "..", "/", "\\" or control character reaches the URL.
std::string hostile_dataset_path(int tournament, int round, std::string_view name);
/// "/submissions/<id>/<filename>"
std::string submission_path(std::string_view id, std::string_view filename);
/// "/uploads/<key>" (keys are URL-safe)
std::string upload_path(std::string_view key);

} // namespace numerapi::sandbox::api
