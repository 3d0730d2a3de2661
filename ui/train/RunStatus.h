// RunStatus: the dashboard's words about a run: its status line (step / total, elapsed, ETA or time
// left, tokens/s, best validation loss and its step, state, and while this process trains its CPU
// and memory), and the list of its checkpoints still on disk (step, validation loss, time, size),
// from which a checkpoint opens in the Generate panel (the main window connects opened()).
#pragma once

#include <QCoreApplication>
#include <QTreeWidget>

#include "train/RunData.h"

namespace mozart::ui {

class RunStatus {
    Q_DECLARE_TR_FUNCTIONS(mozart::ui::RunStatus)
public:
    static QString text(const RunData& run, bool withProcessUse);
    static QString clock(double seconds);  // m:ss or h:mm:ss
};

class CheckpointList : public QTreeWidget {
    Q_OBJECT
public:
    explicit CheckpointList(QWidget* parent = nullptr);
    // Newest first; checkpoints removed since (--keep) are left out. Reads sizes of a few files.
    void setRun(const RunData& run);
    QStringList rows() const;  // the checkpoint names shown

Q_SIGNALS:
    // A double click or "Open in the Generate panel": the checkpoint's model.safetensors.
    void opened(const QString& modelFile);
    // "Generate a sample": a short piece from that checkpoint, training going on meanwhile.
    void sampleRequested(const QString& modelFile);
};

}  // namespace mozart::ui
