// SamplesTimeline: the Train panel's list of a run's timeline samples (RUN/samples/step-N, see
// generate/TimelineSample.h), one row per step: hear the model go from noise to music. Double-click
// or "Open and play" asks for the piece in the piano roll; "Open the model" for the weights of that
// step in the Generate panel. GUI thread only; setRun() lists a handful of folders.
#pragma once

#include <QDateTime>
#include <QTreeWidget>

namespace mozart::ui {

class SamplesTimeline : public QTreeWidget {
    Q_OBJECT
public:
    explicit SamplesTimeline(QWidget* parent = nullptr);

    // Lists the run's samples now ("" clears); refresh() lists them again only when the samples
    // folder changed since (a cheap check for the poll timer).
    void setRun(const QString& runFolder);
    void refresh();
    QString run() const { return run_; }
    QStringList rows() const;  // "step 250 · Mozart · seed 1 · 4 bars"

Q_SIGNALS:
    void pieceOpened(const QString& midiFile);
    void modelOpened(const QString& modelFile);

private:
    QString run_;
    QDateTime listed_;  // the samples folder's modification time when last listed
};

}  // namespace mozart::ui
