#include "cli/progress_bars.hpp"

#include "common/printable.hpp"

#include <cstdio>

namespace numerapi::cli {
namespace {
std::string human_bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024 && u < 4) b /= 1024, ++u;
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    return buf;
}
std::string eta_text(double seconds) {
    if (seconds < 0 || seconds > 359999) return "--:--";
    char buf[16];
    const int s = static_cast<int>(seconds + 0.5);
    std::snprintf(buf, sizeof buf, "%02d:%02d", s / 60, s % 60);
    return buf;
}
} // namespace

std::string progress_bars::bar_line(const std::string& name, std::uint64_t done, std::optional<std::uint64_t> total) const {
    const double elapsed = std::max(1e-3, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    const double rate = static_cast<double>(done) / elapsed;
    constexpr int width = 24;
    std::string bar(width, ' ');
    int percent = 0;
    std::string eta = "--:--";
    if (total && *total > 0) {
        percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(*total));
        const int filled = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(*total));
        for (int i = 0; i < filled && i < width; ++i) bar[static_cast<std::size_t>(i)] = '#';
        if (rate > 0) eta = eta_text(static_cast<double>(*total - std::min(done, *total)) / rate);
    }
    const std::string safe = detail::printable(name);
    std::string shown = safe.size() > 32 ? "..." + safe.substr(safe.size() - 29) : safe;
    char line[256];
    std::snprintf(line, sizeof line, "%-32s [%s] %3d%% %10s %10s/s ETA %s", shown.c_str(), bar.c_str(), percent,
                  human_bytes(static_cast<double>(done)).c_str(), human_bytes(rate).c_str(), eta.c_str());
    return line;
}

void progress_bars::update(const transfer_progress& p) {
    auto& f = files_[p.file];
    f.done = p.bytes_done;
    f.total = p.bytes_total;
    if (draw_) {
        redraw();
    } else if (f.total && f.done == *f.total && !f.logged) {
        f.logged = true;
        std::fprintf(out_, "done: %s (%s)\n", detail::printable(p.file).c_str(),
                     human_bytes(static_cast<double>(f.done)).c_str());
    }
}

void progress_bars::redraw() {
    if (lines_drawn_ > 0) std::fprintf(out_, "\033[%zuA", lines_drawn_); // back to the first bar
    std::uint64_t done = 0, total = 0;
    bool totals_known = true;
    for (const auto& [name, f] : files_) {
        std::fprintf(out_, "\r\033[K%s\n", bar_line(name, f.done, f.total).c_str());
        done += f.done;
        if (f.total) total += *f.total;
        else totals_known = false;
    }
    std::fprintf(out_, "\r\033[K%s\n",
                 bar_line("total", done, totals_known ? std::optional<std::uint64_t>(total) : std::nullopt).c_str());
    lines_drawn_ = files_.size() + 1;
    std::fflush(out_);
}

void progress_bars::finish() {
    if (draw_ && !files_.empty()) redraw();
}

} // namespace numerapi::cli
