#include "export/ExportTask.h"

#include <algorithm>
#include <filesystem>

#include "export/ScoreRange.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"

namespace mozart::ui {

namespace fs = std::filesystem;

double ExportTask::progress() const {
    if (params_.jobs.empty()) return 1.0;
    return std::min(1.0, (double(completed_) + fileProgress_) / double(params_.jobs.size()));
}

int ExportTask::failures() const {
    int n = 0;
    for (const auto& o : outcomes_) n += o.error.empty() ? 0 : 1;
    return n;
}

void ExportTask::run() {
    const std::size_t count = params_.jobs.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (cancelled_) break;
        ExportOutcome outcome;
        outcome.outputPath = params_.jobs[i].outputPath;
        outcome.error = exportOne(params_.jobs[i]);
        outcomes_.push_back(outcome);
        fileProgress_ = 0.0;
        completed_ = i + 1;
    }
}

std::string ExportTask::exportOne(const ExportJob& job) {
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
    fileProgress_ = 0.0;
    const QString error = params_.backend->render(score, params_.audio, temp.string(), cancelled_, fileProgress_);
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
