// TrackList: one row per track of the open piece (colour, instrument, note count) with Show, Mute
// and Solo switches; selecting a row makes that track the edited one.
#pragma once

#include <QPointer>
#include <QWidget>

#include "document/PieceDocument.h"

class QTableWidget;

namespace mozart::ui {

class TrackList : public QWidget {
    Q_OBJECT
public:
    explicit TrackList(QWidget* parent = nullptr);
    void setDocument(PieceDocument* document);
    QTableWidget* table() const { return table_; }

    enum Column { ColorColumn, NameColumn, NotesColumn, ShowColumn, MuteColumn, SoloColumn, ColumnCount };

private:
    void rebuild();
    void refreshStates();
    void refreshCounts();

    QPointer<PieceDocument> doc_;
    QTableWidget* table_;
    bool updating_ = false;
};

}  // namespace mozart::ui
