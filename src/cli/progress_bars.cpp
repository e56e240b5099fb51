#include "cli/progress_bars.hpp"

#include "common/printable.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <sys/ioctl.h>
#include <unistd.h>

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

namespace {
/// `text` in at most `width` bytes: cut in the middle ("v5.2/...ain.parquet"), where a
/// path's least telling part is, never inside a UTF-8 character.
std::string shortened(const std::string& text, std::size_t width) {
    if (text.size() <= width) return text;
    const auto continuation = [&text](std::size_t i) {
        return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    };
    if (width <= 3) {
        std::size_t from = text.size() - width;
        while (continuation(from)) ++from;
        return text.substr(from);
    }
    std::size_t head = (width - 3) / 2, from = text.size() - (width - 3 - head);
    while (head > 0 && continuation(head)) --head;
    while (continuation(from)) ++from;
    return text.substr(0, head) + "..." + text.substr(from);
}
} // namespace

bool progress_bars::capable_terminal(int fd) {
    const char* term = std::getenv("TERM");
    return ::isatty(fd) && term && *term && std::string_view(term) != "dumb";
}

std::size_t progress_bars::columns() const {
    winsize ws{};
    if (::ioctl(::fileno(out_), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

std::string progress_bars::bar_line(const std::string& name, std::uint64_t done, std::uint64_t fetched,
                                    std::optional<std::uint64_t> total, time_point since, time_point until,
                                    bool unchanged) const {
    const double elapsed = std::max(1e-3, std::chrono::duration<double>(until - since).count());
    const double rate = static_cast<double>(fetched) / elapsed;
    int percent = 0;
    std::string eta = "--:--";
    std::string amount = human_bytes(static_cast<double>(done));
    if (total && *total > 0) {
        percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(*total));
        if (rate > 0) eta = eta_text(static_cast<double>(*total - std::min(done, *total)) / rate);
        amount = done_of_total(done, *total);
    }
    char percent_text[8], amount_text[32], tail[64];
    std::snprintf(percent_text, sizeof percent_text, "%3d%%", percent);
    std::snprintf(amount_text, sizeof amount_text, "%15s", amount.c_str());
    if (unchanged) std::snprintf(tail, sizeof tail, "%21s", "up to date");
    else std::snprintf(tail, sizeof tail, "%9s/s ETA %s", human_bytes(rate).c_str(), eta.c_str());

    // The last column is left empty: some terminals wrap on writing it. Narrower
    // terminals lose the bar's width first, then the rate and ETA, then the bar. (The
    // fields are as wide as their text: 1023.9/1024.0 KiB, 5999:59 left.)
    const std::size_t width = columns() - 1;
    const std::size_t stats = std::strlen(percent_text) + 1 + std::strlen(amount_text);
    const std::size_t with_tail = stats + 1 + std::strlen(tail), bar_frame = 4; // " [" "] "
    std::size_t name_width, bar_width = 0;
    bool show_tail = true;
    if (width >= with_tail + bar_frame + 12 + 10) {
        const std::size_t spare = width - with_tail - bar_frame;
        bar_width = std::clamp<std::size_t>(spare > 32 ? spare - 32 : 0, 10, 30);
        name_width = std::min<std::size_t>(spare - bar_width, 40);
    } else if (width >= stats + bar_frame + 12 + 10) {
        show_tail = false;
        bar_width = 10;
        name_width = std::min<std::size_t>(width - stats - bar_frame - bar_width, 40);
    } else {
        show_tail = false;
        name_width = width > stats + 1 + 4 ? width - stats - 1 : 4;
    }
    std::string line = shortened(name, name_width);
    line.resize(name_width, ' ');
    if (bar_width > 0) {
        std::string bar(bar_width, ' ');
        if (total && *total > 0) {
            const auto filled =
                static_cast<std::size_t>(static_cast<double>(bar_width) * static_cast<double>(std::min(done, *total)) /
                                         static_cast<double>(*total));
            std::fill_n(bar.begin(), std::min(filled, bar_width), '#');
        }
        line += " [" + bar + "] ";
    } else {
        line += ' ';
    }
    line += percent_text;
    line += ' ';
    line += amount_text;
    if (show_tail) line += ' ' + std::string(tail);
    if (line.size() > width) line.resize(width);
    return line;
}

void progress_bars::update(const transfer_progress& p) {
    const auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = files_.try_emplace(p.file);
    auto& f = it->second;
    if (fresh) {
        f.name = shown_name(p.file);
        f.started = now;
        f.resumed = p.bytes_done; // already on disk when this run began
    }
    f.done = p.bytes_done;
    f.total = p.bytes_total;
    f.unchanged = p.unchanged;
    if (f.total && f.done >= *f.total && !f.finished) f.finished = now;
    if (draw_) {
        redraw();
    } else if (log_ && f.total && f.done == *f.total && !f.logged) {
        f.logged = true;
        if (f.unchanged) {
            std::fprintf(out_, "up to date: %s (%s)\n", f.name.c_str(),
                         human_bytes(static_cast<double>(f.done)).c_str());
        } else {
            const double seconds = std::max(1e-3, std::chrono::duration<double>(now - f.started).count());
            std::fprintf(out_, "done: %s (%s, %s/s)\n", f.name.c_str(),
                         human_bytes(static_cast<double>(f.done)).c_str(),
                         human_bytes(static_cast<double>(f.done - std::min(f.resumed, f.done)) / seconds).c_str());
        }
    }
}

void progress_bars::redraw() {
    const std::size_t width = columns();
    // Back to the first bar, unless the terminal narrowed: it may have rewrapped what was
    // drawn, so the block is drawn afresh below it.
    if (lines_drawn_ > 0 && width >= drawn_width_) std::fprintf(out_, "\033[%zuA", lines_drawn_);
    const auto now = std::chrono::steady_clock::now();
    std::uint64_t done = 0, fetched = 0, total = 0;
    bool totals_known = true;
    for (const auto& [path, f] : files_) {
        const std::uint64_t this_run = f.done - std::min(f.resumed, f.done);
        std::fprintf(
            out_, "\r\033[K%s\n",
            bar_line(f.name, f.done, this_run, f.total, f.started, f.finished.value_or(now), f.unchanged).c_str());
        done += f.done;
        fetched += this_run;
        if (f.total) total += *f.total;
        else totals_known = false;
    }
    const bool all_unchanged =
        std::all_of(files_.begin(), files_.end(), [](const auto& entry) { return entry.second.unchanged; });
    std::fprintf(out_, "\r\033[K%s\n",
                 bar_line("total", done, fetched, totals_known ? std::optional<std::uint64_t>(total) : std::nullopt,
                          start_, now, all_unchanged)
                     .c_str());
    lines_drawn_ = files_.size() + 1;
    drawn_width_ = width;
    std::fflush(out_);
}

void progress_bars::finish() {
    if (draw_ && !files_.empty()) redraw();
}

} // namespace numerapi::cli
