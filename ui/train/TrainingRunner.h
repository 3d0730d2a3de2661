// TrainingRunner: the Train panel's one adapter to core/train. start() takes the form's options
// and, on its own worker thread, plans the run (TrainRunPlan), reads the data folder
// (TrainingCorpus), builds the model (TrainRunSetup) and runs a TrainingSession in the run folder
// the CLI uses. TrainingSession's callbacks come on that worker thread (TrainingSession.h); here
// they become queued signals on the GUI thread, steps coalesced so that a fast run posts at most
// one pending step at a time. pause(), resume() and stop() may be called any time from the GUI
// thread; stop() saves `last` (as Ctrl-C does in the terminal). Destroying the runner stops the
// run and waits for it.
//
// Samples timeline: every samplesEvery() validations the worker copies the weights (the only time
// the trainer waits) and hands the copy to a generate::TimelineSampler, whose thread writes a short
// piece into RUN/samples (generate/TimelineSample.h); sampleWritten() then comes on the GUI thread.
// The run's end waits for the samples in flight.
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>

#include "tasks/TaskThread.h"
#include "train/TrainRunPlan.h"

namespace mozart::train {
class TrainingSession;
struct ModelDescription;
}
namespace mozart::generate {
class TimelineSampler;
}

namespace mozart::ui {

class TrainingRunner : public QObject {
    Q_OBJECT
public:
    explicit TrainingRunner(QObject* parent = nullptr);
    ~TrainingRunner() override;

    void start(const train::TrainRunOptions& options);
    // Times a few steps of the run `options` describes (same data, shape and batch) in a scratch
    // folder, then estimated() instead of finished(): seconds per step, the whole run, memory.
    void estimate(const train::TrainRunOptions& options);
    void pause();
    void resume();
    void stop();  // saves `last`, then finished()
    // Stops and waits for the worker (closing the window).
    void stopAndWait();

    // A timeline sample every `validations` validations (0: none). Takes effect at the next start().
    void setSamplesEvery(int validations) { samplesEvery_ = validations; }
    int samplesEvery() const { return samplesEvery_; }

    bool isRunning() const { return thread_.isRunning(); }
    // Steps taken by every run of this runner so far; the panel polls it on its redraw timer
    // (any thread; the worker adds one per step).
    qint64 stepsTaken() const { return stepsTaken_.load(std::memory_order_relaxed); }
    bool isPaused() const { return paused_; }
    QString runFolder() const { return folder_; }

Q_SIGNALS:
    void phase(const QString& text);  // "reading the data", "training 1234 parameters ..."
    void message(const QString& text);
    void pausedChanged(bool paused);
    // The run ended: `text` is the summary or the error (failed).
    void finished(const QString& text, bool failed);
    // The estimate: one line for the user, or why it failed.
    void estimated(const QString& text, bool failed);
    // A timeline sample of the run at `step` is written (its MIDI file).
    void sampleWritten(qint64 step, const QString& midiFile);

private:
    void work(train::TrainRunOptions options);
    void workEstimate(train::TrainRunOptions options);
    void post(std::function<void()> f);
    std::unique_ptr<generate::TimelineSampler> makeSampler(const std::string& runFolder,
                                                           const train::ModelDescription& description, int every);

    TaskThread thread_;
    QString folder_;
    std::mutex mutex_;
    std::shared_ptr<train::TrainingSession> session_;  // while it exists (guarded by mutex_)
    std::atomic<bool> cancel_{false};
    std::atomic<qint64> stepsTaken_{0};
    QString resultText_;  // what finished() says, set by the worker before it ends
    bool resultFailed_ = false;
    bool estimating_ = false;
    bool paused_ = false;
    int samplesEvery_ = 2;  // read by the worker when a run starts
    std::unique_ptr<generate::TimelineSampler> sampler_;  // the worker's, during a run
};

}  // namespace mozart::ui
