#include "numerapi/transfer/download.hpp"

#include "numerapi/http/content_range.hpp"
#include "numerapi/http/entity_tag.hpp"
#include "numerapi/http/retry_after.hpp"
#include "numerapi/http/url.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/async/offload.hpp"
#include "numerapi/files/no_follow.hpp"
#include "numerapi/transfer/checksums.hpp"
#include "numerapi/transfer/complete_file.hpp"
#include "numerapi/transfer/gzip_decoder.hpp"
#include "numerapi/transfer/part_file.hpp"
#include "numerapi/transfer/presigned_url.hpp"
#include "numerapi/transfer/transfer_report.hpp"

#include <memory>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

class downloader : body_sink {
public:
    downloader(transfer_context ctx, download_job job, presigned_url url, std::shared_ptr<part_file> part)
        : ctx_(ctx), job_(std::move(job)), url_(std::move(url)), part_(std::move(part)) {
        result_.path = job_.path;
        result_.resumed_from = part_->size();
        if (is_strong_etag(part_->validator())) etag_ = part_->validator(); // a complete part is answered 416
        version_ = part_->validator();
    }

    asio::awaitable<outcome<download_result>> run() {
        for (;;) {
            const outcome<void> fetched =
                co_await retry_run(ctx_.retrying, ctx_.retry, url_.parsed().origin(), [this] { return attempt(); });
            if (!fetched) co_return fetched.error();
            if (!keep_as_) break;
            outcome<std::optional<download_result>> kept = keep_current_file(job_, *keep_as_, etag_, result_.attempts);
            if (!kept) co_return kept.error();
            if (*kept) co_return std::move(**kept);
            job_.current.reset(); // it changed meanwhile (another process?): fetched after all
            keep_as_.reset();
        }
        if (auto bad = verify()) co_return std::move(*bad);
        // The server's checksum of a gzip body is of its encoded bytes, checked as they came.
        auto expected = gzip_ ? std::nullopt : content_md5_ ? content_md5_ : md5_from_etag(part_->validator());
        const outcome<void> finished =
            co_await finish_part(ctx_, part_, std::move(expected), version_, result_.attempts);
        if (!finished) co_return finished.error();
        result_.size = part_->size();
        result_.etag = etag_;
        report(true);
        co_return result_;
    }

private:
    asio::awaitable<outcome<void>> attempt() {
        exchange_request req;
        req.operation = "download";
        req.url = url_.parsed();
        const unsigned sent_to = url_.generation();
        req.buffer_size = job_.options.buffer_size;
        // Byte offsets must mean file offsets; a body gzip-encoded anyway (an object stored
        // with Content-Encoding: gzip) is decoded, and restarted rather than resumed.
        req.headers.set(http::field::accept_encoding, "identity");
        ranged_ = part_->size() > 0 && !part_->validator().empty();
        if (ranged_) {
            req.headers.set(http::field::range, "bytes=" + std::to_string(part_->size()) + "-");
            req.headers.set(http::field::if_range, part_->validator());
        } else {
            ask_if_changed(job_, req.headers);
        }
        const sink_chooser choose = [this](const response_head& res) { return accept(res); };
        const outcome<exchange_result> sent = co_await send_counted(ctx_, std::move(req), choose, result_.attempts);
        if (!sent) co_return sent.error();
        const exchange_result& answer = *sent;
        const unsigned status = answer.status();
        if (candidate_) {
            // The unrecorded file at the path has the server's size and the ETag is an MD5:
            // the same bytes keep it; other bytes are fetched, by a plain request.
            const std::string version = *std::exchange(candidate_, std::nullopt);
            const outcome<bool> same = co_await same_as_current_file(ctx_, job_, etag_);
            if (!same) co_return same.error();
            if (*same) {
                keep_as_ = version;
                co_return outcome<void>();
            }
            job_.current.reset();
            co_return co_await attempt();
        }
        if (status == 304 && !ranged_ && asks_if_changed(job_)) {
            // The version asked about is current (whatever ETag a cache puts on its 304).
            keep_as_ = job_.current->validator;
            etag_ = is_strong_etag(*keep_as_) ? *keep_as_ : std::string(answer.head[http::field::etag]);
            co_return outcome<void>();
        }

        if (status == 416 && ranged_) {
            // The part is as long as the file or longer: the server's version must decide.
            // Complete only if the answer is of the part's version too: a server that weighs
            // Range before If-Range answers 416 for a new file of the same size.
            const auto cr = parse_content_range(answer.head[http::field::content_range]);
            const auto version =
                resume_validator(answer.head[http::field::etag], answer.head[http::field::last_modified]);
            if (cr && cr->is_star && cr->total == part_->size() && (version.empty() || version == part_->validator())) {
                total_ = cr->total;
                co_return outcome<void>(); // already complete
            }
            if (outcome<void> emptied = part_->restart(""); !emptied) co_return emptied;
            co_return download_failure(errc::size_mismatch, status,
                                       "the partial file does not fit the server's file; starting over");
        }
        if (auto refused = co_await url_.judge(answer, sent_to, "download", file_or_range, file_host_refusal))
            co_return std::move(*refused);
        if (gzip_ && !gzip_->finished()) {
            if (outcome<void> emptied = part_->restart(""); !emptied) co_return emptied;
            co_return download_failure(errc::size_mismatch, status, "the gzip stream ended early; starting over");
        }
        if (total_ && part_->size() != *total_)
            co_return download_failure(errc::size_mismatch, status,
                                       "received " + std::to_string(part_->size()) + " of " + std::to_string(*total_) +
                                           " bytes");
        co_return outcome<void>();
    }

