#include "generate/GenerationRunner.h"

#include <QMetaObject>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <new>

#include "generate/GenerationJob.h"
#include "generate/HistoryScanner.h"
#include "generate/PieceAssembly.h"
#include "generate/PianoRollThumbnail.h"
#include "tasks/TaskThread.h"

namespace mozart::ui {

GenerationRunner::GenerationRunner(QObject* parent) : QObject(parent), thread_(new TaskThread(this)) {
    connect(thread_, &TaskThread::finished, this, [this] {
        drain();
        outcome_ = std::move(workerOutcome_);
        workerOutcome_ = {};
        Q_EMIT finished();
    });
}

GenerationRunner::~GenerationRunner() {
    stop();
    thread_->wait();
}

bool GenerationRunner::isRunning() const { return thread_->isRunning(); }

bool GenerationRunner::start(Job job) {
    if (isRunning()) return false;
    stopRequested_ = false;
    tokens_ = 0;
    notes_.assign(std::size_t(std::max(1, job.settings.variations)), {});
    prepared_.reset();
    outcome_ = {};
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_.clear();
        preparedPending_.reset();
    }
    thread_->start([this, job = std::move(job)]() mutable { work(std::move(job)); });
    return true;
}

void GenerationRunner::stop() {
    stopRequested_ = true;
    if (auto* g = generator_.load()) g->cancel();
}

void GenerationRunner::work(Job job) {
    GenerationOutcome out;
    const auto started = std::chrono::steady_clock::now();
    try {
        std::string error;
        const std::string file = job.modelFile.toStdString();
        if (!model_ || model_->file != std::filesystem::absolute(file).string()) {
            model_.reset();
            model_ = generate::loadModel(file, &error);
        }
        if (!model_) throw std::runtime_error(error);
        if (!job.expectedCheckpoint.empty() && model_->checkpointId != job.expectedCheckpoint)
            throw std::runtime_error(file + " is not the model of this recipe (checkpoint " +
                                     model_->checkpointId.substr(0, 12) + ", recipe wants " +
                                     job.expectedCheckpoint.substr(0, 12) + ")");
        auto prepared = generate::prepareGeneration(*model_, job.settings, &error);
        if (!prepared) throw std::runtime_error(error);
        auto shared = std::make_shared<const generate::PreparedGeneration>(std::move(*prepared));
        workerTicksPerQuarter_ = model_->ticksPerQuarter();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            preparedPending_ = shared;
        }
        generate::configureForRun(*model_, shared->settings);
        generate::Generator generator(*model_->net, *model_->tokenizer);
        // Worker thread: only buffer and post; the GUI thread drains at its own pace.
        generator.setNoteCallback([this, only = job.onlyVariation](const generate::GeneratedNote& n) {
            if (only >= 0 && n.variation != only) return;
            std::lock_guard<std::mutex> lock(mutex_);
            pending_.push_back(n);
            if (!drainPosted_) {
                drainPosted_ = true;
                QMetaObject::invokeMethod(this, [this] { drain(); }, Qt::QueuedConnection);
            }
        });
        generator.setTokenCallback([this](int, std::int32_t) { tokens_.fetch_add(1, std::memory_order_relaxed); });
        generator_.store(&generator);
        if (stopRequested_) generator.cancel();
        const generate::GenerationResult result = generator.run(shared->request);
        generator_.store(nullptr);
        if (!result.error.empty()) throw std::runtime_error(result.error);
        out.cancelled = result.cancelled;
        out.tokens = result.newTokens;
        for (int v = 0; v < int(result.sequences.size()); ++v) {
            if (job.onlyVariation >= 0 && v != job.onlyVariation) continue;
            const generate::Recipe recipe = generate::recipeOf(*model_, shared->settings, v);
            out.pieces.push_back(generate::pieceOf(*model_, *shared, result.sequences[std::size_t(v)], recipe));
            out.recipes.push_back(recipe);
            out.thumbnails << pianoRollThumbnail(out.pieces.back(), QSize(HistoryScanner::kThumbnailWidth, HistoryScanner::kThumbnailHeight),
                                                 job.thumbnailRatio);
        }
    } catch (const std::bad_alloc&) {
        generator_.store(nullptr);
        out.error = QStringLiteral("not enough memory to generate with this model");
    } catch (const std::exception& e) {
        generator_.store(nullptr);
        out.error = QString::fromStdString(e.what());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    workerOutcome_ = std::move(out);
}

