// TrainPanel: the training dashboard. Left, the TrainForm with Start, Pause, Resume and Stop (also
// in trainingMenu()); right, live plots of the runs shown (training loss raw and smoothed,
// validation loss and perplexity, accuracy, learning rate, gradient norm, tokens/s), a status line,
// the checkpoints of the run and a table of the runs compared.
//
// Every plot is fed from the run folders' metrics.jsonl (RunData), never from the trainer's
// callbacks, so the studio's own run, `mozart train` in a terminal and a folder of finished runs
// are shown the same way. Files are watched (QFileSystemWatcher) with a poll every 500 ms as the
// fallback; plots redraw at most 5 times a second, only when data arrived (zoom and axis changes at
// once). Training itself runs on the TrainingRunner's worker thread in the same run folder layout
// as the CLI.
#pragma once

#include <QColor>
#include <QFileSystemWatcher>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

#include "train/RunData.h"

QT_BEGIN_NAMESPACE
class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QPushButton;
class QSlider;
QT_END_NAMESPACE

namespace mozart::ui {

class CheckpointList;
class MetricsChart;
class RunsTable;
class SamplesTimeline;
class TrainForm;
class TrainingRunner;

class TrainPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainPanel(QWidget* parent = nullptr);
    ~TrainPanel() override;

    TrainForm* form() const { return form_; }
    TrainingRunner* runner() const { return runner_; }
    QMenu* trainingMenu() const { return menu_; }

    // What Start does with a run folder that holds a run (default: ask).
    enum class ExistingRun { Resume, StartAfresh, Cancel };
    void setExistingRunChoice(std::function<ExistingRun(const QString& folder)> choose);

    // The form's data folder follows the dataset browser's.
    void setDatasetFolder(const QString& folder);

    // Shows one run folder (following it as it grows), or every run folder inside `folder` (or
    // `folder` itself when it is a run); false, changing nothing, when it holds no run.
    void followRun(const QString& folder);
    bool openRunsFolder(const QString& folder);
    int runCount() const { return int(runs_.size()); }
    // Steps the panel's trainings have taken so far (all of them; an atomic read, no file).
    qint64 stepsTaken() const;
    const RunData* run(int i) const { return runs_[std::size_t(i)].get(); }
    MetricsChart* chart(Metric m) const { return charts_[std::size_t(m)]; }
    QString statusText() const;
    // The offer shown when the last run started here was stopped ("" when none).
    QString resumeOffer() const;
    QStringList checkpointRows() const;
    QStringList sampleRows() const;  // the samples timeline of the first run
    void setXAxis(XAxis axis);
    void setLogY(bool on);
    void setSmoothing(double weight);

    bool exportCsv(const QString& path, QString* error) const;
    bool exportSvg(const QString& path, QString* error) const;
    bool exportPng(const QString& path, QString* error) const;

    // Closing the window: asks while a run trains; stops it (saving `last`) if the user agrees.
    bool maybeStopForClose();

public Q_SLOTS:
    void start();
    void estimate();  // times a few steps of the form's run (estimated() on the runner)
    void pause();
    void resume();
    void stop();
    // Polls every run now and redraws (the timers do this on their own).
    void pollNow();

Q_SIGNALS:
    void runFinished(const QString& text, bool failed);
    // A checkpoint chosen in the list, to open in the Generate panel (its model.safetensors).
    void checkpointOpened(const QString& modelFile);
    // "Generate a sample" from a checkpoint (the main window has the Generate panel make it).
    void sampleRequested(const QString& modelFile);
    // A piece of the samples timeline, to open in the piano roll and play.
    void samplePieceOpened(const QString& midiFile);

protected:
    // Once shown, a hidden panel (its dock closed) keeps reading the runs but draws nothing until
    // it is shown again: a closed dashboard costs the training nothing.
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildControls();
    QWidget* buildPlots();
    void connectRunner();
    void startTimers();
    void resumeOffered();
    void buildActions();
    void setRuns(std::vector<QString> folders);
    void redraw();      // now, or when shown again (hidden after being shown)
    void redrawNow();
    void shareXRange();
    void updateStatus();
    void updateCheckpoints();
    void updateButtons();
    void watch();
    void exportDialog(const QString& kind);
    void offerToResume();  // a run this studio started and that was stopped: one click resumes it

    TrainForm* form_;
    TrainingRunner* runner_;
    std::vector<std::unique_ptr<RunData>> runs_;
    std::vector<QColor> colours_;
    std::vector<MetricsChart*> charts_;
    RunsTable* table_;
    CheckpointList* checkpoints_;
    SamplesTimeline* samples_;
    QLabel* status_;
    QLabel* phase_;
    QLabel* readout_;
    QWidget* resumeBar_;
    QLabel* resumeText_;
    QComboBox* xAxis_;
    QCheckBox* logY_;
    QSlider* smoothing_;
    QWidget* plots_;
    QPushButton *startButton_, *pauseButton_, *resumeButton_, *stopButton_, *estimateButton_;
    QAction *startAction_, *pauseAction_, *resumeAction_, *stopAction_, *estimateAction_;
    QMenu* menu_;
    QTimer redrawTimer_, pollTimer_, recheck_;
    QFileSystemWatcher watcher_;
    bool dirty_ = false;
    qint64 seenSteps_ = 0;  // runner_->stepsTaken() at the last look
    bool closed_ = false;  // hidden after having been shown
    bool stale_ = false;   // data arrived while closed
    std::function<ExistingRun(const QString&)> choose_;
};

}  // namespace mozart::ui
