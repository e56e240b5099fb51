// What every transfer (one-stream and segmented downloads, uploads) reports: failures
// (outcome.hpp) with the answer's status, our explanation and the server's words, and
// progress at a bounded rate.
#pragma once

#include <numerapi/detail/outcome.hpp>
#include <numerapi/error.hpp>
#include <numerapi/transfer.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi::detail {

/// What a file host's error body says: the text of an S3-style XML error's <Message>, or
/// the start of any other body.
inline std::string file_host_message(std::string_view body) {
    const auto open = body.find("<Message>");
    const auto close = body.find("</Message>");
    if (open != std::string_view::npos && close != std::string_view::npos && close > open)
        return std::string(body.substr(open + 9, close - open - 9));
    return std::string(body.substr(0, 200));
}

/// The failure of a transfer; `answer_body`, the file host's error body, if any.
inline failure transfer_failure(const char* operation, errc code, unsigned status, std::string message,
                                std::optional<std::chrono::seconds> retry_after = std::nullopt,
                                std::string_view answer_body = {}) {
    diagnostics d;
    d.operation = operation;
    d.http_status = status;
    if (!answer_body.empty()) d.server_messages.push_back(file_host_message(answer_body));
    d.client_message = std::move(message);
    d.attempts = 1;
    d.retry_after = retry_after;
    return failure(make_error_code(code), std::move(d));
}

/// The failure of a download (transfer_failure's "download").
inline failure download_failure(errc code, unsigned status, std::string message) {
    return transfer_failure("download", code, status, std::move(message));
}

/// Calls a progress callback at most once per interval, and always for the final report.
class progress_reporter {
public:
    progress_reporter(const progress_callback& callback, std::chrono::milliseconds interval)
        : callback_(callback), interval_(interval) {}

    void operator()(const std::string& file, std::uint64_t done, std::optional<std::uint64_t> total, bool final,
                    bool unchanged = false) {
        if (!callback_) return;
        const auto now = std::chrono::steady_clock::now();
        if (!final && now - last_ < interval_) return;
        last_ = now;
        transfer_progress p;
        p.file = file;
        p.bytes_done = done;
        p.bytes_total = total;
        p.unchanged = unchanged;
        callback_(p);
    }

private:
    const progress_callback& callback_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point last_{};
};

} // namespace numerapi::detail
