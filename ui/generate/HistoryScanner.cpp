#include "generate/HistoryScanner.h"

#include <QMetaObject>

#include "eval/CopyCheck.h"
#include "eval/CopyIndex.h"
#include "eval/FolderCopyIndex.h"
#include "generate/PianoRollThumbnail.h"
#include "midi/SmfReader.h"
#include "tasks/TaskThread.h"

namespace mozart::ui {

namespace {
template <typename Job>
QString keyOf(const Job& job) {
    return QStringLiteral("%1\n%2,%3,%4,%5\n").arg(job.folder).arg(job.split.train).arg(job.split.validation).arg(job.split.test).arg(job.split.seed) +
           QString::fromStdString(job.tokenizerJson);
}
}  // namespace

HistoryScanner::HistoryScanner(QObject* parent) : QObject(parent), thread_(new TaskThread(this)) {
    connect(thread_, &TaskThread::finished, this, [this] {
        if (!thread_->failure().empty()) Q_EMIT indexStateChanged(QString::fromStdString(thread_->failure()), true);
        if (pending_) {
            Job next = std::move(*pending_);
            pending_.reset();
            start(std::move(next));
        } else {
            Q_EMIT scanFinished();
        }
    });
}

HistoryScanner::~HistoryScanner() {
    cancel_ = true;
    thread_->wait();
}

bool HistoryScanner::isRunning() const { return thread_->isRunning() || pending_.has_value(); }

void HistoryScanner::scan(const QStringList& thumbnails, const QStringList& copies, const QString& trainingFolder,
                          const data::SplitConfig& split, const std::string& tokenizerJson, qreal devicePixelRatio) {
    Job job{thumbnails, trainingFolder.isEmpty() ? QStringList() : copies, trainingFolder, split, tokenizerJson, devicePixelRatio};
    if (thread_->isRunning()) {
        // Same training data: let the scan going on finish (an index half built is not thrown
        // away), then do this one. Other data: stop it between two files and drop its late results.
        if (keyOf(job) != keyOf(running_)) {
            cancel_ = true;
            ++generation_;
        }
        pending_ = std::move(job);
        return;
    }
    start(std::move(job));
}

void HistoryScanner::start(Job job) {
    cancel_ = false;
    if (job.thumbnails.isEmpty() && job.copies.isEmpty()) {
        Q_EMIT scanFinished();
        return;
    }
    running_ = job;
    thread_->start([this, job = std::move(job)] { work(job); });
}

void HistoryScanner::post(std::function<void()> call) {
    const unsigned generation = generation_.load();
    QMetaObject::invokeMethod(
        this,
        [this, generation, call = std::move(call)] {
            if (generation == generation_.load()) call();
        },
        Qt::QueuedConnection);
}

std::shared_ptr<const eval::CopyIndex> HistoryScanner::indexFor(const Job& job, QString* error) {
    const QString key = keyOf(job);
    if (index_ && key == indexKey_) return index_;
    post([this, folder = job.folder] {
        Q_EMIT indexStateChanged(tr("Building the copy index of %1 (once; it is cached)…").arg(folder), false);
    });
    eval::FolderCopyIndexOptions options;
    options.split = job.split;
    options.threads = 1;  // the machine's other core keeps the studio and playback going
    options.cancel = &cancel_;
    eval::FolderCopyIndexResult opened = eval::openFolderCopyIndex(job.folder.toStdString(), job.tokenizerJson, options);
    if (!opened.index) {
        *error = QString::fromStdString(opened.error);
        return nullptr;
    }
    indexKey_ = key;
    index_ = opened.index;
    return index_;
}

void HistoryScanner::work(const Job& job) {
    for (const QString& path : job.thumbnails) {
        if (cancel_) return;
        const auto read = midi::SmfReader::readFile(path.toStdString());
        if (!read.ok()) continue;  // the list already says what it can; a broken file has no picture
        QImage image = pianoRollThumbnail(*read.score, QSize(kThumbnailWidth, kThumbnailHeight), job.ratio);
        post([this, path, image] { Q_EMIT thumbnailReady(path, image); });
    }
    if (job.copies.isEmpty() || cancel_) return;
    QString error;
    const auto index = indexFor(job, &error);
    if (!index) {
        if (cancel_) return;
        post([this, error] { Q_EMIT indexStateChanged(error, true); });
        for (const QString& path : job.copies) post([this, path, error] { Q_EMIT copyReady(path, -1, error, 0); });
        return;
    }
    post([this] { Q_EMIT indexStateChanged(QString(), false); });
    for (const QString& path : job.copies) {
        if (cancel_) return;
        const auto read = midi::SmfReader::readFile(path.toStdString());
        if (!read.ok()) {
            const QString why = QString::fromStdString(read.error ? read.error->toString() : path.toStdString());
            post([this, path, why] { Q_EMIT copyReady(path, -1, why, 0); });
            continue;
        }
        const eval::CopyFigure figure = eval::copyFigure(*read.score, *index);
        const QString detail = QString::fromStdString(figure.match.trainingPiece);
        post([this, path, figure, detail] { Q_EMIT copyReady(path, figure.match.notes, detail, figure.bar); });
    }
}

}  // namespace mozart::ui
