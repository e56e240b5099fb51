// Segmented download of one file: a one-byte probe learns the size, the ETag and whether
// ranges work; then N ranges run at once over the pool, each in its own retry loop,
// written with pwrite into a preallocated part file. A range answered with the whole file
// (If-Range no longer matches: the file changed) restarts everything; a server that
// ignores ranges gets the one-stream download instead.
#include "numerapi/http/url.hpp"
#include "numerapi/retry/backoff.hpp"
#include "numerapi/transfer/body_reader.hpp"
#include "numerapi/transfer/download.hpp"
#include "numerapi/transfer/part_file.hpp"
#include "numerapi/transfer/run_all.hpp"
#include "numerapi/transfer/transfer_report.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

/// A failed download, as every transfer reports one (transfer_report.hpp).
[[noreturn]] void fail(errc code, unsigned status, std::string message,
                       std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    fail_transfer("download", code, status, std::move(message), retry_after);
}

struct range {
    std::uint64_t next = 0; ///< the first byte not yet written
    std::uint64_t end = 0;  ///< one past the last byte
};

class segmented_downloader {
public:
    segmented_downloader(transfer_context ctx, download_job job)
        : ctx_(ctx), job_(std::move(job)), url_(parse_https_url(job_.url)),
          buffer_size_(std::max<std::size_t>(job_.options.buffer_size, 4096)) {
        result_.path = job_.path;
    }

    asio::awaitable<download_result> run() {
        for (int round = 0;; ++round) {
            const bool splittable = co_await retry_run(ctx_.retrying, ctx_.retry, url_.origin(), [this] { return probe(); });
            if (!splittable) {
                // One stream after all: the plain engine (it starts its own .part afresh).
                part_.reset(); // let the one-stream engine own the .part (and resume it)
                co_return co_await single_stream_download(ctx_, job_);
            }
            changed_ = false;
            std::vector<task_factory> tasks;
            for (auto& r : ranges_)
                tasks.push_back([this, &r]() { return retry_run(ctx_.retrying, ctx_.retry, url_.origin(), [this, &r] { return fetch(r); }); });
            try {
                co_await run_all(std::move(tasks));
            } catch (const error&) {
                if (!changed_ || round >= 2) throw;
            }
            if (!changed_) break;
            if (round >= 2) fail(errc::size_mismatch, 0, "the file kept changing on the server");
        }
        part_->set_complete(total_);
        if (const auto expected = md5_from_etag(etag_); expected && part_->md5_hex() != *expected) {
            part_->restart("");
            fail(errc::checksum_mismatch, 0, "MD5 " + *expected + " expected; the partial file was discarded");
        }
        part_->commit();
        result_.size = total_;
        result_.etag = etag_;
        result_.segments = static_cast<unsigned>(ranges_.size());
        report(true);
        co_return result_;
    }

private:
    http::request<http::empty_body> request(std::uint64_t first, std::uint64_t last) const {
        http::request<http::empty_body> req{http::verb::get, url_.target, 11};
        req.set(http::field::host, url_.host_header());
        req.set(http::field::user_agent, ctx_.user_agent);
        req.set(http::field::accept_encoding, "identity");
        req.set(http::field::range, "bytes=" + std::to_string(first) + "-" + std::to_string(last));
        if (!etag_.empty()) req.set(http::field::if_range, etag_);
        return req;
    }

    /// Status checks shared by the probe and the ranges; refreshes an expired URL.
    asio::awaitable<void> check_status(unsigned status, const http::response_header<>& res) {
        if (status == 403 && job_.refresh_url) {
            if (!refreshing_) {
                refreshing_ = true;
                job_.url = co_await job_.refresh_url();
                url_ = parse_https_url(job_.url);
                refreshing_ = false;
            }
            fail(errc::url_expired, status, "the presigned URL was refused (403); fetched a fresh one");
        }
        if (status != 200 && status != 206)
            fail(errc::http_status, status, "the file host answered " + std::to_string(status),
                 parse_retry_after(res[http::field::retry_after], std::chrono::system_clock::now()));
    }

