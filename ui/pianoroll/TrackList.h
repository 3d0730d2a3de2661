// TrackList: one row per track of the open piece (colour, instrument, note count) with Show, Mute
// and Solo switches; selecting a row makes that track the edited one. Right-click offers the
// instrument, mute, solo, deleting the track and adding one (each edit one undo step).
#pragma once

#include <QPointer>
#include <QWidget>

#include "document/PieceDocument.h"

class QMenu;
class QTableWidget;

namespace mozart::ui {

class TrackList : public QWidget {
    Q_OBJECT
public:
    explicit TrackList(QWidget* parent = nullptr);
    void setDocument(PieceDocument* document);
    QTableWidget* table() const { return table_; }

    // The right-click menu for a row (-1: below the rows: only "Add Track"); the caller shows it.
    QMenu* contextMenu(int row);

    enum Column { ColorColumn, NameColumn, NotesColumn, ShowColumn, MuteColumn, SoloColumn, ColumnCount };

private:
    void rebuild();
    void refreshStates();
    void refreshCounts();
    void setInstrument(int track, int program, bool drum);
    void deleteTrack(int track);
    void addTrack();

    QPointer<PieceDocument> doc_;
    QTableWidget* table_;
    bool updating_ = false;
};

}  // namespace mozart::ui
