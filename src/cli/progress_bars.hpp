// Progress bars on a terminal: one line per file plus a total, with bytes done of the
// total, rate and ETA, redrawn in place (ANSI cursor movement). A file is named by its
// dataset name (its path under the destination directory), and a finished file keeps the
// average rate of its own transfer. When stderr is not a terminal (or with --json) each
// finished file gets one plain log line instead; with --quiet nothing is written at all.
#pragma once

#include <numerapi/transfer.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <map>
#include <string>

namespace numerapi::cli {

class progress_bars {
public:
    /// How progress is shown.
    enum class mode {
        bars,   ///< a terminal: bars redrawn in place
        lines,  ///< no terminal: one line per finished file
        silent, ///< --quiet: nothing
    };
    progress_bars(std::FILE* out, mode m)
        : out_(out), draw_(m == mode::bars), log_(m == mode::lines), start_(std::chrono::steady_clock::now()) {}

    /// Files under `root` are named by their path below it (v5.2/train.parquet); others by
    /// their file name.
    void name_relative_to(std::filesystem::path root) { root_ = std::move(root); }
    /// A command that fetches one file names it (download-dataset: its dataset name).
    void name_the_one_file(std::string name) { one_name_ = std::move(name); }
    /// Called by the transfers (on the client's executor).
    void update(const transfer_progress& p);
    /// The final redraw (every bar at its end).
    void finish();

private:
    using time_point = std::chrono::steady_clock::time_point;
    struct file_state {
        std::string name; ///< as shown
        std::uint64_t done = 0;
        std::optional<std::uint64_t> total;
        time_point started;                 ///< its first report
        std::optional<time_point> finished; ///< when it reached its total: its rate stops there
        bool logged = false;
    };
    void redraw();
    std::string shown_name(const std::string& path) const;
    std::string bar_line(const std::string& name, std::uint64_t done, std::optional<std::uint64_t> total,
                         time_point since, time_point until) const;

    std::FILE* out_;
    bool draw_;
    bool log_;
    time_point start_;
    std::filesystem::path root_;
    std::string one_name_;
    std::map<std::string, file_state> files_; ///< by destination path
    std::size_t lines_drawn_ = 0;
};

} // namespace numerapi::cli
