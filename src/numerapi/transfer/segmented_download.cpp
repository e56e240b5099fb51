// Segmented download of one file: a one-byte probe learns the size, the validator (a
// strong ETag, or Last-Modified) and whether ranges work; then N ranges run at once over
// the pool, each in its own retry loop, written with pwrite into a preallocated part
// file. A range answered with the whole file or another validator (the file changed)
// restarts everything. A server that ignores ranges, a file with no validator (its ranges
// could come from two versions) and an encoded answer (offsets would not be the file's)
// get the one-stream download instead.
#include "numerapi/async/run_all.hpp"
#include "numerapi/http/content_range.hpp"
#include "numerapi/http/entity_tag.hpp"
#include "numerapi/http/retry_after.hpp"
#include "numerapi/http/url.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/transfer/download.hpp"
#include "numerapi/async/offload.hpp"
#include "numerapi/transfer/part_file.hpp"
#include "numerapi/transfer/presigned_url.hpp"
#include "numerapi/transfer/transfer_report.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

/// The probe's one byte: only its arrival matters.
struct discard_sink final : body_sink {
    outcome<void> write(std::span<const char>) override { return {}; }
};

struct range {
    std::uint64_t next = 0; ///< the first byte not yet written
    std::uint64_t end = 0;  ///< one past the last byte
};

class segmented_downloader {
public:
    segmented_downloader(transfer_context ctx, download_job job, presigned_url url)
        : ctx_(ctx), job_(std::move(job)), url_(std::move(url)),
          buffer_size_(std::max<std::size_t>(job_.options.buffer_size, 4096)) {
        result_.path = job_.path;
    }

    asio::awaitable<outcome<download_result>> run() {
        for (round_ = 0;; ++round_) {
            outcome<bool> splittable =
                co_await retry_run(ctx_.retrying, ctx_.retry, url_.parsed().origin(), [this] { return probe(); });
            if (splittable && keep_as_) {
                outcome<std::optional<download_result>> kept =
                    keep_current_file(job_, *keep_as_, etag_, result_.attempts);
                if (!kept) co_return kept.error();
                if (*kept) co_return std::move(**kept);
                // It changed meanwhile (another process?): fetched after all.
                job_.current.reset();
                keep_as_.reset();
                splittable =
                    co_await retry_run(ctx_.retrying, ctx_.retry, url_.parsed().origin(), [this] { return probe(); });
            }
            if (!splittable) co_return splittable.error();
            if (!*splittable) {
                // One stream after all: the plain engine (it starts its own .part afresh).
                part_.reset();          // let the one-stream engine own the .part (and resume it)
                job_.url = url_.text(); // renewed, perhaps, by the probe
                // Asked or compared already: the file has changed.
                if (asks_if_changed(job_) || compared_) job_.current.reset();
                co_return co_await single_stream_download(ctx_, job_);
            }
            changed_ = false;
            std::vector<task_factory> tasks;
            for (auto& r : ranges_)
                tasks.push_back([this, &r]() {
                    return retry_run(ctx_.retrying, ctx_.retry, url_.parsed().origin(),
                                     [this, &r] { return fetch(r); });
                });
            // A cancelled download ends here, even when a range saw the file change; a range's
            // failure after the change is the change's.
            const outcome<void> fetched = co_await run_all(std::move(tasks));
            if (!fetched && (!changed_ || fetched.error().code == asio::error::operation_aborted))
                co_return fetched.error();
            if (!changed_) break;
            if (round_ >= ctx_.retry.retry.max_restarts)
                co_return download_failure(errc::size_mismatch, 0,
                                           "the file changed on the server while it was fetched, after " +
                                               std::to_string(round_) + " restart(s) (retry_policy::max_restarts)");
        }
        part_->set_complete(total_);
        const outcome<void> finished =
            co_await finish_part(ctx_, part_, md5_from_etag(etag_), validator_, result_.attempts);
        if (!finished) co_return finished.error();
        result_.size = total_;
        result_.etag = etag_;
        result_.segments = static_cast<unsigned>(ranges_.size());
        report(true);
        co_return result_;
    }

private:
    exchange_request request(std::uint64_t first, std::uint64_t last) const {
        exchange_request req;
        req.operation = "download";
        req.url = url_.parsed();
        req.buffer_size = buffer_size_;
        req.headers.set(http::field::accept_encoding, "identity");
        req.headers.set(http::field::range, "bytes=" + std::to_string(first) + "-" + std::to_string(last));
        if (!validator_.empty()) req.headers.set(http::field::if_range, validator_); // not on the probe
        return req;
    }

