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

/// "108.7/256.0 MiB": both in the unit of the total.
std::string done_of_total(std::uint64_t done, std::uint64_t total) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double scale = 1;
    int u = 0;
    while (static_cast<double>(total) / scale >= 1024 && u < 4) scale *= 1024, ++u;
    char buf[64];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f/%.0f %s" : "%.1f/%.1f %s", static_cast<double>(done) / scale,
                  static_cast<double>(total) / scale, units[u]);
    return buf;
}
} // namespace

std::string progress_bars::shown_name(const std::string& path) const {
    if (!one_name_.empty()) return detail::printable(one_name_);
    const std::filesystem::path p(path);
    if (!root_.empty()) {
        std::error_code ec;
        const auto relative =
            std::filesystem::relative(std::filesystem::absolute(p, ec), std::filesystem::absolute(root_, ec), ec);
        if (!ec && !relative.empty() && *relative.begin() != "..") return detail::printable(relative.generic_string());
    }
    return detail::printable(p.filename().string());
}

std::string progress_bars::bar_line(const std::string& name, std::uint64_t done, std::optional<std::uint64_t> total,
                                    time_point since, time_point until) const {
    const double elapsed = std::max(1e-3, std::chrono::duration<double>(until - since).count());
    const double rate = static_cast<double>(done) / elapsed;
    constexpr int width = 24;
    std::string bar(width, ' ');
    int percent = 0;
    std::string eta = "--:--";
    std::string amount = human_bytes(static_cast<double>(done));
    if (total && *total > 0) {
        percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(*total));
        const int filled = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(*total));
        for (int i = 0; i < filled && i < width; ++i) bar[static_cast<std::size_t>(i)] = '#';
        if (rate > 0) eta = eta_text(static_cast<double>(*total - std::min(done, *total)) / rate);
        amount = done_of_total(done, *total);
    }
    std::string shown = name.size() > 32 ? "..." + name.substr(name.size() - 29) : name;
    char line[256];
    std::snprintf(line, sizeof line, "%-32s [%s] %3d%% %19s %10s/s ETA %s", shown.c_str(), bar.c_str(), percent,
                  amount.c_str(), human_bytes(rate).c_str(), eta.c_str());
    return line;
}

void progress_bars::update(const transfer_progress& p) {
    const auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = files_.try_emplace(p.file);
    auto& f = it->second;
    if (fresh) {
        f.name = shown_name(p.file);
        f.started = now;
    }
    f.done = p.bytes_done;
    f.total = p.bytes_total;
    if (f.total && f.done >= *f.total && !f.finished) f.finished = now;
    if (draw_) {
        redraw();
    } else if (log_ && f.total && f.done == *f.total && !f.logged) {
        f.logged = true;
        std::fprintf(out_, "done: %s (%s)\n", f.name.c_str(), human_bytes(static_cast<double>(f.done)).c_str());
    }
}

void progress_bars::redraw() {
    if (lines_drawn_ > 0) std::fprintf(out_, "\033[%zuA", lines_drawn_); // back to the first bar
    const auto now = std::chrono::steady_clock::now();
    std::uint64_t done = 0, total = 0;
    bool totals_known = true;
    for (const auto& [path, f] : files_) {
        std::fprintf(out_, "\r\033[K%s\n",
                     bar_line(f.name, f.done, f.total, f.started, f.finished.value_or(now)).c_str());
        done += f.done;
        if (f.total) total += *f.total;
        else totals_known = false;
    }
    std::fprintf(out_, "\r\033[K%s\n",
                 bar_line("total", done, totals_known ? std::optional<std::uint64_t>(total) : std::nullopt, start_, now)
                     .c_str());
    lines_drawn_ = files_.size() + 1;
    std::fflush(out_);
}

void progress_bars::finish() {
    if (draw_ && !files_.empty()) redraw();
}

} // namespace numerapi::cli
