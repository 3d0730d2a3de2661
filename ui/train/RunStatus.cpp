#include "train/RunStatus.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>

#include <cmath>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace mozart::ui {

namespace {

qint64 folderBytes(const QString& folder) {
    qint64 total = 0;
    for (const QFileInfo& f : QDir(folder).entryInfoList(QDir::Files)) total += f.size();
    return total;
}

// CPU cores in use since the last call, and resident memory, of this process.
std::pair<double, double> processUse() {
    static double lastCpu = 0;
    static qint64 lastWall = 0;
    rusage use{};
    getrusage(RUSAGE_SELF, &use);
    const double cpu = double(use.ru_utime.tv_sec + use.ru_stime.tv_sec) + 1e-6 * double(use.ru_utime.tv_usec + use.ru_stime.tv_usec);
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    const double cores = lastWall > 0 && wall > lastWall ? (cpu - lastCpu) / (double(wall - lastWall) / 1000) : 0;
    lastCpu = cpu, lastWall = wall;
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return {cores, double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0)};
}

}  // namespace

QString RunStatus::clock(double seconds) {
    const qint64 s = qint64(std::max(0.0, seconds) + 0.5);
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString RunStatus::text(const RunData& r, bool withProcessUse) {
    QStringList parts;
    const std::int64_t total = r.maxSteps();
    parts << (total > 0 ? tr("step %1/%2").arg(r.step()).arg(total) : tr("step %1").arg(r.step()));
    parts << tr("elapsed %1").arg(clock(r.seconds()));
    const double minutes = r.maxMinutes();
    if (!r.finished() && r.step() > 0) {
        double eta = total > 0 ? double(total - r.step()) * r.seconds() / double(r.step()) : -1;
        if (minutes > 0) eta = eta < 0 ? minutes * 60 - r.seconds() : std::min(eta, minutes * 60 - r.seconds());
        if (eta >= 0) parts << tr("ETA %1").arg(clock(eta));
    }
    if (r.tokensPerSecond() > 0) parts << tr("%1 tokens/s").arg(QLocale().toString(r.tokensPerSecond(), 'f', 0));
    if (std::isfinite(r.bestValidationLoss()))
        parts << tr("best validation loss %1 at step %2").arg(r.bestValidationLoss(), 0, 'f', 4).arg(r.bestStep());
    if (!r.state().isEmpty()) parts << r.state();
    if (withProcessUse) {
        const auto [cores, mb] = processUse();
        parts << tr("CPU %1 cores · %2 MB").arg(cores, 0, 'f', 1).arg(mb, 0, 'f', 0);
    }
    return parts.join(QStringLiteral(" · "));
}

CheckpointList::CheckpointList(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("checkpoints"));
    setHeaderLabels({tr("Checkpoint"), tr("Step"), tr("Validation loss"), tr("Time"), tr("Size")});
    setRootIsDecorated(false);
    auto modelOf = [](QTreeWidgetItem* item) { return item->data(0, Qt::UserRole).toString() + QStringLiteral("/model.safetensors"); };
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this, modelOf](QTreeWidgetItem* item) { Q_EMIT opened(modelOf(item)); });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this, modelOf](const QPoint& at) {
        QTreeWidgetItem* item = itemAt(at);
        if (!item) return;
        QMenu menu(this);
        menu.addAction(tr("Open in the Generate panel"), this, [this, item, modelOf] { Q_EMIT opened(modelOf(item)); });
        menu.addAction(tr("Generate a sample"), this, [this, item, modelOf] { Q_EMIT sampleRequested(modelOf(item)); });
        menu.exec(viewport()->mapToGlobal(at));
    });
}

void CheckpointList::setRun(const RunData& r) {
    clear();
    for (auto it = r.checkpoints().rbegin(); it != r.checkpoints().rend(); ++it) {
        const QString path = r.folder() + QLatin1Char('/') + it->folder;
        if (!QFileInfo::exists(path)) continue;  // pruned (--keep)
        auto* item = new QTreeWidgetItem(this);
        item->setText(0, it->folder);
        item->setText(1, QString::number(it->step));
        item->setText(2, std::isfinite(it->validationLoss) ? QString::number(it->validationLoss, 'f', 4) : QString());
        item->setText(3, RunStatus::clock(it->seconds));
        item->setText(4, QLocale().formattedDataSize(folderBytes(path)));
        item->setData(0, Qt::UserRole, path);
    }
}

QStringList CheckpointList::rows() const {
    QStringList out;
    for (int i = 0; i < topLevelItemCount(); ++i) out << topLevelItem(i)->text(0);
    return out;
}

}  // namespace mozart::ui
