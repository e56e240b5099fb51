// client's submissions: upload_predictions and upload_diagnostics (check the file, get an
// upload URL, upload, create), with their two safety nets: a create mutation is never
// repeated without asking the server first, and a round rollover is waited out.
#include "numerapi/call_context.hpp"
#include "numerapi/operations/define_call.hpp"
#include "numerapi/operations/reused.hpp"

#include "numerapi/api/rounds.hpp"
#include "numerapi/api/submissions.hpp"
#include "numerapi/api/uploads.hpp"
#include "numerapi/async/offload.hpp"
#include "numerapi/submission/predictions_checking.hpp"
#include "numerapi/events/tell.hpp"
#include "numerapi/retry/backoff.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/transfer/multipart_form.hpp"
#include "numerapi/transfer/upload.hpp"

#include <boost/asio/post.hpp>

#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <memory>

namespace numerapi {
namespace detail::ops {

namespace {

/// What a submission carries: predictions, or diagnostics of a validation file.
enum class submission_kind { predictions, diagnostics };

std::optional<std::string> environment(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

/// The predictions to submit: a file, or bytes in memory under a file name. The bytes are
/// held once: every attempt's request body shares them.
struct predictions_source {
    std::filesystem::path file;
    std::shared_ptr<const predictions_data> memory;

    /// The name the upload is authorized under.
    std::string name() const { return memory ? memory->filename : file.filename().string(); }
    /// How messages and progress name it.
    std::string label() const { return memory ? memory->filename + " (in memory)" : file.string(); }
    /// A file that cannot be read is a local file's problem (errc::io_error), not a rule
    /// the predictions break: that failure, or none.
    std::optional<detail::failure> unreadable(std::string_view operation) const {
        if (memory) return std::nullopt;
        std::error_code ec;
        const auto status = std::filesystem::status(file, ec);
        std::string problem;
        if (ec) problem = "cannot read " + file.string() + ": " + ec.message();
        else if (std::filesystem::is_directory(status))
            problem = file.string() + " is a directory, not a predictions file";
        else if (!std::filesystem::is_regular_file(status)) problem = file.string() + " is not a regular file";
        else if (const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC); fd < 0)
            problem = "cannot read " + file.string() + ": " + std::strerror(errno);
        else ::close(fd);
        if (problem.empty()) return std::nullopt;
        return make_failure(errc::io_error, std::string(operation), problem + "; nothing was sent");
    }
    /// Stops early (a problem that is not used) once `stop` is set.
    predictions_check_result check(int tournament, const predictions_check_options& o,
                                   const std::atomic<bool>& stop) const {
        return memory ? detail::check_predictions(*memory, tournament, o, stop, detail::check_tuning())
                      : detail::check_predictions(file, tournament, o, stop, detail::check_tuning());
    }
    /// The raw body of a presigned PUT, or the failure if the file cannot be read.
    outcome<detail::request_body> raw_body(const std::string& content_type) const {
        if (!memory) return detail::raw_file_body(file, content_type);
        detail::request_body body;
        body.pieces.push_back({.content = bytes()});
        body.content_type = content_type;
        return body;
    }
    /// Adds the predictions to `form` as its file part, or gives the failure.
    outcome<void> add_to(detail::multipart_form& form, const std::string& content_type) const {
        if (memory) return form.add_bytes("file", bytes(), memory->filename, content_type);
        return form.add_file("file", file, file.filename().string(), content_type);
    }

private:
    std::shared_ptr<const std::string> bytes() const { return {memory, &memory->bytes}; }
};

/// One submission flow: check, authorize, upload, create; waiting out round rollovers.
struct submission_flow {
    detail::call_context& api;
    detail::upload_purpose purpose;
    int tournament;
    predictions_source predictions;
    std::string model;
    submit_options options;
    std::string model_id;

