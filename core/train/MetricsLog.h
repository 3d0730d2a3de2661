// MetricsLog: the run folder's metrics.jsonl, one JSON object per event appended as a line and
// flushed at once (a killed run loses at most the line being written). On resume, lines of
// steps after the checkpoint being resumed are dropped first, so the file tells one history.
// Used from one thread at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace mozart::train {

class MetricsLog {
public:
    MetricsLog() = default;
    ~MetricsLog();
    MetricsLog(const MetricsLog&) = delete;
    MetricsLog& operator=(const MetricsLog&) = delete;

    // Opens `path` for appending (creating it). With keepUpToStep >= 0, first rewrites the
    // file (atomically) without the lines whose "step" is greater, and without a torn last line.
    bool open(const std::string& path, std::int64_t keepUpToStep, std::string* error);
    void append(const nlohmann::json& event);
    void close();

private:
    std::FILE* file_ = nullptr;
};

}  // namespace mozart::train