    /// GET bytes=0-0: the size and version, and whether ranges work. Plans the ranges.
    asio::awaitable<bool> probe() {
        ++result_.attempts;
        lease conn = co_await ctx_.pool.acquire(url_);
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);
        etag_.clear();
        auto req = request(0, 0);
        tcp.expires_after(ctx_.read_timeout);
        co_await http::async_write(conn->stream, req, asio::use_awaitable);
        body_parser parser;
        parser.body_limit(boost::none);
        co_await http::async_read_header(conn->stream, conn->buffer, parser, asio::use_awaitable);
        const unsigned status = parser.get().result_int();
        if (status != 416) co_await check_status(status, parser.get().base());
        if (status == 200 || status == 416) co_return false; // no ranges here (or an empty file): one stream
        const auto cr = parse_content_range(parser.get()[http::field::content_range]);
        if (!cr || cr->is_star || cr->first != 0) fail(errc::invalid_response, status, "a bad Content-Range");
        char byte[1];
        body_reader body{conn.get(), parser};
        while (!body.done()) {
            boost::system::error_code ec;
            co_await body.read(byte, ec);
            if (ec) throw error(ec, {.operation = "download", .attempts = 1});
        }
        tcp.expires_never();
        if (parser.get().keep_alive()) conn.mark_reusable();
        etag_ = std::string(parser.get()[http::field::etag]);
        total_ = cr->total;
        const std::uint64_t wanted = std::max(job_.options.segments, 1u);
        const std::uint64_t by_size = std::max<std::uint64_t>(1, total_ / std::max<std::uint64_t>(job_.options.min_segment_size, 1));
        const std::uint64_t n = std::min(wanted, by_size);
        if (n < 2) co_return false;
        if (!part_) part_.emplace(job_.path, false, job_.options.durable); // a fresh .part, with no ETag record
        part_->restart("");
        part_->preallocate(total_);
        ranges_.clear();
        const std::uint64_t step = total_ / n;
        for (std::uint64_t i = 0; i < n; ++i) ranges_.push_back({i * step, i + 1 == n ? total_ : (i + 1) * step});
        done_ = 0;
        report(false);
        co_return true;
    }

    /// One range, from the byte it reached: an attempt of its own retry loop.
    asio::awaitable<void> fetch(range& r) {
        if (r.next >= r.end) co_return;
        if (changed_) fail(errc::size_mismatch, 0, "the file changed; starting over");
        ++result_.attempts;
        lease conn = co_await ctx_.pool.acquire(url_);
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);
        auto req = request(r.next, r.end - 1);
        tcp.expires_after(ctx_.read_timeout);
        co_await http::async_write(conn->stream, req, asio::use_awaitable);
        body_parser parser;
        parser.body_limit(boost::none);
        tcp.expires_after(ctx_.read_timeout);
        co_await http::async_read_header(conn->stream, conn->buffer, parser, asio::use_awaitable);
        const unsigned status = parser.get().result_int();
        co_await check_status(status, parser.get().base());
        const auto cr = parse_content_range(parser.get()[http::field::content_range]);
        const std::string etag{parser.get()[http::field::etag]};
        if (status == 200 || (!etag.empty() && etag != etag_) || !cr || cr->total != total_) {
            // The whole file, or another version: never splice two versions.
            changed_ = true;
            throw error(make_error_code(errc::size_mismatch),
                        {.operation = "download", .http_status = status,
                         .client_message = "the file changed on the server; starting over", .attempts = 1});
        }
        if (cr->first != r.next || cr->last + 1 != r.end)
            fail(errc::invalid_response, status, "a 206 answer for another range than asked");

        std::vector<char> buffer(buffer_size_);
        body_reader body{conn.get(), parser};
        while (!body.done()) {
            boost::system::error_code ec;
            tcp.expires_after(ctx_.read_timeout);
            const std::size_t n = co_await body.read(buffer, ec);
            if (n > 0) {
                if (n > r.end - r.next) fail(errc::invalid_response, status, "more bytes than the range holds");
                part_->write_at(r.next, {buffer.data(), n});
                r.next += n;
                done_ += n;
                report(false);
            }
            if (ec) throw error(ec, {.operation = "download", .client_message = "a segment stopped after " +
                                                                               std::to_string(done_) + " bytes in all",
                                     .attempts = 1});
        }
        tcp.expires_never();
        if (parser.get().keep_alive()) conn.mark_reusable();
        if (r.next != r.end) fail(errc::size_mismatch, status, "a segment ended short");
    }

    void report(bool final) { progress_(job_.path.string(), final ? total_ : done_, total_, final); }

    transfer_context ctx_;
    download_job job_;
    https_url url_;
    std::optional<part_file> part_; // made once the file is known to be split
    std::size_t buffer_size_;
    std::string etag_;
    std::uint64_t total_ = 0;
    std::uint64_t done_ = 0;
    std::vector<range> ranges_;
    bool changed_ = false;
    bool refreshing_ = false;
    progress_reporter progress_{job_.options.on_progress, job_.options.progress_interval};
    download_result result_;
};

} // namespace

asio::awaitable<download_result> segmented_download(transfer_context ctx, download_job job) {
    segmented_downloader d{ctx, std::move(job)};
    co_return co_await d.run();
}

} // namespace numerapi::detail
