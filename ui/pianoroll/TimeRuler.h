// TimeRuler: bar numbers and beat ticks above the piano roll. A click moves the playhead there; a
// drag selects whole bars as the loop range. Shows the loop range and the playhead.
#pragma once

#include <QPointer>
#include <QWidget>
#include <optional>
#include <vector>

#include "document/PieceDocument.h"
#include "pianoroll/PianoRollViewport.h"

namespace mozart::ui {

class TimeRuler : public QWidget {
    Q_OBJECT
public:
    TimeRuler(PianoRollViewport* viewport, QWidget* parent = nullptr);
    void setDocument(PieceDocument* document);
    void setPlayhead(midi::Tick tick);
    void setLoopRange(std::optional<std::pair<midi::Tick, midi::Tick>> range);
    // Where the last paint put the bar numbers (tests: they never overlap).
    const std::vector<QRect>& labelRects() const { return labelRects_; }
    QSize sizeHint() const override { return {400, 26}; }

Q_SIGNALS:
    void seekRequested(midi::Tick tick);
    // Bars [first, last] inclusive, as ticks [start, end).
    void loopRangeSelected(midi::Tick start, midi::Tick end);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    midi::Tick tickAt(double x) const;
    PianoRollViewport* viewport_;
    QPointer<PieceDocument> doc_;
    midi::Tick playhead_ = 0;
    std::optional<std::pair<midi::Tick, midi::Tick>> loop_;
    std::optional<int> dragStartBar_;
    bool dragged_ = false;
    double pressX_ = 0;
    std::vector<QRect> labelRects_;
};

}  // namespace mozart::ui
