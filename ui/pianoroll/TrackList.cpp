#include "pianoroll/TrackList.h"

#include <QHeaderView>
#include <QMenu>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

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
    table_->setWordWrap(false);  // one line per track: long names are elided, whole in the tooltip
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
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const int row = table_->rowAt(pos.y());
        if (row >= 0) table_->selectRow(row);
        QMenu* menu = contextMenu(row);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(table_->viewport()->mapToGlobal(pos));
    });
}

QMenu* TrackList::contextMenu(int row) {
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("trackMenu"));
    if (doc_ && row >= 0 && row < doc_->trackCount()) {
        const auto& track = doc_->score().tracks[std::size_t(row)];
        // General MIDI's sixteen families of eight, so the list stays short.
        auto* instruments = menu->addMenu(tr("&Instrument"));
        for (int family = 0; family < 16; ++family) {
            auto* sub = instruments->addMenu(QString::fromStdString(midi::programName(family * 8)) + QStringLiteral(" …"));
            for (int program = family * 8; program < family * 8 + 8; ++program) {
                QAction* a = sub->addAction(QString::fromStdString(midi::programName(program)),
                                            this, [this, row, program] { setInstrument(row, program, false); });
                a->setCheckable(true);
                a->setChecked(!track.isDrum && track.program == program);
            }
        }
        QAction* drums = instruments->addAction(tr("Drums"), this, [this, row] { setInstrument(row, 0, true); });
        drums->setCheckable(true);
        drums->setChecked(track.isDrum);
        QAction* mute = menu->addAction(tr("&Mute"), this, [this, row](bool on) { doc_->setTrackMuted(row, on); });
        mute->setCheckable(true);
        mute->setChecked(doc_->trackState(row).muted);
        QAction* solo = menu->addAction(tr("&Solo"), this, [this, row](bool on) { doc_->setTrackSolo(row, on); });
        solo->setCheckable(true);
        solo->setChecked(doc_->trackState(row).solo);
        menu->addSeparator();
        QAction* del = menu->addAction(tr("&Delete Track"), this, [this, row] { deleteTrack(row); });
        del->setObjectName(QStringLiteral("deleteTrack"));
        del->setEnabled(doc_->trackCount() > 1);  // a piece keeps at least one track to draw in
    }
    QAction* add = menu->addAction(tr("&Add Track"), this, [this] { addTrack(); });
    add->setObjectName(QStringLiteral("addTrack"));
    add->setEnabled(doc_ && doc_->trackCount() > 0 && doc_->trackCount() < 64);  // File > New starts a piece
    return menu;
}

void TrackList::setInstrument(int track, int program, bool drum) {
    if (!doc_ || track < 0 || track >= doc_->trackCount()) return;
    auto tracks = doc_->score().tracks;
    auto& t = tracks[std::size_t(track)];
    if (t.isDrum == drum && t.program == program) return;
    t.isDrum = drum;
    t.program = program;
    if (drum) t.channel = 9;
    else if (t.channel == 9) t.channel = 0;
    doc_->editTracks(std::move(tracks), tr("Change instrument"));
}

void TrackList::deleteTrack(int track) {
    if (!doc_ || track < 0 || track >= doc_->trackCount() || doc_->trackCount() < 2) return;
    auto tracks = doc_->score().tracks;
    tracks.erase(tracks.begin() + track);
    doc_->editTracks(std::move(tracks), tr("Delete track"));
}

void TrackList::addTrack() {
    if (!doc_) return;
    auto tracks = doc_->score().tracks;
    midi::Track t;
    // A free melodic channel, so the new track does not share its instrument with another.
    std::vector<bool> used(16, false);
    for (const auto& other : tracks) used[std::size_t(std::clamp(other.channel, 0, 15))] = true;
    for (int c = 0; c < 16; ++c)
        if (c != 9 && !used[std::size_t(c)]) {
            t.channel = c;
            break;
        }
    t.name = tr("Track %1").arg(tracks.size() + 1).toStdString();
    tracks.push_back(std::move(t));
    const int added = int(tracks.size()) - 1;
    doc_->editTracks(std::move(tracks), tr("Add track"));
    doc_->setCurrentTrack(added);
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
        nameItem->setToolTip(name + QLatin1Char('\n') + tr("Channel %1, program %2").arg(track.channel + 1).arg(track.program));
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
