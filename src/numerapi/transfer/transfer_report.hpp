// What every transfer (one-stream and segmented downloads, uploads) reports: failures as
// numerapi::error with the answer's status, our explanation and the server's words, and
// progress at a bounded rate.
#pragma once

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

/// Throws the error of a failed transfer; `answer_body`, the file host's error body, if any.
[[noreturn]] inline void fail_transfer(const char* operation, errc code, unsigned status, std::string message,
                                       std::optional<std::chrono::seconds> retry_after = std::nullopt,
                                       std::string_view answer_body = {}) {
    std::vector<std::string> server_messages;
    if (!answer_body.empty()) server_messages.push_back(file_host_message(answer_body));
    throw error(make_error_code(code),
                {.operation = operation,
                 .http_status = status,
                 .server_messages = std::move(server_messages),
                 .client_message = std::move(message),
                 .attempts = 1,
                 .retry_after = retry_after});
}

/// Throws the error of a failed download (fail_transfer's "download").
[[noreturn]] inline void fail_download(errc code, unsigned status, std::string message,
                                       std::optional<std::chrono::seconds> retry_after = std::nullopt,
                                       std::string_view answer_body = {}) {
    fail_transfer("download", code, status, std::move(message), retry_after, answer_body);
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
