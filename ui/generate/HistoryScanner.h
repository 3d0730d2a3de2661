// HistoryScanner: the slow parts of the generation history, off the GUI thread: each piece's
// thumbnail (read the MIDI file, paint it: PianoRollThumbnail.h) and its copy figure, the longest
// run of notes it shares with a piece of the model's training data (core/eval: the folder's copy
// index, built once and cached on disk, then copyCheck()).
//
// scan() may be called at any time from the GUI thread: the pieces given are done after the scan
// going on (which is cancelled only when the training data changed). thumbnailReady(), copyReady() and indexStateChanged() are emitted on
// the GUI thread (the worker posts queued calls). The index of a folder is kept between scans.
#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "data/DatasetSplit.h"

namespace mozart::eval {
class CopyIndex;
}

namespace mozart::ui {

class TaskThread;

class HistoryScanner : public QObject {
    Q_OBJECT
public:
    static constexpr int kThumbnailWidth = 96;
    static constexpr int kThumbnailHeight = 36;

    explicit HistoryScanner(QObject* parent = nullptr);
    ~HistoryScanner() override;  // cancels and waits for the worker

    // `thumbnails`: pieces to paint; `copies`: pieces to check against the training part
    // (`split`) of `trainingFolder` (empty: no check) with the model's tokenizer (MidiTok JSON).
    void scan(const QStringList& thumbnails, const QStringList& copies, const QString& trainingFolder,
              const data::SplitConfig& split, const std::string& tokenizerJson, qreal devicePixelRatio);
    bool isRunning() const;

Q_SIGNALS:
    void thumbnailReady(const QString& midiPath, const QImage& image);
    // notes: the longest shared run (0: none of 5 notes or more), -1 when the piece could not be
    // checked (`detail` says why); `detail` names the training piece otherwise, `bar` (1-based)
    // is where the run starts in the piece (eval::copyFigure, as `mozart generate --copy-check`).
    void copyReady(const QString& midiPath, int notes, const QString& detail, int bar);
    // "building the copy index of …", "" when the index is ready, or the error.
    void indexStateChanged(const QString& text, bool error);
    void scanFinished();

private:
    struct Job {
        QStringList thumbnails, copies;
        QString folder;
        data::SplitConfig split;
        std::string tokenizerJson;
        qreal ratio = 1.0;
    };
    void start(Job job);
    void work(const Job& job);  // worker thread
    std::shared_ptr<const eval::CopyIndex> indexFor(const Job& job, QString* error);  // worker thread
    void post(std::function<void()> call);  // worker thread -> GUI thread, dropped once superseded

    TaskThread* thread_;
    Job running_;                // GUI thread: the job on the worker
    std::optional<Job> pending_; // GUI thread: the next one
    std::atomic<bool> cancel_{false};
    std::atomic<unsigned> generation_{0};
    // Touched by the worker only (one worker at a time).
    QString indexKey_;
    std::shared_ptr<const eval::CopyIndex> index_;
};

}  // namespace mozart::ui
