// Progress bars on a terminal: one line per file plus a total, with rate and ETA, redrawn
// in place (ANSI cursor movement). Nothing is drawn when stderr is not a terminal or with
// --quiet; then each finished file gets one plain log line instead.
#pragma once

#include <numerapi/transfer.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

namespace numerapi::cli {

class progress_bars {
public:
    /// `draw`: a terminal is attached and bars are wanted.
    progress_bars(std::FILE* out, bool draw) : out_(out), draw_(draw), start_(std::chrono::steady_clock::now()) {}

    /// Called by the transfers (on the client's executor).
    void update(const transfer_progress& p);
    /// The final redraw (every bar at its end).
    void finish();

private:
    struct file_state {
        std::uint64_t done = 0;
        std::optional<std::uint64_t> total;
        bool logged = false;
    };
    void redraw();
    std::string bar_line(const std::string& name, std::uint64_t done, std::optional<std::uint64_t> total) const;

    std::FILE* out_;
    bool draw_;
    std::chrono::steady_clock::time_point start_;
    std::map<std::string, file_state> files_;
    std::size_t lines_drawn_ = 0;
};

} // namespace numerapi::cli