    /// Decides, from the answer's head, whether its body belongs in the part file: a 200 or
    /// a 206 for the range asked. Other answers are kept as text (nullptr).
    outcome<body_sink*> accept(const response_head& res) {
        const unsigned status = res.result_int();
        if (status != 200 && status != 206) return nullptr;
        etag_ = std::string(res[http::field::etag]);
        // What a later range request may rely on; an answer without one is never resumed.
        const std::string validator = resume_validator(etag_, res[http::field::last_modified]);
        version_ = validator;
        const std::string encoding{res[http::field::content_encoding]};
        const bool gzip = encoding == "gzip" || encoding == "x-gzip";
        // A file at the path without a record: the server's MD5 ETag may tell it is the
        // same. The body is not wanted until the bytes are compared (after the exchange).
        if (status == 200 && (encoding.empty() || encoding == "identity") && !ranged_) {
            const auto length = content_length(res);
            if (length && may_be_current_file(job_, etag_, *length)) {
                candidate_ = validator;
                return abandon_body();
            }
        }
        if (!encoding.empty() && encoding != "identity" && !gzip)
            return download_failure(errc::invalid_response, status,
                                    "an unsupported Content-Encoding \"" + encoding + "\"");
        gzip_.reset();
        if (gzip) {
            // The file is the decoded body; offsets into the encoded one are not offsets into
            // it, so a gzip body is never resumed by byte offset: always from the start, and
            // no ETag record is kept for a later run.
            if (outcome<void> emptied = part_->restart(""); !emptied) return emptied.error();
            if (status == 206)
                return download_failure(errc::size_mismatch, status,
                                        "a gzip-encoded range cannot be resumed; starting over");
            gzip_.emplace(job_.options.decompression);
            if (!gzip_->started())
                return download_failure(errc::invalid_response, 0, "gzip body: zlib could not start");
            encoded_md5_.emplace();
            total_.reset(); // the decoded size is not announced
            content_md5_ = md5_from_content_md5(res["Content-MD5"]);
            if (!content_md5_) content_md5_ = md5_from_etag(etag_); // both describe the encoded bytes
        } else if (status == 206) {
            const auto cr = parse_content_range(res[http::field::content_range]);
            // The same version as the part's: its validator, sent in If-Range, comes back.
            if (!ranged_ || !cr || cr->is_star || cr->first != part_->size() || validator != part_->validator()) {
                if (outcome<void> emptied = part_->restart(""); !emptied) return emptied.error();
                return download_failure(errc::size_mismatch, status,
                                        "a 206 answer for another range or version than asked; starting over");
            }
            total_ = cr->total;
            content_md5_.reset(); // a Content-MD5 describes the range, not the file
        } else {
            // A whole file: the first answer, or the server's file changed (If-Range did not
            // match), or it ignores ranges. Never splice two versions: start the part over.
            if (outcome<void> emptied = part_->restart(validator); !emptied) return emptied.error();
            total_ = content_length(res);
            content_md5_ = md5_from_content_md5(res["Content-MD5"]);
        }
        report(false);
        return static_cast<body_sink*>(this); // a private base: converted here, where it is accessible
    }