    asio::awaitable<outcome<std::string>> run() {
        // Predictions held in memory are let go on the blocking executor when the flow ends,
        // however it ends: freeing tens of MiB grows with the input too.
        struct let_go {
            predictions_source& held;
            asio::any_io_executor where;
            ~let_go() {
                if (!held.memory) return;
                try {
                    asio::post(where, [last = std::move(held.memory)] {});
                } catch (...) {}
            }
        } release{predictions, api.shared->blocking};
        if (auto problem = predictions.unreadable(operation_name())) co_return std::move(*problem);
        // Seconds for millions of rows: off the caller's loop. The work owns its copies.
        auto check = [predictions = predictions, tournament = tournament, o = options.check](
                         const std::atomic<bool>& stop) { return predictions.check(tournament, o, stop); };
        diagnostics cancelled; // named: no brace-initialised temporary in a co_await (GCC 12)
        cancelled.operation = operation_name();
        cancelled.client_message = "cancelled while checking " + predictions.label();
        cancelled.request_sent = false;
        const outcome<predictions_check_result> checked =
            co_await detail::offload(api.shared->blocking, std::move(cancelled), std::move(check));
        if (!checked) co_return checked.error();
        if (!*checked)
            co_return make_failure(errc::invalid_predictions, operation_name(),
                                   predictions.label() + ": " + checked->problem->message);
        outcome<std::string> id = co_await api.model_id(model);
        if (!id) co_return id.error();
        model_id = std::move(*id);
        if (!options.trigger_id && purpose != detail::upload_purpose::diagnostics)
            options.trigger_id = environment("TRIGGER_ID");
        if (purpose != detail::upload_purpose::diagnostics)
            if (auto compute_id = environment("NUMERAI_COMPUTE_ID"))
                options.upload.headers.emplace_back("x_compute_id", *compute_id);

        const auto deadline = api.shared->time->now() + options.rollover_wait;
        // A create that failed: its upload's name, and whether its outcome is unknown.
        std::optional<std::string> failed_create;
        bool outcome_unknown = false;
        unsigned ambiguous_creates = 0;
        for (;;) {
            outcome<std::string> created = co_await submit_once(failed_create, outcome_unknown);
            if (created) co_return created;
            const detail::failure failed = created.error();
            // Diagnostics cannot be looked up by upload: an ambiguous createDiagnostics is final.
            const bool checkable = purpose != detail::upload_purpose::diagnostics;
            if (failed_create && outcome_unknown && checkable &&
                ambiguous_creates++ < api.policies.retry.max_create_checks)
                continue;
            if (failed_create && !checkable) co_return failed;
            const outcome<bool> rollover = co_await during_rollover(failed);
            if (!rollover) co_return rollover.error();
            if (!*rollover) co_return failed;
            const outcome<void> opened = co_await wait_for_open_round(deadline, failed);
            if (!opened) co_return opened.error();
        }
    }

    /// One pass: asks whether a create that failed went through, else authorizes, uploads
    /// and creates. A create that fails leaves its upload's name in `failed_create`, and
    /// whether its outcome is unknown.
    asio::awaitable<outcome<std::string>> submit_once(std::optional<std::string>& failed_create,
                                                      bool& outcome_unknown) {
        if (failed_create && purpose != detail::upload_purpose::diagnostics) {
            // Never create again without asking: did the failed create go through?
            outcome<std::optional<std::string>> found = co_await find_created(*failed_create);
            if (!found) co_return found.error();
            if (*found) co_return std::move(**found);
        }
        failed_create.reset();
        outcome<detail::upload_authorization> auth = co_await authorize();
        if (!auth) co_return auth.error();
        const outcome<void> sent = co_await send(*auth);
        if (!sent) co_return sent.error();
        outcome<std::string> created = co_await create(auth->filename);
        if (!created) {
            failed_create = auth->filename;
            outcome_unknown = detail::judge(created.error()).outcome_unknown;
        }
        co_return created;
    }

    const char* operation_name() const {
        return purpose == detail::upload_purpose::diagnostics ? "upload_diagnostics" : "upload_predictions";
    }

    asio::awaitable<outcome<detail::upload_authorization>> authorize() {
        co_return co_await api.run_decoded(
            detail::upload_auth_query(purpose, predictions.name(), tournament, model_id),
            [this](const boost::json::object& d) { return detail::decode_upload_auth(d, purpose); });
    }