    /// Status checks shared by the probe and the ranges; one range renews an expired URL
    /// for all (presigned_url.hpp).
    asio::awaitable<std::optional<failure>> check_status(const exchange_result& answer, unsigned sent_to) {
        co_return co_await url_.judge(answer, sent_to, "download", file_or_range, file_host_refusal);
    }

    /// GET bytes=0-0: the size and version, and whether ranges work. Plans the ranges.
    asio::awaitable<outcome<bool>> probe() {
        etag_.clear();
        validator_.clear();
        keep_as_.reset(); // what a failed attempt found is not this one's
        discard_sink one_byte;
        const sink_chooser choose = [&](const response_head& res) -> outcome<body_sink*> {
            const unsigned status = res.result_int();
            if (status == 200) return abandon_body(); // the whole file: no ranges here
            return status == 206 ? &one_byte : nullptr;
        };
        const unsigned sent_to = url_.generation();
        exchange_request req = request(0, 0);
        if (round_ == 0) ask_if_changed(job_, req.headers); // (a later round: it did change)
        const outcome<exchange_result> sent = co_await send_counted(ctx_, std::move(req), choose, result_.attempts);
        if (!sent) co_return sent.error();
        const exchange_result& answer = *sent;
        const unsigned status = answer.status();
        if (status == 304 && round_ == 0 && asks_if_changed(job_)) {
            // The version asked about is current (whatever ETag a cache puts on its 304).
            keep_as_ = job_.current->validator;
            etag_ = is_strong_etag(*keep_as_) ? *keep_as_ : std::string(answer.head[http::field::etag]);
            co_return false;
        }
        if (status != 416)
            if (auto refused = co_await check_status(answer, sent_to)) co_return std::move(*refused);
        if (status == 200 || status == 416) co_return false; // no ranges here (or an empty file): one stream
        const auto cr = parse_content_range(answer.head[http::field::content_range]);
        if (!cr || cr->is_star || cr->first != 0)
            co_return download_failure(errc::invalid_response, status, "a bad Content-Range");
        if (const auto encoding = answer.head[http::field::content_encoding];
            !encoding.empty() && encoding != "identity")
            co_return false; // encoded bytes: the one-stream engine decodes them
        etag_ = std::string(answer.head[http::field::etag]);
        validator_ = resume_validator(etag_, answer.head[http::field::last_modified]);
        // A file at the path without a record: the server's MD5 ETag may tell it is the same
        // (its bytes are compared here, after the exchange); if not, the probe goes on.
        if (round_ == 0 && may_be_current_file(job_, etag_, cr->total)) {
            compared_ = true;
            const outcome<bool> same = co_await same_as_current_file(ctx_, job_, etag_);
            if (!same) co_return same.error();
            if (*same) {
                keep_as_ = validator_;
                co_return false;
            }
        }
        if (validator_.empty()) co_return false; // ranges could splice two versions of the file
        total_ = cr->total;
        const std::uint64_t wanted = std::max(job_.options.segments, 1u);
        const std::uint64_t by_size =
            std::max<std::uint64_t>(1, total_ / std::max<std::uint64_t>(job_.options.min_segment_size, 1));
        const std::uint64_t n = std::min(wanted, by_size);
        if (n < 2) co_return false;
        if (!part_) { // a fresh .part, with no ETag record
            outcome<std::shared_ptr<part_file>> opened =
                part_file::open(job_.path, job_.beneath, false, job_.options.durable);
            if (!opened) co_return opened.error();
            part_ = std::move(*opened);
        }
        if (outcome<void> emptied = part_->restart(""); !emptied) co_return emptied.error();
        // Where the file system cannot reserve blocks, glibc writes every one: off the loop.
        auto allocate = [part = part_, total = total_] { return part->preallocate(total); };
        auto while_allocating = cancelled_while("download", "allocating", part_->part_path(), result_.attempts);
        const outcome<void> allocated =
            co_await offload(ctx_.blocking, std::move(while_allocating), std::move(allocate),
                             when_cancelled::stop_the_work_first); // it writes the file
        if (!allocated) co_return allocated.error();

        ranges_.clear();
        const std::uint64_t step = total_ / n;
        for (std::uint64_t i = 0; i < n; ++i) ranges_.push_back({i * step, i + 1 == n ? total_ : (i + 1) * step});
        done_ = 0;
        report(false);
        co_return true;
    }