    outcome<void> write(std::span<const char> bytes) override {
        if (gzip_) {
            encoded_md5_->update(bytes);
            outcome<void> decoded =
                gzip_->feed(bytes, [this](std::span<const char> piece) { return part_->append(piece); });
            if (!decoded) {
                (void)part_->restart(""); // what a bomb or a corrupt body decoded to is not kept, if it can be
                return decoded;
            }
        } else if (outcome<void> written = part_->append(bytes); !written) {
            return written;
        }
        report(false);
        return {};
    }

    /// The size, and a gzip body's checksum; finish_part checks the MD5 of the file.
    std::optional<failure> verify() {
        if (total_ && part_->size() != *total_)
            return download_failure(errc::size_mismatch, 0,
                                    "the file has " + std::to_string(part_->size()) + " bytes, the server said " +
                                        std::to_string(*total_));
        if (gzip_ && content_md5_ && encoded_md5_->hex() != *content_md5_) { // of the encoded bytes
            if (outcome<void> emptied = part_->restart(""); !emptied) return emptied.error();
            return download_failure(errc::checksum_mismatch, 0,
                                    "MD5 " + *content_md5_ + " expected of the gzip body; discarded");
        }
        return std::nullopt;
    }

    void report(bool final) { progress_(job_.path.string(), part_->size(), total_, final); }

    transfer_context ctx_;
    download_job job_;
    presigned_url url_;
    /// Shared with the work on the blocking executor (the final MD5, the flush): a
    /// cancelled call may end before that work does.
    std::shared_ptr<part_file> part_;
    bool ranged_ = false;                  ///< this attempt asked for the rest of the part's version
    std::string etag_;                     ///< the last answer's ETag, for the result
    std::string version_;                  ///< the last answer's validator: recorded with the complete file
    std::optional<std::string> keep_as_;   ///< the file at the path is the server's: this version
    std::optional<std::string> candidate_; ///< the file at the path may be the server's: this version
    std::optional<std::uint64_t> total_;
    std::optional<std::string> content_md5_;
    std::optional<gzip_decoder> gzip_;      // a gzip-encoded answer
    std::optional<md5_digest> encoded_md5_; // of its encoded bytes
    progress_reporter progress_{job_.options.on_progress, job_.options.progress_interval};
    download_result result_;
};

} // namespace

asio::awaitable<outcome<download_result>> single_stream_download(transfer_context ctx, download_job job) {
    outcome<presigned_url> url = presigned_url::make(job.url, job.refresh_url);
    if (!url) co_return url.error();
    outcome<std::shared_ptr<part_file>> part =
        part_file::open(job.path, job.beneath, job.options.resume, job.options.durable);
    if (!part) co_return part.error();
    downloader d(ctx, std::move(job), std::move(*url), std::move(*part));
    co_return co_await d.run();
}

std::optional<failure> unusable_target(const std::filesystem::path& path, std::string_view operation) {
    std::error_code ec;
    const bool directory = std::filesystem::is_directory(path, ec);
    if (!path.empty() && !directory) return std::nullopt;
    return make_failure(errc::invalid_argument, std::string(operation),
                        path.empty() ? std::string("no destination path")
                                     : "\"" + path.string() + "\" is a directory, not a file's path");
}

bool asks_if_changed(const download_job& job) { return job.current && !job.current->validator.empty(); }

void ask_if_changed(const download_job& job, http::fields& headers) {
    if (!asks_if_changed(job)) return;
    const auto& v = job.current->validator;
    if (v.starts_with('"') || v.starts_with("W/\"")) headers.set(http::field::if_none_match, v);
    else headers.set(http::field::if_modified_since, v);
}

bool may_be_current_file(const download_job& job, std::string_view etag, std::uint64_t size) {
    // Not an MD5: nothing to compare with but the size, which is never enough.
    return job.current && job.current->validator.empty() && job.current->identity.size == size &&
        md5_from_etag(etag).has_value();
}

