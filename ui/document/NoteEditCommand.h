// NoteEditCommand: one undo step of a note edit, stored as the notes of the touched tracks before
// and after, plus the selection before and after. Every edit in the studio is one of these, so one
// user gesture (a drag, a transpose, a paste) is exactly one undo step.
#pragma once

#include <QUndoCommand>
#include <map>
#include <vector>

#include "document/NoteRef.h"
#include "midi/Score.h"

namespace mozart::ui {

class PieceDocument;

using TrackNotes = std::map<int, std::vector<midi::Note>>;

class NoteEditCommand : public QUndoCommand {
public:
    NoteEditCommand(PieceDocument* document, const QString& text, TrackNotes before, TrackNotes after,
                    NoteRefs selectionBefore, NoteRefs selectionAfter);

    void undo() override;
    void redo() override;

private:
    PieceDocument* document_;
    TrackNotes before_, after_;
    NoteRefs selectionBefore_, selectionAfter_;
};

}  // namespace mozart::ui
