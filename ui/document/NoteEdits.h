// NoteEdits: the note editing operations of the piano roll and the Edit menu. Each call computes
// the new notes and pushes ONE NoteEditCommand on the document's undo stack (nothing when the edit
// changes nothing). NoteGesture covers edits that preview live while the mouse moves.
#pragma once

#include <QString>
#include <functional>
#include <optional>
#include <set>

#include "document/NoteEditCommand.h"
#include "document/PieceDocument.h"

namespace mozart::ui::NoteEdits {

// Pitch shift of the selection, clamped to 0..127 per note.
void transpose(PieceDocument& doc, int semitones);
// Moves the selection in time (never before tick 0) and pitch.
void move(PieceDocument& doc, midi::Tick ticks, int semitones);
void deleteSelection(PieceDocument& doc);
// Copies the selection right after itself (shifted by its span rounded up to `grid`).
void duplicate(PieceDocument& doc, midi::Tick grid);
// Snaps starts (and ends) to `grid`; the whole piece when nothing is selected. Notes never vanish:
// a note that would collapse keeps one grid step.
void quantize(PieceDocument& doc, midi::Tick grid);
void addNote(PieceDocument& doc, int track, const midi::Note& note);
// Inserts notes (times relative to the first) at `at` on `track` and selects them.
void paste(PieceDocument& doc, int track, midi::Tick at, const std::vector<midi::Note>& notes);
// Adds `delta` to the velocity of every selected note (clamped 1..127).
void changeVelocity(PieceDocument& doc, int delta);

// The selected notes, times relative to the earliest; for the clipboard.
std::vector<midi::Note> copySelection(const PieceDocument& doc);
QByteArray toClipboard(const std::vector<midi::Note>& notes);
std::vector<midi::Note> fromClipboard(const QByteArray& data);
extern const char* const kClipboardMime;

}  // namespace mozart::ui::NoteEdits

namespace mozart::ui {

// A drag in progress: snapshot the tracks at the start, change the document freely while the
// pointer moves, then finish() pushes one undo step (or cancel() puts everything back).
class NoteGesture {
public:
    NoteGesture(PieceDocument& doc, std::set<int> tracks);
    const std::vector<midi::Note>& original(int track) const { return before_.at(track); }
    // Replaces the touched tracks' notes with `edit(originals)` as a live preview.
    void preview(const std::function<void(TrackNotes&)>& edit);
    void finish(const QString& text);
    void cancel();

private:
    PieceDocument& doc_;
    TrackNotes before_;
    NoteRefs selectionBefore_;
    bool done_ = false;
};

}  // namespace mozart::ui