    /// Writes a range's bytes where they belong in the part file.
    class range_sink final : public body_sink {
    public:
        range_sink(segmented_downloader& d, range& r) : d_(d), r_(r) {}
        outcome<void> write(std::span<const char> bytes) override {
            if (bytes.size() > r_.end - r_.next)
                return download_failure(errc::invalid_response, 206, "more bytes than the range holds");
            if (outcome<void> written = d_.part_->write_at(r_.next, bytes); !written) return written;
            r_.next += bytes.size();
            d_.done_ += bytes.size();
            d_.report(false);
            return {};
        }

    private:
        segmented_downloader& d_;
        range& r_;
    };

    /// One range, from the byte it reached: an attempt of its own retry loop.
    asio::awaitable<outcome<void>> fetch(range& r) {
        if (r.next >= r.end) co_return outcome<void>();
        if (changed_) co_return outcome<void>(); // another range saw the file change: the round starts over
        const unsigned sent_to = url_.generation();
        range_sink sink{*this, r};
        const sink_chooser choose = [&](const response_head& res) -> outcome<body_sink*> {
            const unsigned status = res.result_int();
            if (status != 200 && status != 206) return nullptr;
            const auto cr = parse_content_range(res[http::field::content_range]);
            const auto encoding = res[http::field::content_encoding];
            if (status == 200 ||
                resume_validator(res[http::field::etag], res[http::field::last_modified]) != validator_ || !cr ||
                cr->total != total_ || (!encoding.empty() && encoding != "identity")) {
                // The whole file, another version, or now encoded: never splice.
                changed_ = true;
                return download_failure(errc::size_mismatch, status, "the file changed on the server; starting over");
            }
            if (cr->first != r.next || cr->last + 1 != r.end)
                return download_failure(errc::invalid_response, status, "a 206 answer for another range than asked");
            return &sink;
        };
        const outcome<exchange_result> sent =
            co_await send_counted(ctx_, request(r.next, r.end - 1), choose, result_.attempts);
        if (!sent) co_return sent.error();
        if (auto refused = co_await check_status(*sent, sent_to)) co_return std::move(*refused);
        if (r.next != r.end) co_return download_failure(errc::size_mismatch, sent->status(), "a segment ended short");
        co_return outcome<void>();
    }

    void report(bool final) { progress_(job_.path.string(), final ? total_ : done_, total_, final); }

    transfer_context ctx_;
    download_job job_;
    presigned_url url_;
    /// Made once the file is known to be split; shared with the work on the blocking
    /// executor (allocation, the final MD5, the flush): a cancelled call may end first.
    std::shared_ptr<part_file> part_;
    std::size_t buffer_size_;
    std::string etag_;      ///< the probe's ETag (an MD5 to check, the result's)
    std::string validator_; ///< what every range's If-Range carries and its answer must match
    std::uint64_t total_ = 0;
    std::uint64_t done_ = 0;
    std::vector<range> ranges_;
    bool changed_ = false;
    unsigned round_ = 0;                 ///< restarts after the file changed (retry_policy::max_restarts)
    bool compared_ = false;              ///< the unrecorded file at the path was compared by MD5
    std::optional<std::string> keep_as_; ///< the file at the path is the server's: this version
    progress_reporter progress_{job_.options.on_progress, job_.options.progress_interval};
    download_result result_;
};

} // namespace

asio::awaitable<outcome<download_result>> segmented_download(transfer_context ctx, download_job job) {
    outcome<presigned_url> url = presigned_url::make(job.url, job.refresh_url);
    if (!url) co_return url.error();
    segmented_downloader d(ctx, std::move(job), std::move(*url));
    co_return co_await d.run();
}

} // namespace numerapi::detail
