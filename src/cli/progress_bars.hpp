// Progress bars on a terminal: one line per file plus a total, with bytes done of the
// total, rate and ETA, redrawn in place (ANSI cursor movement). Every line fits the
// terminal's width, read before each redraw (TIOCGWINSZ), so a resize shows at the next
// one: the bar narrows, then the rate and ETA go, and long names are shortened in the
// middle. A file is named by its dataset name (its path under the destination
// directory); its rate counts the bytes of this run only (not those resumed from an
// earlier one), and a finished file keeps the average rate of its own transfer. Without a
// capable terminal (not a terminal, TERM=dumb, or --json) each finished file gets one
// plain log line instead; with --quiet nothing is written at all.
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
    /// Whether `fd` is a terminal that understands cursor movement (not TERM=dumb).
    static bool capable_terminal(int fd);
    /// Called by the transfers (on the client's executor).
    void update(const transfer_progress& p);
    /// The final redraw (every bar at its end).
    void finish();

private:
    using time_point = std::chrono::steady_clock::time_point;
    struct file_state {
        std::string name; ///< as shown
        std::uint64_t done = 0;
        std::uint64_t resumed = 0; ///< bytes it had when first reported: not this run's
        bool unchanged = false;    ///< already current: nothing fetched
        std::optional<std::uint64_t> total;
        time_point started;                 ///< its first report
        std::optional<time_point> finished; ///< when it reached its total: its rate stops there
        bool logged = false;
    };
    void redraw();
    std::string shown_name(const std::string& path) const;
    std::string bar_line(const std::string& name, std::uint64_t done, std::uint64_t fetched,
                         std::optional<std::uint64_t> total, time_point since, time_point until, bool unchanged) const;
    /// Columns to draw in: the terminal's width, or 80 when it cannot be read.
    std::size_t columns() const;

    std::FILE* out_;
    bool draw_;
    bool log_;
    time_point start_;
    std::filesystem::path root_;
    std::string one_name_;
    std::map<std::string, file_state> files_; ///< by destination path
    std::size_t lines_drawn_ = 0;
    std::size_t drawn_width_ = 0; ///< the width the drawn lines were made for
};

} // namespace numerapi::cli
