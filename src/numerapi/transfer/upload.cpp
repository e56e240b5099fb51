#include "numerapi/transfer/upload.hpp"

#include "numerapi/http/url.hpp"
#include "numerapi/retry/backoff.hpp"
#include "numerapi/transfer/checksums.hpp"
#include "numerapi/transfer/transfer_report.hpp"

#include <numerapi/error.hpp>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <cstdio>
#include <sys/stat.h>
#include <system_error>
#include <memory>
#include <vector>

namespace numerapi::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

struct file_closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

/// The text of an S3-style XML error's <Message>, or the start of any other body.
std::string server_text(const std::string& body) {
    const auto open = body.find("<Message>");
    const auto close = body.find("</Message>");
    if (open != std::string::npos && close != std::string::npos && close > open)
        return body.substr(open + 9, close - open - 9);
    return body.substr(0, 200);
}

class uploader {
public:
    uploader(transfer_context ctx, upload_job job)
        : ctx_(ctx), job_(std::move(job)), url_(parse_https_url(job_.url)),
          buffer_(std::max<std::size_t>(job_.options.buffer_size, 4096)) {}

    asio::awaitable<upload_result> run() {
        co_await retry_run(ctx_.retrying, ctx_.retry, url_.origin(), [this] { return attempt(); });
        co_return result_;
    }

private:
    asio::awaitable<void> attempt() {
        ++result_.attempts;
        lease conn = co_await ctx_.pool.acquire(url_);
        auto& tcp = boost::beast::get_lowest_layer(conn->stream);

        http::request<http::empty_body> req{job_.method, url_.target, 11};
        req.set(http::field::host, url_.host_header());
        req.set(http::field::user_agent, ctx_.user_agent);
        if (!job_.body.content_type.empty()) req.set(http::field::content_type, job_.body.content_type);
        for (const auto& [name, value] : job_.options.headers) req.set(name, value);
        req.content_length(job_.body.size());
        req.keep_alive(true);

        boost::system::error_code write_ec;
        tcp.expires_after(ctx_.read_timeout);
        http::request_serializer<http::empty_body> serializer{req};
        co_await http::async_write_header(conn->stream, serializer, asio::redirect_error(asio::use_awaitable, write_ec));
        sent_ = 0;
        identities_.clear();
        report(false);
        for (const auto& piece : job_.body.pieces) {
            if (write_ec) break;
            if (piece.file.empty()) {
                tcp.expires_after(ctx_.read_timeout);
                co_await asio::async_write(conn->stream, asio::buffer(piece.text),
                                           asio::redirect_error(asio::use_awaitable, write_ec));
                continue;
            }
            std::unique_ptr<std::FILE, file_closer> f{std::fopen(piece.file.c_str(), "rb")};
            if (f) identities_.push_back(identity_of(piece.file));
            if (!f || std::fseek(f.get(), static_cast<long>(piece.offset), SEEK_SET) != 0)
                fail_transfer("upload", errc::io_error, 0, "cannot read " + piece.file.string());
            std::uint64_t left = piece.length;
            while (left > 0 && !write_ec) {
                const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer_.size()));
                const std::size_t got = std::fread(buffer_.data(), 1, want, f.get());
                if (got != want)
                    fail_transfer("upload", errc::io_error, 0, piece.file.string() + " became shorter while it was sent");
                tcp.expires_after(ctx_.read_timeout);
                co_await asio::async_write(conn->stream, asio::buffer(buffer_.data(), got),
                                           asio::redirect_error(asio::use_awaitable, write_ec));
                left -= got;
                sent_ += got;
                report(false);
            }
        }

        // Read the answer even after a failed write: a server may refuse early and close.
        http::response_parser<http::string_body> parser;
        parser.body_limit(1u << 20);
        boost::system::error_code read_ec;
        tcp.expires_after(write_ec ? std::chrono::milliseconds{2000} : ctx_.read_timeout);
        co_await http::async_read(conn->stream, conn->buffer, parser, asio::redirect_error(asio::use_awaitable, read_ec));
        if (read_ec) {
            const auto ec = write_ec ? write_ec : read_ec;
            throw error(ec, {.operation = "upload", .client_message = "after " + std::to_string(sent_) + " of " +
                                                                         std::to_string(job_.body.file_bytes()) + " bytes",
                             .attempts = 1});
        }
        tcp.expires_never();
        auto& res = parser.get();
        const unsigned status = res.result_int();
        const std::string body = res.body();
        if (!write_ec && res.keep_alive()) conn.mark_reusable();

        if (status == 403 && body.find("Request has expired") != std::string::npos && job_.refresh_url) {
            job_.url = co_await job_.refresh_url();
            url_ = parse_https_url(job_.url);
            fail_transfer("upload", errc::url_expired, status, "the presigned upload URL expired; fetched a fresh one",
                          std::nullopt, {server_text(body)});
        }
        if (status < 200 || status >= 300)
            fail_transfer("upload", errc::http_status, status, "the upload was refused with " + std::to_string(status),
                          parse_retry_after(res[http::field::retry_after], std::chrono::system_clock::now()),
                          {server_text(body)});
        if (write_ec) // a 2xx before the whole body was sent cannot be trusted
            throw error(write_ec, {.operation = "upload", .http_status = 0, .attempts = 1});

        result_.http_status = status;
        result_.etag = std::string(res[http::field::etag]);
        result_.size = job_.body.file_bytes();
        // The server's MD5 of what it stored, when its ETag is one, is checked against the
        // file read again: hashing while sending would cost a core as much as TLS does, for
        // servers that have nothing to compare with. A file changed since it was sent fails.
        if (const auto stored = md5_from_etag(result_.etag)) {
            result_.md5_hex = md5_of_sent_files();
            if (*stored != result_.md5_hex)
                fail_transfer("upload", errc::checksum_mismatch, status,
                              "the server stored MD5 " + *stored + ", we sent " + result_.md5_hex);
        }
        report(true);
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

    std::string md5_of_sent_files() {
        md5_digest md5;
        for (const auto& piece : job_.body.pieces) {
            if (piece.file.empty()) continue;
            try {
                md5.update_from_file(piece.file, piece.offset, piece.length);
            } catch (const std::system_error& e) {
                fail_transfer("upload", errc::io_error, 0, std::string("cannot check what was sent: ") + e.what());
            }
        }
        for (const auto& sent : identities_)
            if (identity_of(sent.path) != sent)
                fail_transfer("upload", errc::io_error, 0, sent.path.string() + " changed while it was sent");
        return md5.hex();
    }

    void report(bool final) { progress_(job_.label, sent_, job_.body.file_bytes(), final); }

    transfer_context ctx_;
    upload_job job_;
    https_url url_;
    std::vector<char> buffer_;
    std::uint64_t sent_ = 0;
    std::vector<file_identity> identities_; // of the files as this attempt began to send them
    progress_reporter progress_{job_.options.on_progress, job_.options.progress_interval};
    upload_result result_;
};

} // namespace

asio::awaitable<upload_result> upload(transfer_context ctx, upload_job job) {
    uploader u{ctx, std::move(job)};
    co_return co_await u.run();
}

} // namespace numerapi::detail
