// A transfer's presigned URL, and the one place where the three engines (download.cpp,
// segmented_download.cpp, upload.cpp) judge a file host's answer: an expired URL is renewed
// and the attempt ends with errc::url_expired, which the retry loop takes as transient and
// sends again, to the fresh URL; any other status the engine does not go on with ends it
// with the host's words and its Retry-After.
#pragma once

#include "numerapi/http/exchange.hpp"
#include "numerapi/http/retry_after.hpp"
#include "numerapi/http/url.hpp"
#include "numerapi/retry/failure_class.hpp"
#include "numerapi/transfer/transfer_report.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/field.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace numerapi::detail {

class presigned_url {
public:
    /// Fetches a fresh URL for the same object (a new upload authorization, a new dataset
    /// URL); empty when there is none to ask for (a bare URL, a form that names its key).
    using renewal = std::function<boost::asio::awaitable<outcome<std::string>>()>;

    /// The URL a transfer starts with, or why it cannot be (errc::invalid_argument).
    static outcome<presigned_url> make(std::string url, renewal renew) {
        outcome<https_url> parsed = parse_https_url(url);
        if (!parsed) return parsed.error();
        return presigned_url(std::move(url), std::move(*parsed), std::move(renew));
    }

    /// The URL as given or as last renewed.
    const std::string& text() const noexcept { return text_; }
    const https_url& parsed() const noexcept { return parsed_; }
    /// How many times it was renewed: taken with the URL a request is sent to, and handed to
    /// judge() with its answer.
    unsigned generation() const noexcept { return generation_; }

    /// Judges `answer`, to a request sent to the URL of generation `sent_to`, for
    /// `operation`: nothing when its status is one the engine goes on with (`accepted`), else
    /// the failure that ends the attempt. An expired URL that can be renewed is renewed,
    /// once for all the attempts that see it expire (a segmented download's ranges: one
    /// renews, and the answers to requests sent before the renewal renew nothing), and the
    /// failure is errc::url_expired (or the renewal's own); any other status is
    /// errc::http_status with `refusal` (built only then).
    template <class Accepted, class Refusal>
    boost::asio::awaitable<std::optional<failure>> judge(const exchange_result& answer, unsigned sent_to,
                                                         const char* operation, Accepted accepted, Refusal refusal) {
        const unsigned status = answer.status();
        if (presigned_url_expired(status, answer.text) && renew_) {
            if (!renewing_ && sent_to == generation_) {
                // A renewal that fails must not leave the flag set, or every later expiry
                // would wait for a renewal that never comes.
                renewing_ = true;
                struct lower {
                    bool& flag;
                    ~lower() { flag = false; }
                } guard{renewing_};
                outcome<std::string> fresh = co_await renew_();
                if (!fresh) co_return fresh.error();
                outcome<https_url> parsed = parse_https_url(*fresh);
                if (!parsed) {
                    failure refused = parsed.error();
                    refused.diag.operation = operation;
                    co_return refused;
                }
                parsed_ = std::move(*parsed);
                text_ = std::move(*fresh);
                ++generation_;
            }
            co_return transfer_failure(operation, errc::url_expired, status,
                                       "the presigned URL has expired; fetched a fresh one", std::nullopt, answer.text);
        }
        if (!accepted(status))
            co_return transfer_failure(operation, errc::http_status, status, refusal(status),
                                       parse_retry_after(answer.head[boost::beast::http::field::retry_after],
                                                         std::chrono::system_clock::now()),
                                       answer.text);
        co_return std::nullopt;
    }

private:
    presigned_url(std::string text, https_url parsed, renewal renew)
        : text_(std::move(text)), parsed_(std::move(parsed)), renew_(std::move(renew)) {}

    std::string text_;
    https_url parsed_;
    renewal renew_;
    unsigned generation_ = 0;
    bool renewing_ = false;
};

/// The statuses a download goes on with: the file (200) or the part asked for (206).
inline bool file_or_range(unsigned status) { return status == 200 || status == 206; }
/// A download's refusal.
inline std::string file_host_refusal(unsigned status) { return "the file host answered " + std::to_string(status); }

} // namespace numerapi::detail
