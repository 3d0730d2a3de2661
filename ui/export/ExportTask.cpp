#include "export/ExportTask.h"

#include <algorithm>
#include <exception>
#include <new>
#include <filesystem>
#include <thread>

#include "export/ScoreRange.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"

namespace mozart::ui {

namespace fs = std::filesystem;

double ExportTask::progress() const {
    if (params_.jobs.empty()) return 1.0;
    double running = 0.0;
    for (const auto& p : fileProgress_) running += p.load();
    return std::min(1.0, (double(completed_) + running) / double(params_.jobs.size()));
}

int ExportTask::failures() const {
    int n = 0;
    for (const auto& o : outcomes_) n += o.error.empty() ? 0 : 1;
    return n;
}

void ExportTask::run() {
    const std::size_t count = params_.jobs.size();
    outcomes_.assign(count, ExportOutcome{});
    // Audio renders one piece per core (each render has its own synthesizer); MIDI is I/O bound.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = params_.kind == ExportParams::Kind::Audio
                                    ? std::min({count, std::size_t(cores), fileProgress_.size()})
                                    : std::size_t(1);
    std::atomic<std::size_t> next{0};
    auto work = [&](std::size_t worker) {
        for (std::size_t i = next++; i < count && !cancelled_; i = next++) {
            outcomes_[i].outputPath = params_.jobs[i].outputPath;
            // Worker threads: an exception (out of memory, a renderer's) is this file's error,
            // never std::terminate.
            try {
                outcomes_[i].error = exportOne(params_.jobs[i], fileProgress_[worker]);
            } catch (const std::exception& e) {
                outcomes_[i].error = params_.jobs[i].outputPath + ": " +
                                     (dynamic_cast<const std::bad_alloc*>(&e) ? std::string("out of memory") : e.what());
            }
            outcomes_[i].done = true;
            ++completed_;
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
    work(0);
    for (auto& t : threads) t.join();
    // Jobs never started (cancelled) are not outcomes.
    outcomes_.erase(std::remove_if(outcomes_.begin(), outcomes_.end(), [](const ExportOutcome& o) { return !o.done; }),
                    outcomes_.end());
}

std::string ExportTask::exportOne(const ExportJob& job, std::atomic<double>& progress) {
    midi::Score score;
    if (job.score) {
        score = *job.score;
    } else {
        auto result = midi::SmfReader::readFile(job.sourcePath);
        if (!result.ok()) return result.error ? result.error->toString() : job.sourcePath + ": unreadable MIDI file";
        score = std::move(*result.score);
    }
    if (params_.range) score = cropScore(score, params_.range->first, params_.range->second);

    if (params_.kind == ExportParams::Kind::Midi) {
        // SmfWriter writes a temporary file and renames it into place.
        if (auto error = midi::SmfWriter::writeFile(score, job.outputPath)) return error->toString();
        return {};
    }
    if (!params_.backend) return job.outputPath + ": no audio renderer is built into this studio";
    const fs::path target(job.outputPath);
    fs::path temp = target;
    temp += ".part";
    progress = 0.0;
    const QString error = params_.backend->render(score, params_.audio, temp.string(), cancelled_, progress);
    progress = 0.0;
    std::error_code ec;
    if (!error.isEmpty() || cancelled_) {
        fs::remove(temp, ec);
        return error.isEmpty() ? job.outputPath + ": cancelled" : error.toStdString();
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        return job.outputPath + ": cannot move the finished file into place (" + ec.message() + ")";
    }
    return {};
}

}  // namespace mozart::ui
