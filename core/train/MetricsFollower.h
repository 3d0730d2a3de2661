// MetricsFollower: reads a run folder's metrics.jsonl as it grows, whoever writes it (the studio,
// `mozart train` in a terminal, another machine's run on a shared folder). Each poll() returns the
// events of the lines completed since the last one: a half-written last line waits until its
// newline arrives. A file that was replaced or shortened (a resumed run rewrites it without the
// steps after its checkpoint) is read again from the start, and the poll says so, so the reader
// drops what it had. Bounded: a line longer than kMaxLineBytes is skipped, a poll reads at most
// kMaxReadBytes (the rest on the next poll). No Qt; one thread at a time.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace mozart::train {

// One line of metrics.jsonl (MetricsLog; written by TrainingSession).
struct MetricsEvent {
    enum class Kind { Step, Validation, Checkpoint, Started, Resumed, Paused, Finished, Skipped, Other };
    Kind kind = Kind::Other;
    std::string name;  // the "event" field as written
    std::int64_t step = 0;
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    // "step": loss, learning rate, gradient norm, targets in the step, tokens/s, elapsed seconds
    // (pauses excluded); tokensSeen is the running sum of `tokens` over the file (the follower's).
    double loss = kNone, learningRate = kNone, gradNorm = kNone, tokensPerSecond = kNone, elapsed = kNone;
    std::int64_t tokens = 0, tokensSeen = 0;
    // "validation": loss (above), perplexity, token accuracy, best so far.
    double perplexity = kNone, accuracy = kNone;
    bool best = false;
    std::string folder;  // "checkpoint": best, last, checkpoints/step-N
    std::string reason;  // "finished", "skipped"
    // "started", "resumed": the run's length for this session (0 / NaN when the line has none).
    std::int64_t maxSteps = 0;
    double maxMinutes = kNone;
};

// Parses one line; false for a line that is not a JSON object with an "event".
bool parseMetricsLine(const std::string& line, MetricsEvent& event);

class MetricsFollower {
public:
    static constexpr std::size_t kMaxLineBytes = 1 << 20;
    static constexpr std::size_t kMaxReadBytes = 16 << 20;

    explicit MetricsFollower(std::string path) : path_(std::move(path)) {}

    struct Poll {
        std::vector<MetricsEvent> events;
        bool restarted = false;  // the file was replaced or shortened: drop earlier events first
        bool more = false;       // kMaxReadBytes reached: poll again
        std::string error;       // the file cannot be read (a missing file is not an error)
    };
    Poll poll();

    const std::string& path() const { return path_; }
    std::uint64_t offset() const { return offset_; }

private:
    std::string path_;
    std::uint64_t offset_ = 0;  // bytes consumed (complete lines and the pending partial line)
    std::uint64_t inode_ = 0;
    std::string partial_;       // a line still without its newline
    bool skipping_ = false;     // inside an over-long line
    std::int64_t tokensSeen_ = 0;
};

}  // namespace mozart::train
