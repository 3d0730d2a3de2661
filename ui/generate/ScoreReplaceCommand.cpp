#include "generate/ScoreReplaceCommand.h"

#include "document/PieceDocument.h"

namespace mozart::ui {

ScoreReplaceCommand::ScoreReplaceCommand(PieceDocument* document, const QString& text, midi::Score before,
                                         midi::Score after)
    : QUndoCommand(text), document_(document), before_(std::move(before)), after_(std::move(after)) {}

void ScoreReplaceCommand::undo() { document_->replaceScore(before_); }
void ScoreReplaceCommand::redo() { document_->replaceScore(after_); }

}  // namespace mozart::ui
