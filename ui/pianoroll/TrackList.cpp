#include "pianoroll/TrackList.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "midi/GeneralMidi.h"

namespace mozart::ui {

TrackList::TrackList(QWidget* parent) : QWidget(parent), table_(new QTableWidget(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    table_->setColumnCount(ColumnCount);
    table_->setHorizontalHeaderLabels({QString(), tr("Track"), tr("Notes"), tr("Show"), tr("M"), tr("S")});
    table_->horizontalHeaderItem(MuteColumn)->setToolTip(tr("Mute (M)"));
    table_->horizontalHeaderItem(SoloColumn)->setToolTip(tr("Solo (S)"));
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(NameColumn, QHeaderView::Stretch);

    connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (updating_ || !doc_) return;
        const bool on = item->checkState() == Qt::Checked;
        switch (item->column()) {
        case ShowColumn: doc_->setTrackVisible(item->row(), on); break;
        case MuteColumn: doc_->setTrackMuted(item->row(), on); break;
        case SoloColumn: doc_->setTrackSolo(item->row(), on); break;
        default: break;
        }
    });
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!updating_ && doc_ && row >= 0) doc_->setCurrentTrack(row);
    });
}

void TrackList::setDocument(PieceDocument* document) {
    if (doc_) disconnect(doc_, nullptr, this, nullptr);
    doc_ = document;
    if (doc_) {
        connect(doc_, &PieceDocument::scoreReset, this, &TrackList::rebuild);
        connect(doc_, &PieceDocument::trackStateChanged, this, &TrackList::refreshStates);
        connect(doc_, &PieceDocument::notesChanged, this, &TrackList::refreshCounts);
        connect(doc_, &PieceDocument::currentTrackChanged, this, [this](int t) {
            updating_ = true;
            table_->selectRow(t);
            updating_ = false;
        });
    }
    rebuild();
}

void TrackList::rebuild() {
    updating_ = true;
    table_->setRowCount(doc_ ? doc_->trackCount() : 0);
    for (int t = 0; doc_ && t < doc_->trackCount(); ++t) {
        const auto& track = doc_->score().tracks[std::size_t(t)];
        auto* color = new QTableWidgetItem;
        color->setBackground(PieceDocument::trackColor(t));
        table_->setItem(t, ColorColumn, color);
        QString name = QString::fromStdString(midi::programName(track.program, track.isDrum));
        if (!track.name.empty()) name = QString::fromStdString(track.name) + QStringLiteral(" · ") + name;
        auto* nameItem = new QTableWidgetItem(name);
        nameItem->setToolTip(tr("Channel %1, program %2").arg(track.channel + 1).arg(track.program));
        table_->setItem(t, NameColumn, nameItem);
        auto* notes = new QTableWidgetItem(QString::number(track.notes.size()));
        notes->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(t, NotesColumn, notes);
        for (int c : {ShowColumn, MuteColumn, SoloColumn}) {
            auto* item = new QTableWidgetItem;
            item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            table_->setItem(t, c, item);
        }
    }
    updating_ = false;
    refreshStates();
    if (doc_ && doc_->trackCount() > 0) {
        updating_ = true;
        table_->selectRow(doc_->currentTrack());
        updating_ = false;
    }
}

void TrackList::refreshStates() {
    if (!doc_) return;
    updating_ = true;
    for (int t = 0; t < doc_->trackCount() && t < table_->rowCount(); ++t) {
        const TrackState& s = doc_->trackState(t);
        table_->item(t, ShowColumn)->setCheckState(s.visible ? Qt::Checked : Qt::Unchecked);
        table_->item(t, MuteColumn)->setCheckState(s.muted ? Qt::Checked : Qt::Unchecked);
        table_->item(t, SoloColumn)->setCheckState(s.solo ? Qt::Checked : Qt::Unchecked);
        const bool audible = doc_->isTrackAudible(t);
        table_->item(t, NameColumn)->setForeground(audible ? palette().text() : palette().placeholderText());
    }
    updating_ = false;
}

void TrackList::refreshCounts() {
    if (!doc_) return;
    for (int t = 0; t < doc_->trackCount() && t < table_->rowCount(); ++t)
        table_->item(t, NotesColumn)->setText(QString::number(doc_->score().tracks[std::size_t(t)].notes.size()));
}

}  // namespace mozart::ui
