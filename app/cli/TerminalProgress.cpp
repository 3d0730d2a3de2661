#include "cli/TerminalProgress.h"

#include <cstdio>
#include <unistd.h>

namespace mozart::cli {

TerminalProgress::TerminalProgress(std::string label, std::size_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      lastDraw_(start_ - std::chrono::seconds(1)) {}

TerminalProgress::~TerminalProgress() { finish(); }

void TerminalProgress::advance(const std::string& item) {
    ++done_;
    if (enabled_) draw(item, false);
}

void TerminalProgress::message(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (enabled_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "%s\n", text.c_str());
    lastDraw_ = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}

void TerminalProgress::draw(const std::string& item, bool force) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - lastDraw_ < std::chrono::milliseconds(100)) return;
    lastDraw_ = now;
    const std::size_t done = done_.load();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const int percent = total_ ? int(100.0 * double(done) / double(total_)) : 100;
    std::string shown = item.size() > 50 ? "…" + item.substr(item.size() - 49) : item;
    std::fprintf(stderr, "\r\033[K%s [%zu/%zu] %3d%% %.1fs %s", label_.c_str(), done, total_,
                 percent, seconds, shown.c_str());
    std::fflush(stderr);
}

void TerminalProgress::finish() {
    if (finished_) return;
    finished_ = true;
    if (enabled_) {
        draw("", true);
        std::fputs("\n", stderr);
    }
}

}  // namespace mozart::cli
