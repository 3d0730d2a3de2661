// VelocityLane: note velocities of the edited track as stems under the piano roll. Drag draws
// velocities; Shift+drag draws a straight ramp; Ctrl+drag raises or lowers the selected notes
// together. When notes are selected only they change. One drag is one undo step.
#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>

#include "document/NoteEdits.h"
#include "document/PieceDocument.h"
#include "pianoroll/PianoRollViewport.h"
#include "pianoroll/VisibleNoteIndex.h"

namespace mozart::ui {

class VelocityLane : public QWidget {
    Q_OBJECT
public:
    VelocityLane(PianoRollViewport* viewport, QWidget* parent = nullptr);
    void setDocument(PieceDocument* document);
    // The piano roll's index of notes by time, kept current by the canvas (not owned).
    void setNoteIndex(const VisibleNoteIndex* index) { index_ = index; }
    QSize sizeHint() const override { return {400, 90}; }
    int velocityForY(double y) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    enum class Mode { None, Draw, Ramp, Offset };
    void apply(const QPointF& pos);
    bool editable(int index) const;

    PianoRollViewport* viewport_;
    QPointer<PieceDocument> doc_;
    const VisibleNoteIndex* index_ = nullptr;
    Mode mode_ = Mode::None;
    QPointF pressPos_, lastPos_;
    std::unique_ptr<NoteGesture> gesture_;
    std::vector<std::pair<double, int>> drawn_;  // (x, velocity) painted so far in a Draw gesture
};

}  // namespace mozart::ui
