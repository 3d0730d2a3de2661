#include "train/SamplesTimeline.h"

#include <QFileInfo>
#include <QMenu>

#include "generate/TimelineSample.h"

namespace mozart::ui {

SamplesTimeline::SamplesTimeline(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("samplesTimeline"));
    setHeaderLabels({tr("Step"), tr("Composer"), tr("Seed"), tr("Bars"), tr("Piece")});
    setRootIsDecorated(false);
    auto fileOf = [](QTreeWidgetItem* item, int role) { return item->data(0, role).toString(); };
    connect(this, &QTreeWidget::itemDoubleClicked, this,
            [this, fileOf](QTreeWidgetItem* item) { Q_EMIT pieceOpened(fileOf(item, Qt::UserRole)); });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this, fileOf](const QPoint& at) {
        QTreeWidgetItem* item = itemAt(at);
        if (!item) return;
        QMenu menu(this);
        menu.addAction(tr("Open and play"), this, [this, item, fileOf] { Q_EMIT pieceOpened(fileOf(item, Qt::UserRole)); });
        menu.addAction(tr("Open this step's model in the Generate panel"), this,
                       [this, item, fileOf] { Q_EMIT modelOpened(fileOf(item, Qt::UserRole + 1)); });
        menu.exec(viewport()->mapToGlobal(at));
    });
}

void SamplesTimeline::setRun(const QString& runFolder) {
    run_ = runFolder;
    listed_ = QFileInfo(runFolder + QStringLiteral("/samples")).lastModified();
    clear();
    if (runFolder.isEmpty()) return;
    for (const auto& s : generate::listTimelineSamples(runFolder.toStdString())) {
        auto* item = new QTreeWidgetItem(this);
        item->setText(0, QString::number(s.step));
        item->setText(1, QString::fromStdString(s.composer));
        item->setText(2, QString::number(s.seed));
        item->setText(3, QString::number(s.bars));
        item->setText(4, QFileInfo(QString::fromStdString(s.midiFile)).fileName());
        item->setData(0, Qt::UserRole, QString::fromStdString(s.midiFile));
        item->setData(0, Qt::UserRole + 1, QString::fromStdString(s.modelFile));
    }
}

void SamplesTimeline::refresh() {
    if (run_.isEmpty()) return;
    // Each file of a sample is renamed into the samples folder, which changes the folder's time.
    const QDateTime now = QFileInfo(run_ + QStringLiteral("/samples")).lastModified();
    if (now != listed_) setRun(run_);
}

QStringList SamplesTimeline::rows() const {
    QStringList out;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = topLevelItem(i);
        out << tr("step %1 · %2 · seed %3 · %4 bars").arg(item->text(0), item->text(1), item->text(2), item->text(3));
    }
    return out;
}

}  // namespace mozart::ui