    /// The upload, retried alone; an expired URL is replaced by a fresh authorization, whose
    /// filename then names the upload.
    asio::awaitable<outcome<void>> send(detail::upload_authorization& auth) {
        const auto ctx = api.transfer_context();
        detail::upload_job job;
        job.url = auth.url;
        job.options = options.upload;
        job.label = predictions.label();
        if (options.use_form) {
            detail::multipart_form form{api.shared->random};
            const outcome<void> keyed = form.add_field("key", auth.filename);
            if (!keyed) co_return keyed.error();
            const outcome<void> added = predictions.add_to(form, options.upload.content_type);
            if (!added) co_return added.error();
            job.method = boost::beast::http::verb::post;
            job.body = std::move(form).finish();
        } else {
            outcome<detail::request_body> body = predictions.raw_body(options.upload.content_type);
            if (!body) co_return body.error();
            job.body = std::move(*body);
            // Only here: a form names the key in its body, so a fresh one needs a new body.
            job.refresh_url = [this, &auth]() -> asio::awaitable<outcome<std::string>> {
                outcome<detail::upload_authorization> fresh = co_await authorize();
                if (!fresh) co_return fresh.error();
                auth = std::move(*fresh);
                co_return auth.url;
            };
        }
        const outcome<upload_result> uploaded = co_await detail::upload(ctx, std::move(job));
        if (!uploaded) co_return uploaded.error();
        co_return outcome<void>();
    }

    asio::awaitable<outcome<std::string>> create(const std::string& filename) {
        if (purpose == detail::upload_purpose::diagnostics)
            co_return co_await api.run_decoded(detail::create_diagnostics_mutation(filename, tournament, model_id),
                                               detail::decode_created_diagnostics);
        co_return co_await api.run_decoded(
            detail::create_submission_mutation(tournament, filename, model_id, options.trigger_id,
                                               options.data_datestamp),
            [this](const boost::json::object& d) { return detail::decode_created_submission(d, tournament); });
    }

    asio::awaitable<outcome<std::optional<std::string>>> find_created(const std::string& filename) {
        auto submissions = co_await api.run_decoded(detail::submissions_query(model_id), detail::decode_submissions);
        if (!submissions) co_return submissions.error();
        for (auto& s : *submissions)
            if (s.filename == filename) co_return std::optional(std::move(s.id));
        co_return std::optional<std::string>();
    }

    /// A refusal because the round is changing: the API says so, or a 400 came while the
    /// rounds query reports no open round.
    asio::awaitable<outcome<bool>> during_rollover(const detail::failure& refusal) {
        if (detail::judge(refusal).round_changing) co_return true;
        if (refusal.diag.http_status != 400) co_return false;
        const outcome<bool> open = co_await api.round_open(tournament);
        if (!open) co_return open.error();
        co_return !*open;
    }

