#include "document/NoteEditCommand.h"

#include "document/PieceDocument.h"

namespace mozart::ui {

NoteEditCommand::NoteEditCommand(PieceDocument* document, const QString& text, TrackNotes before,
                                 TrackNotes after, NoteRefs selectionBefore, NoteRefs selectionAfter)
    : QUndoCommand(text),
      document_(document),
      before_(std::move(before)),
      after_(std::move(after)),
      selectionBefore_(std::move(selectionBefore)),
      selectionAfter_(std::move(selectionAfter)) {}

void NoteEditCommand::undo() {
    document_->replaceNotes(before_);
    document_->setSelection(selectionBefore_);
}

void NoteEditCommand::redo() {
    document_->replaceNotes(after_);
    document_->setSelection(selectionAfter_);
}

}  // namespace mozart::ui