void GenerationRunner::drain() {
    std::vector<generate::GeneratedNote> fresh;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        fresh.swap(pending_);
        drainPosted_ = false;
        if (preparedPending_) {
            prepared_ = std::move(preparedPending_);
            ticksPerQuarter_ = workerTicksPerQuarter_;
        }
    }
    if (fresh.empty()) return;
    for (const auto& n : fresh) {
        const std::size_t v = std::size_t(std::max(0, n.variation));
        if (v >= notes_.size()) notes_.resize(v + 1);
        notes_[v].push_back(n);
    }
    Q_EMIT notesArrived();
}

namespace {

// A new piece from streamed notes: one track per instrument, in the tokenizer's ticks.
midi::Score scoreFromNotes(const std::vector<generate::GeneratedNote>& notes, int tpq,
                           const generate::PreparedGeneration& p) {
    midi::Score score;
    score.ticksPerQuarter = tpq;
    const auto& s = p.settings.prompt;
    if (s.tempo > 0) score.tempos.push_back({0, std::int32_t(60'000'000.0 / s.tempo)});
    if (s.timeSigNumerator > 0) score.timeSignatures.push_back({0, s.timeSigNumerator, s.timeSigDenominator});
    std::map<int, std::size_t> trackOf;
    for (const auto& n : notes) {
        auto it = trackOf.find(n.program);
        if (it == trackOf.end()) {
            midi::Track t;
            t.program = std::max(0, n.program);
            t.isDrum = n.program < 0;
            t.channel = t.isDrum ? 9 : 0;
            it = trackOf.emplace(n.program, score.tracks.size()).first;
            score.tracks.push_back(std::move(t));
        }
        score.tracks[it->second].notes.push_back(n.note);
    }
    return score;
}

}  // namespace

midi::Score GenerationRunner::liveScore(int variation) const {
    if (!prepared_ || variation < 0 || variation >= int(notes_.size())) return {};
    const auto& notes = notes_[std::size_t(variation)];
    if (prepared_->promptScore)
        return generate::assembleOntoPrompt(*prepared_->promptScore, prepared_->prompt, notes, ticksPerQuarter_);
    return scoreFromNotes(notes, ticksPerQuarter_, *prepared_);
}

int GenerationRunner::liveNotes() const {
    int n = 0;
    for (const auto& v : notes_) n = std::max(n, int(v.size()));
    return n;
}

int GenerationRunner::liveBars() const {
    if (!prepared_) return 0;
    const auto& s = prepared_->settings.prompt;
    const int num = s.timeSigNumerator > 0 ? s.timeSigNumerator : 4, den = s.timeSigDenominator > 0 ? s.timeSigDenominator : 4;
    const double barTicks = double(ticksPerQuarter_) * 4.0 * num / den;
    double last = -1;
    // Bars generated, counted from where the prompt ends (the note times of a continuation start there).
    const double offset = prepared_->promptScore ? double(prepared_->prompt.tokenTickOffset) : 0.0;
    double first = -1;
    for (const auto& v : notes_)
        for (const auto& n : v) {
            last = std::max(last, double(n.note.start));
            first = first < 0 ? double(n.note.start) : std::min(first, double(n.note.start));
        }
    if (last < 0) return 0;
    const double from = prepared_->promptScore ? std::floor((first - offset) / barTicks) * barTicks + offset : 0.0;
    return int((last - from) / barTicks) + 1;
}

}  // namespace mozart::ui
