#include "numerapi/transfer/upload.hpp"

#include "numerapi/async/offload.hpp"

#include "numerapi/http/retry_after.hpp"
#include "numerapi/http/header_fields.hpp"
#include "numerapi/http/url.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/transfer/checksums.hpp"
#include "numerapi/transfer/presigned_url.hpp"
#include "numerapi/transfer/transfer_report.hpp"

#include <sys/stat.h>
#include <memory>
#include <vector>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

class uploader {
public:
    uploader(transfer_context ctx, upload_job job, presigned_url url)
        : ctx_(ctx), job_(std::move(job)), url_(std::move(url)) {}

    asio::awaitable<outcome<upload_result>> run() {
        for (const auto& [name, value] : job_.options.headers)
            if (auto invalid = invalid_header_field(name, value, "upload")) co_return std::move(*invalid);
        if (auto invalid = invalid_header_field("Content-Type", job_.body.content_type, "upload"))
            co_return std::move(*invalid);
        const outcome<void> sent =
            co_await retry_run(ctx_.retrying, ctx_.retry, url_.parsed().origin(), [this] { return attempt(); });
        if (!sent) co_return sent.error();
        co_return result_;
    }

private:
    asio::awaitable<outcome<void>> attempt() {
        exchange_request req;
        req.operation = "upload";
        req.method = job_.method;
        req.url = url_.parsed();
        const unsigned sent_to = url_.generation();
        req.body = job_.body;
        req.buffer_size = job_.options.buffer_size;
        for (const auto& [name, value] : job_.options.headers) req.headers.set(name, value);
        req.on_body_sent = [this](std::uint64_t sent) {
            sent_ = sent;
            report(false);
        };
        identities_.clear();
        for (const auto& piece : job_.body.pieces)
            if (!piece.file.empty()) identities_.push_back(identity_of(piece.file));
        const outcome<exchange_result> sent =
            co_await send_counted(ctx_, std::move(req), sink_chooser(), result_.attempts);
        if (!sent) co_return sent.error();
        const exchange_result& answer = *sent;
        const unsigned status = answer.status();

        auto refused = co_await url_.judge(
            answer, sent_to, "upload", [](unsigned s) { return s >= 200 && s < 300; },
            [this](unsigned s) {
                return "the upload was refused with " + std::to_string(s) + " after " + std::to_string(sent_) + " of " +
                    std::to_string(job_.body.file_bytes()) + " bytes";
            });
        if (refused) co_return std::move(*refused);

        result_.http_status = status;
        result_.etag = std::string(answer.head[http::field::etag]);
        result_.size = job_.body.file_bytes();
        // The server's MD5 of what it stored, when its ETag is one, is checked against the
        // file read again: hashing while sending would cost a core as much as TLS does, for
        // servers that have nothing to compare with. A file changed since it was sent fails.
        if (const auto stored = md5_from_etag(result_.etag)) {
            // Reading it all again grows with its size: off the caller's loop. The work owns
            // its copies (the pieces share the content; files are read by name).
            auto rehash = [pieces = job_.body.pieces, sent = identities_](const std::atomic<bool>& stop) {
                return md5_of_sent(pieces, sent, stop);
            };
            auto cancelled = cancelled_while("upload", "checking the MD5 of what was sent to", url_.parsed().origin(),
                                             result_.attempts);
            const outcome<sent_md5> rehashed = co_await offload(ctx_.blocking, std::move(cancelled), std::move(rehash));
            if (!rehashed) co_return rehashed.error();
            const sent_md5& again = *rehashed;
            if (!again.problem.empty()) co_return transfer_failure("upload", errc::io_error, 0, again.problem);
            result_.md5_hex = again.md5_hex;
            if (*stored != result_.md5_hex)
                co_return transfer_failure("upload", errc::checksum_mismatch, status,
                                           "the server stored MD5 " + *stored + ", we sent " + result_.md5_hex);
        }
        report(true);
        co_return outcome<void>();
    }

    /// What tells whether a file changed between sending and hashing it.
    struct file_identity {
        std::filesystem::path path;
        std::uint64_t size = 0;
        std::int64_t mtime_ns = 0;
        bool operator==(const file_identity&) const = default;
    };
    static file_identity identity_of(const std::filesystem::path& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return {path};
        return {path, static_cast<std::uint64_t>(st.st_size),
                static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
    }

    /// The MD5 of what was sent, read again, or the problem that prevents it.
    struct sent_md5 {
        std::string md5_hex;
        std::string problem; ///< a file that cannot be read, or changed since it was sent
    };
    static sent_md5 md5_of_sent(const std::vector<body_piece>& pieces, const std::vector<file_identity>& sent,
                                const std::atomic<bool>& stop) {
        md5_digest md5;
        md5.stop_when(stop);
        sent_md5 out;
        for (const auto& piece : pieces) {
            if (piece.file.empty()) {
                if (piece.content) md5.update(*piece.content);
                continue;
            }
            if (const auto unread = md5.update_from_file(piece.file, piece.offset, piece.length)) {
                out.problem = "cannot check what was sent: " + unread->message();
                return out;
            }
        }
        for (const auto& file : sent)
            if (identity_of(file.path) != file) {
                out.problem = file.path.string() + " changed while it was sent";
                return out;
            }
        out.md5_hex = md5.hex();
        return out;
    }

    void report(bool final) { progress_(job_.label, sent_, job_.body.file_bytes(), final); }

    transfer_context ctx_;
    upload_job job_;
    presigned_url url_;
    std::uint64_t sent_ = 0;
    std::vector<file_identity> identities_; // of the files as this attempt began to send them
    progress_reporter progress_{job_.options.on_progress, job_.options.progress_interval};
    upload_result result_;
};

} // namespace

asio::awaitable<outcome<upload_result>> upload(transfer_context ctx, upload_job job) {
    outcome<presigned_url> url = presigned_url::make(job.url, job.refresh_url);
    if (!url) co_return url.error();
    uploader u(ctx, std::move(job), std::move(*url));
    co_return co_await u.run();
}

} // namespace numerapi::detail
