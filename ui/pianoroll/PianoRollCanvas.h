// PianoRollCanvas: the note area of the piano roll. Paints only the notes inside the viewport (bar
// and beat grid, notes coloured by track and velocity, selection, loop range, playhead) and turns
// mouse and keys into note edits (select, rubber band, move, resize, add, transpose) on the
// PieceDocument, one undo step per gesture. Wheel and middle-drag (or Space-drag) navigate.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QPointer>
#include <QWidget>
#include <memory>
#include <optional>

#include "document/NoteEdits.h"
#include "document/PieceDocument.h"
#include "pianoroll/PianoRollViewport.h"
#include "pianoroll/VisibleNoteIndex.h"

namespace mozart::ui {

class PianoRollCanvas : public QWidget {
    Q_OBJECT
public:
    PianoRollCanvas(PianoRollViewport* viewport, QWidget* parent = nullptr);

    void setDocument(PieceDocument* document);
    PieceDocument* document() const { return doc_; }
    void setPlayhead(midi::Tick tick);
    midi::Tick playhead() const { return playhead_; }
    void setLoopRange(std::optional<std::pair<midi::Tick, midi::Tick>> range);
    void setGridTicks(midi::Tick ticks) { gridTicks_ = std::max<midi::Tick>(1, ticks); }
    midi::Tick gridTicks() const { return gridTicks_; }
    // Snaps to the grid unless Alt is held.
    midi::Tick snap(midi::Tick tick, Qt::KeyboardModifiers modifiers) const;

    const VisibleNoteIndex& noteIndex() const { return index_; }
    // Figures from the last paint, for tests and the benchmark: notes on screen, and the
    // rectangles it took to draw them (fewer when notes share pixels).
    int lastPaintedNoteCount() const { return paintedNotes_; }
    int lastFillCount() const { return fills_; }
    QString hoverText() const { return hoverText_; }
    // The note under a point (current track first), if any.
    std::optional<NoteRef> noteAt(const QPointF& pos) const;
    QRectF noteRect(const midi::Note& note) const;

Q_SIGNALS:
    void auditionRequested(int track, int pitch, int velocity);
    void playPauseRequested();
    void hoverTextChanged(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    enum class Drag { None, Pending, Move, Resize, RubberBand, Pan };
    void paintBackground(QPainter& p, const QRect& area);
    void paintGrid(QPainter& p, const QRect& area);
    void paintNotes(const QRect& area);
    void updateHover(const QPointF& pos);
    void refreshHover();
    QString hoverTextFor(const std::optional<NoteRef>& ref) const;
    void showHoverText(const QString& text, const QPointF& pos);
    void updateRubberBand(const QPointF& pos, Qt::KeyboardModifiers modifiers);
    void rebuildIndex();

    PianoRollViewport* viewport_;
    QPointer<PieceDocument> doc_;
    VisibleNoteIndex index_;
    QImage layer_;  // what the canvas shows, in device pixels; notes are rasterized into it
    midi::Tick playhead_ = 0;
    std::optional<std::pair<midi::Tick, midi::Tick>> loop_;
    midi::Tick gridTicks_ = 120;
    int paintedNotes_ = 0;
    int fills_ = 0;
    QString hoverText_;
    std::optional<NoteRef> hoverRef_;  // the note the hover text describes

    Drag drag_ = Drag::None;
    QPointF pressPos_, lastPos_;
    std::optional<NoteRef> anchor_;     // the note the drag started on
    bool toggleOnRelease_ = false;      // Shift/Ctrl-click on a selected note deselects it if no drag
    std::unique_ptr<NoteGesture> gesture_;
    NoteRefs rubberBase_;
    QRectF rubberBand_;
    int lastAuditionPitch_ = -1;
    bool spaceHeld_ = false, spacePanned_ = false;
};

}  // namespace mozart::ui
