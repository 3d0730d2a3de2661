// ExportTask: writes MIDI or audio files for the current piece or a list of dataset pieces. Each
// output is written beside its target under a temporary name and renamed into place, so nothing
// half-written is ever left; the caller has already asked before overwriting. run() is called on a
// worker thread (audio renders spread over the cores, one piece per core); cancel() and progress()
// from any thread. No Qt widgets here.
#pragma once

#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "export/AudioExportBackend.h"
#include "midi/Score.h"

namespace mozart::ui {

struct ExportJob {
    std::string sourcePath;             // a MIDI file to read, or empty when `score` is given
    std::optional<midi::Score> score;   // the piece in memory (with unsaved edits)
    std::string outputPath;
};

struct ExportParams {
    enum class Kind { Midi, Audio };
    Kind kind = Kind::Midi;
    std::vector<ExportJob> jobs;
    // Only this tick range of each piece (loop range); whole pieces when empty.
    std::optional<std::pair<midi::Tick, midi::Tick>> range;
    AudioExportSettings audio;
    AudioExportBackend* backend = nullptr;  // required for Kind::Audio; outlives the task
};

struct ExportOutcome {
    std::string outputPath;
    std::string error;  // empty on success
    bool done = false;  // false for jobs a cancel kept from starting
};

class ExportTask {
public:
    explicit ExportTask(ExportParams params) : params_(std::move(params)) {}

    void run();
    void cancel() { cancelled_ = true; }
    bool isCancelled() const { return cancelled_; }
    double progress() const;
    // After run() returns.
    const std::vector<ExportOutcome>& outcomes() const { return outcomes_; }
    int failures() const;

private:
    std::string exportOne(const ExportJob& job, std::atomic<double>& progress);

    ExportParams params_;
    std::atomic<bool> cancelled_{false};
    std::atomic<std::size_t> completed_{0};
    std::array<std::atomic<double>, 8> fileProgress_{};  // per worker: the file it renders, 0..1
    std::vector<ExportOutcome> outcomes_;
};

}  // namespace mozart::ui