asio::awaitable<outcome<void>> finish_part(const transfer_context& ctx, std::shared_ptr<part_file> part,
                                           std::optional<std::string> expected_md5, std::string version,
                                           unsigned attempts) {
    // Reading the whole file again, and a durable flush, grow with its size: off the loop.
    // (Named, not temporaries in the co_await expressions: GCC 12.)
    if (expected_md5) {
        auto hash = [part](const std::atomic<bool>& stop) { return part->md5_hex(stop); };
        auto while_hashing = cancelled_while("download", "checking the MD5 of", part->part_path(), attempts);
        const outcome<std::string> md5 = co_await offload(ctx.blocking, std::move(while_hashing), std::move(hash));
        if (!md5) co_return md5.error();
        if (*md5 != *expected_md5) {
            if (outcome<void> emptied = part->restart(""); !emptied) co_return emptied;
            co_return download_failure(errc::checksum_mismatch, 0,
                                       "MD5 " + *expected_md5 + " expected; the partial file was discarded");
        }
    }
    if (part->durable()) {
        auto flush = [part] { return part->flush(); };
        auto while_flushing = cancelled_while("download", "flushing", part->part_path(), attempts);
        const outcome<void> flushed = co_await offload(ctx.blocking, std::move(while_flushing), std::move(flush));
        if (!flushed) co_return flushed;
    }
    co_return part->commit(version);
}

asio::awaitable<outcome<bool>> same_as_current_file(const transfer_context& ctx, const download_job& job,
                                                    std::string etag) {
    const auto expected = md5_from_etag(etag);
    if (!job.current || !expected) co_return false;
    // Everything the work uses is its own: it may outlive a cancelled call.
    auto compare = [path = job.path, beneath = job.beneath, identity = job.current->identity,
                    want = *expected](const std::atomic<bool>& stop) -> outcome<bool> {
        const outcome<int> opened = open_destination_directory(path, beneath, "download");
        if (!opened) return opened.error();
        const fd_closer dir{*opened};
        return md5_of_complete_file(dir.fd, path.filename().string(), path, identity, stop) == want;
    };
    auto cancelled = cancelled_while("download", "comparing the MD5 of", job.path, 0);
    co_return co_await offload(ctx.blocking, std::move(cancelled), std::move(compare));
}

outcome<std::optional<download_result>> keep_current_file(const download_job& job, const std::string& version,
                                                          std::string etag, unsigned attempts) {
    const outcome<int> opened = open_destination_directory(job.path, job.beneath, "download");
    if (!opened) return opened.error();
    const fd_closer dir{*opened};
    const std::string name = job.path.filename().string();
    // The file the server's answer was about must still be the one there.
    if (!job.current || identity_of(dir.fd, name) != job.current->identity) return std::optional<download_result>();
    ::unlinkat(dir.fd, (name + ".part").c_str(), 0);
    ::unlinkat(dir.fd, (name + ".part.etag").c_str(), 0);
    record_complete_file(dir.fd, name, version, job.current->identity);
    download_result r;
    r.path = job.path;
    r.size = job.current->identity.size;
    r.etag = std::move(etag);
    r.attempts = attempts;
    r.unchanged = true;
    progress_reporter tell{job.options.on_progress, job.options.progress_interval};
    tell(job.path.string(), r.size, r.size, true, true);
    return std::optional<download_result>(std::move(r));
}

namespace {

/// Whether a `.part` at the path holds bytes a one-stream run can resume: it goes on then
/// (a newer version is on its way), rather than ask about the complete file.
bool resumable_part(int dir, const std::string& name, const std::filesystem::path& shown) {
    struct stat st {};
    if (::fstatat(dir, (name + ".part").c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_size == 0) return false;
    const auto record = read_text_no_follow(dir, name + ".part.etag", shown, 4096, "download");
    return record && *record && is_usable_validator((*record)->substr(0, (*record)->find('\n')));
}

/// The complete file at `job.path` to ask the server about, if any.
outcome<std::optional<complete_file>> current_file(const download_job& job) {
    const outcome<int> opened = open_destination_directory(job.path, job.beneath, "download");
    if (!opened) return opened.error();
    const fd_closer dir{*opened};
    const std::string name = job.path.filename().string();
    auto found = find_complete_file(dir.fd, name, job.path);
    if (found && job.options.resume && job.options.segments <= 1 && resumable_part(dir.fd, name, job.path))
        return std::optional<complete_file>();
    return found;
}

} // namespace

asio::awaitable<outcome<download_result>> download(transfer_context ctx, download_job job) {
    if (auto unusable = unusable_target(job.path, "download")) co_return std::move(*unusable);
    if (job.options.skip_unchanged) {
        outcome<std::optional<complete_file>> current = current_file(job);
        if (!current) co_return current.error();
        job.current = std::move(*current);
    }
    if (job.options.segments > 1) co_return co_await segmented_download(ctx, std::move(job));
    co_return co_await single_stream_download(ctx, std::move(job));
}

} // namespace numerapi::detail
