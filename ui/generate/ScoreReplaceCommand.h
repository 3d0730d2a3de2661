// ScoreReplaceCommand: one undo step that swaps the whole piece (a continuation, a regeneration
// from a bar, generated tracks added), so Undo restores the piece exactly as it was.
#pragma once

#include <QUndoCommand>

#include "midi/Score.h"

namespace mozart::ui {

class PieceDocument;

class ScoreReplaceCommand : public QUndoCommand {
public:
    ScoreReplaceCommand(PieceDocument* document, const QString& text, midi::Score before, midi::Score after);
    void undo() override;
    void redo() override;

private:
    PieceDocument* document_;
    midi::Score before_, after_;
};

}  // namespace mozart::ui