    /// Polls the rounds query with backoff until a round is open, or fails with `refusal`'s
    /// code once `deadline` has passed.
    asio::awaitable<outcome<void>> wait_for_open_round(detail::clock::time_point deadline,
                                                       const detail::failure& refusal) {
        auto& time = *api.shared->time;
        const std::string origin = api.shared->endpoint.url.origin();
        for (unsigned n = 1;; ++n) {
            const outcome<bool> open = co_await api.round_open(tournament);
            if (!open) co_return open.error();
            if (*open) co_return outcome<void>();
            const auto wait = detail::backoff_delay(api.policies.backoff, n, api.shared->random, std::nullopt);
            if (time.now() + wait > deadline) {
                detail::failure late = refusal;
                late.diag.client_message = "the round did not open again within the rollover wait";
                co_return late;
            }
            detail::tell(api.shared->options.events,
                         event{.what = event::kind::rollover_wait,
                               .operation = operation_name(),
                               .host = origin,
                               .delay = std::chrono::duration_cast<std::chrono::milliseconds>(wait)});
            if (const boost::system::error_code ec = co_await time.sleep_for(wait)) {
                detail::failure cancelled =
                    make_failure(ec, operation_name(), "while waiting for the round to open again");
                co_return cancelled;
            }
        }
    }
};

/// upload_predictions or upload_diagnostics, of a file or of bytes.
asio::awaitable<outcome<std::string>> submit(detail::call_context& api, submission_kind kind, predictions_source source,
                                             std::string model, submit_options options,
                                             std::optional<numerapi::tournament> tournament) {
    const int t = api.tournament(tournament);
    const bool diagnostics = kind == submission_kind::diagnostics;
    using enum numerapi::tournament;
    if (!diagnostics && t != number_of(classic) && t != number_of(signals) && t != number_of(crypto))
        co_return make_failure(errc::invalid_argument, "upload_predictions",
                               "predictions go to tournament 8, 11 or 12, not " + std::to_string(t));
    const auto purpose = diagnostics ? detail::upload_purpose::diagnostics
        : t == number_of(signals)    ? detail::upload_purpose::signals_predictions
                                     : detail::upload_purpose::predictions;
    submission_flow flow{api, purpose, t, std::move(source), std::move(model), std::move(options), {}};
    co_return co_await flow.run();
}

/// What upload_predictions and upload_diagnostics send: a file, or bytes in memory.
predictions_source from_file(std::filesystem::path file) { return predictions_source{std::move(file), nullptr}; }
predictions_source from_data(predictions_data predictions) {
    return predictions_source{{}, std::make_shared<const predictions_data>(std::move(predictions))};
}

asio::awaitable<outcome<std::vector<submission>>> submission_filenames(detail::call_context& c, std::string model,
                                                                       std::optional<numerapi::tournament> tournament,
                                                                       std::optional<round_number> round) {
    outcome<std::string> model_id = co_await c.model_id(std::move(model));
    if (!model_id) co_return model_id.error();
    auto all = co_await c.run_decoded(detail::submission_filenames_query(std::move(*model_id)),
                                      detail::decode_submission_filenames);
    if (!all) co_return all.error();
    std::vector<submission> out;
    for (auto& s : *all)
        if ((!tournament || s.tournament == number_of(*tournament)) && (!round || s.round_number == round->value()))
            out.push_back(std::move(s));
    co_return out;
}

asio::awaitable<outcome<std::string>> upload_predictions(detail::call_context& c, std::filesystem::path file,
                                                         std::string model, submit_options options,
                                                         std::optional<numerapi::tournament> tournament) {
    return submit(c, submission_kind::predictions, from_file(std::move(file)), std::move(model), std::move(options),
                  tournament);
}

asio::awaitable<outcome<std::string>> upload_predictions_data(detail::call_context& c, predictions_data predictions,
                                                              std::string model, submit_options options,
                                                              std::optional<numerapi::tournament> tournament) {
    return submit(c, submission_kind::predictions, from_data(std::move(predictions)), std::move(model),
                  std::move(options), tournament);
}

asio::awaitable<outcome<std::string>> upload_diagnostics(detail::call_context& c, std::filesystem::path file,
                                                         std::string model, submit_options options,
                                                         std::optional<numerapi::tournament> tournament) {
    return submit(c, submission_kind::diagnostics, from_file(std::move(file)), std::move(model), std::move(options),
                  tournament);
}

asio::awaitable<outcome<std::string>> upload_diagnostics_data(detail::call_context& c, predictions_data predictions,
                                                              std::string model, submit_options options,
                                                              std::optional<numerapi::tournament> tournament) {
    return submit(c, submission_kind::diagnostics, from_data(std::move(predictions)), std::move(model),
                  std::move(options), tournament);
}

} // namespace

// Declared in reused.hpp too: other operations build on these.

asio::awaitable<outcome<std::vector<diagnostics_report>>> model_diagnostics(detail::call_context& c, std::string model,
                                                                            std::optional<std::string> id) {
    outcome<std::string> model_id = co_await c.model_id(std::move(model));
    if (!model_id) co_return model_id.error();
    co_return co_await c.run_decoded(detail::diagnostics_query(std::move(*model_id), std::move(id)),
                                     detail::decode_diagnostics);
}

} // namespace detail::ops

NUMERAPI_DEFINE_CALL("upload_predictions", detail::ops::upload_predictions);
NUMERAPI_DEFINE_CALL("upload_predictions_data", detail::ops::upload_predictions_data);
NUMERAPI_DEFINE_CALL("upload_diagnostics", detail::ops::upload_diagnostics);
NUMERAPI_DEFINE_CALL("upload_diagnostics_data", detail::ops::upload_diagnostics_data);
NUMERAPI_DEFINE_CALL("model_diagnostics", detail::ops::model_diagnostics);
NUMERAPI_DEFINE_CALL("submission_filenames", detail::ops::submission_filenames);

} // namespace numerapi
