// PianoRollEditor: the piano roll as one widget: a small toolbar (snap grid, follow playhead, zoom),
// the time ruler, keyboard ruler, note canvas, velocity lane and scroll bars, all sharing one
// PianoRollViewport. Follow-playhead pages along with playback and is suspended the moment the
// user scrolls or zooms; resumeFollow() (called on play) brings it back.
#pragma once

#include <QWidget>
#include <optional>

#include "document/PieceDocument.h"
#include "pianoroll/PianoRollViewport.h"

class QComboBox;
class QScrollBar;
class QToolButton;

namespace mozart::ui {

class PianoRollCanvas;
class TimeRuler;
class KeyboardRuler;
class VelocityLane;

class PianoRollEditor : public QWidget {
    Q_OBJECT
public:
    explicit PianoRollEditor(QWidget* parent = nullptr);

    void setDocument(PieceDocument* document);
    PieceDocument* document() const { return doc_; }
    PianoRollViewport* viewport() const { return viewport_; }
    PianoRollCanvas* canvas() const { return canvas_; }
    TimeRuler* timeRuler() const { return ruler_; }
    KeyboardRuler* keyboard() const { return keyboard_; }
    VelocityLane* velocityLane() const { return lane_; }

    midi::Tick gridTicks() const;
    // Grid as a fraction of a whole note: 4 = quarter, 16 = sixteenth, 12 = eighth triplet.
    void setGridDivision(int division);
    int gridDivision() const;

    std::optional<std::pair<midi::Tick, midi::Tick>> loopRange() const { return loop_; }
    void setLoopRange(std::optional<std::pair<midi::Tick, midi::Tick>> range);
    // The bars spanned by the selection (or the bar under the playhead), as a loop range.
    std::pair<midi::Tick, midi::Tick> selectedBars() const;

    bool followPlayhead() const { return follow_; }
    bool followSuspended() const { return followSuspended_; }

public Q_SLOTS:
    void setPlayhead(midi::Tick tick);
    void setFollowPlayhead(bool on);
    void resumeFollow() { followSuspended_ = false; }
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void setVelocityLaneVisible(bool on);

Q_SIGNALS:
    void seekRequested(midi::Tick tick);
    void loopRangeChanged(std::optional<std::pair<midi::Tick, midi::Tick>> range);
    void auditionRequested(int track, int pitch, int velocity);
    void playPauseRequested();
    void hoverTextChanged(const QString& text);

private:
    void syncScrollBars();
    void onScoreReset();

    PieceDocument* doc_ = nullptr;
    PianoRollViewport* viewport_;
    PianoRollCanvas* canvas_;
    TimeRuler* ruler_;
    KeyboardRuler* keyboard_;
    VelocityLane* lane_;
    QScrollBar* hbar_;
    QScrollBar* vbar_;
    QComboBox* gridCombo_;
    QToolButton* followButton_;
    std::optional<std::pair<midi::Tick, midi::Tick>> loop_;
    bool follow_ = true;
    bool followSuspended_ = false;
    bool syncing_ = false;
};

}  // namespace mozart::ui
