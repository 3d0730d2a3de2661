// PieceDocument: the piece open in the studio. Owns the Score, its file, its undo history, the note
// selection and the per-track view state (shown, muted, solo, colour). Every panel that shows or
// edits the piece observes this one object; edits go through QUndoCommands on undoStack().
// GUI thread only.
#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <map>
#include <vector>

#include "document/BarGrid.h"
#include "document/NoteRef.h"
#include "midi/Score.h"

namespace mozart::ui {

struct TrackState {
    bool visible = true;
    bool muted = false;
    bool solo = false;
};

class PieceDocument : public QObject {
    Q_OBJECT
public:
    explicit PieceDocument(QObject* parent = nullptr);

    // Replaces the piece: clears undo history, selection and track states.
    void load(midi::Score score, const QString& filePath);
    void clear();

    const midi::Score& score() const { return score_; }
    const BarGrid& barGrid() const { return grid_; }
    QString filePath() const { return filePath_; }
    void setFilePath(const QString& path);
    // The file name without folder, or "Untitled" when the piece has no file.
    QString title() const;
    bool isEmpty() const { return score_.tracks.empty(); }

    QUndoStack* undoStack() { return &undo_; }
    bool isModified() const { return !undo_.isClean(); }
    void markSaved() { undo_.setClean(); }

    int trackCount() const { return int(score_.tracks.size()); }
    const TrackState& trackState(int track) const { return states_.at(std::size_t(track)); }
    void setTrackVisible(int track, bool on);
    void setTrackMuted(int track, bool on);
    void setTrackSolo(int track, bool on);
    // Whether the track sounds, after mute and solo are applied.
    bool isTrackAudible(int track) const;
    std::vector<bool> audibleTracks() const;
    static QColor trackColor(int track);

    int currentTrack() const { return currentTrack_; }
    void setCurrentTrack(int track);

    const NoteRefs& selection() const { return selection_; }
    bool isSelected(int track, int index) const;
    bool hasSelection() const { return !selection_.empty(); }
    void setSelection(NoteRefs notes);
    // Every note of the shown tracks.
    void selectAll();
    // Every note of one track (the edited one for Ctrl+A).
    void selectTrack(int track);
    void clearSelection() { setSelection({}); }

    // Replaces the whole track list (add, delete a track, change an instrument) as one undo step
    // named `text`; track view states of tracks that keep their place are kept.
    void editTracks(std::vector<midi::Track> tracks, const QString& text);
    // What the undo step calls: sets the tracks without recording anything.
    void setTracks(std::vector<midi::Track> tracks);

    // Replaces the whole piece but keeps its file and undo history (generated music streaming in,
    // and the undo step of a generation). Views re-layout only when the tracks changed.
    void replaceScore(midi::Score score);

    // Replaces the notes of the given tracks at once (for edit commands and live drag previews).
    void replaceNotes(const std::map<int, std::vector<midi::Note>>& notesByTrack);

Q_SIGNALS:
    void scoreReset();                 // a different piece (or none) is loaded
    void notesChanged();               // notes of the current piece changed
    void selectionChanged();
    void trackStateChanged();          // shown / muted / solo
    void currentTrackChanged(int track);
    void filePathChanged();
    void modifiedChanged(bool modified);

private:
    void resetTrackState();

    midi::Score score_;
    BarGrid grid_;
    QString filePath_;
    QUndoStack undo_;
    std::vector<TrackState> states_;
    int currentTrack_ = 0;
    NoteRefs selection_;
    std::vector<std::vector<char>> selectedMask_;  // per track, per note: fast lookup while painting
};

}  // namespace mozart::ui
