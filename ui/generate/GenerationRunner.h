// GenerationRunner: the one adapter between the Generate panel and core/generate. A run (load the
// model if it changed, prepare the prompt, sample, assemble the pieces as `mozart generate` does)
// happens on a worker thread (TaskThread). The Generator's callbacks come from that worker
// thread; they only append to a locked buffer and post one queued call, so notesArrived() and
// finished() are emitted on the GUI thread. stop() may be called at any time and cancels within a
// decode step; what was made is kept and assembled.
#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "generate/Generator.h"
#include "generate/Recipe.h"
#include "midi/Score.h"

namespace mozart::generate {
struct LoadedModel;
struct PreparedGeneration;
}

namespace mozart::ui {

class TaskThread;

struct GenerationOutcome {
    std::vector<midi::Score> pieces;        // one per variation (only the recipe's for an exact repeat)
    std::vector<generate::Recipe> recipes;  // same order
    QList<QImage> thumbnails;               // same order, painted on the worker (PianoRollThumbnail.h)
    bool cancelled = false;
    QString error;                          // empty on success
    std::int64_t tokens = 0;
    double seconds = 0.0;
};

class GenerationRunner : public QObject {
    Q_OBJECT
public:
    struct Job {
        QString modelFile;
        generate::GenerationSettings settings;
        int onlyVariation = -1;          // an exact repeat of a recipe: that variation only
        std::string expectedCheckpoint;  // a recipe's model digest; refused when the file differs
        qreal thumbnailRatio = 1.0;      // device pixel ratio of the thumbnails
    };

    explicit GenerationRunner(QObject* parent = nullptr);
    ~GenerationRunner() override;  // cancels and waits for the worker

    // False when a run is going on.
    bool start(Job job);
    void stop();
    bool isRunning() const;

    // GUI thread. The piece so far of one variation: the prompt file's notes kept, generated notes
    // added (empty until the worker has prepared the prompt).
    midi::Score liveScore(int variation) const;
    int liveNotes() const;
    int liveBars() const;               // bars begun by the furthest variation
    std::int64_t tokensSoFar() const { return tokens_.load(); }
    const GenerationOutcome& outcome() const { return outcome_; }

Q_SIGNALS:
    void notesArrived();
    void finished();

private:
    void work(Job job);  // worker thread
    void drain();        // GUI thread

    TaskThread* thread_;
    std::shared_ptr<generate::LoadedModel> model_;  // used by the worker during a run only
    std::atomic<generate::Generator*> generator_{nullptr};
    std::atomic<bool> stopRequested_{false};
    std::atomic<std::int64_t> tokens_{0};
    std::mutex mutex_;  // guards pending_, drainPosted_, prepared_ hand-over
    std::vector<generate::GeneratedNote> pending_;
    bool drainPosted_ = false;
    std::shared_ptr<const generate::PreparedGeneration> preparedPending_;
    // GUI-thread copies
    std::shared_ptr<const generate::PreparedGeneration> prepared_;
    int ticksPerQuarter_ = 8;
    std::vector<std::vector<generate::GeneratedNote>> notes_;  // per variation
    GenerationOutcome outcome_;
    GenerationOutcome workerOutcome_;
    int workerTicksPerQuarter_ = 8;
};

}  // namespace mozart::ui
