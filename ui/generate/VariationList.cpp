#include "generate/VariationList.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

#include "generate/HistoryScanner.h"

namespace mozart::ui {

VariationList::VariationList(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("variationList"));
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);  // Ctrl/Shift-click: several to keep as tracks
    list_->setIconSize(QSize(HistoryScanner::kThumbnailWidth, HistoryScanner::kThumbnailHeight));
    list_->setMaximumHeight(3 * (HistoryScanner::kThumbnailHeight + 10) + 6);
    layout->addWidget(list_);
    auto* buttons = new QHBoxLayout;
    keep_ = new QPushButton(tr("Keep This Variation"), this);
    keep_->setObjectName(QStringLiteral("keepVariation"));
    tracks_ = new QPushButton(tr("Keep Selected as Tracks"), this);
    tracks_->setObjectName(QStringLiteral("keepVariationsAsTracks"));
    buttons->addWidget(keep_);
    buttons->addWidget(tracks_);
    layout->addLayout(buttons);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) Q_EMIT auditionRequested(row);
    });
    connect(list_, &QListWidget::itemSelectionChanged, this, &VariationList::updateTracksButton);
    connect(keep_, &QPushButton::clicked, this, [this] {
        if (list_->currentRow() >= 0) Q_EMIT keepRequested(list_->currentRow());
    });
    connect(tracks_, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty()) Q_EMIT keepAsTracksRequested(rows);
    });
    setKeepEnabled(false, false, QString());
}

void VariationList::clear() {
    const QSignalBlocker block(list_);
    list_->clear();
    updateTracksButton();
}

void VariationList::setVariations(const QStringList& texts, const QList<QImage>& thumbnails) {
    const QSignalBlocker block(list_);
    list_->clear();
    for (int i = 0; i < texts.size(); ++i) {
        auto* item = new QListWidgetItem(texts[i], list_);
        if (i < thumbnails.size() && !thumbnails[i].isNull()) item->setIcon(QIcon(QPixmap::fromImage(thumbnails[i])));
    }
    updateTracksButton();
}

void VariationList::setCurrentRowSilently(int row) {
    const QSignalBlocker block(list_);
    list_->setCurrentRow(row);
    updateTracksButton();
}

QList<int> VariationList::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex& index : list_->selectionModel()->selectedRows()) rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void VariationList::setKeepEnabled(bool keepOne, bool tracks, const QString& whyNot) {
    keep_->setEnabled(keepOne);
    tracksAllowed_ = tracks;
    whyNot_ = whyNot;
    updateTracksButton();
}

void VariationList::updateTracksButton() {
    tracks_->setEnabled(tracksAllowed_ && !selectedRows().isEmpty());
    tracks_->setToolTip(tracksAllowed_ ? tr("Add every selected variation to the piece as its own tracks (Ctrl-click to select several)")
                                       : whyNot_);
}

}  // namespace mozart::ui
