// TerminalProgress: a one-line progress display on stderr, redrawn at most ~10 times a second and
// only when stderr is a terminal (so logs and CI output stay clean). Safe to call from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace mozart::cli {

class TerminalProgress {
public:
    TerminalProgress(std::string label, std::size_t total);
    ~TerminalProgress();

    // Called by worker threads after each item.
    void advance(const std::string& item);
    // Prints a message on its own line without garbling the progress line.
    void message(const std::string& text);
    void finish();

private:
    void draw(const std::string& item, bool force);

    std::string label_;
    std::size_t total_;
    std::atomic<std::size_t> done_{0};
    bool enabled_;
    bool finished_ = false;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastDraw_;
};

}  // namespace mozart::cli
