#include "pianoroll/TimeRuler.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace mozart::ui {

TimeRuler::TimeRuler(PianoRollViewport* viewport, QWidget* parent) : QWidget(parent), viewport_(viewport) {
    setFixedHeight(26);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click to move the playhead; drag across bars to loop them"));
    connect(viewport_, &PianoRollViewport::changed, this, qOverload<>(&QWidget::update));
}

void TimeRuler::setDocument(PieceDocument* document) {
    doc_ = document;
    if (doc_) connect(doc_, &PieceDocument::scoreReset, this, qOverload<>(&QWidget::update));
    update();
}

void TimeRuler::setPlayhead(midi::Tick tick) {
    if (tick == playhead_) return;
    playhead_ = tick;
    update();
}

void TimeRuler::setLoopRange(std::optional<std::pair<midi::Tick, midi::Tick>> range) {
    loop_ = range;
    update();
}

midi::Tick TimeRuler::tickAt(double x) const { return std::max<midi::Tick>(0, midi::Tick(viewport_->tickForX(x))); }

void TimeRuler::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(50, 53, 61));
    p.fillRect(QRect(0, height() - 1, width(), 1), QColor(25, 26, 30));
    if (!doc_) return;
    if (loop_) {
        const double x0 = viewport_->xForTick(double(loop_->first));
        const double x1 = viewport_->xForTick(double(loop_->second));
        p.fillRect(QRectF(x0, 0, x1 - x0, height()), QColor(255, 200, 60, 110));
    }
    const BarGrid& grid = doc_->barGrid();
    const double ppt = viewport_->pixelsPerTick();
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
    const QFontMetrics fm = p.fontMetrics();
    const midi::Tick from = tickAt(0), to = tickAt(width()) + 1;
    // Room for the widest number on screen (four or five digits in long pieces), and the shortest
    // bar on screen (meters change), so that labels never run into each other.
    const int lastBar = grid.barAt(to) + 1;
    const int labelWidth = fm.horizontalAdvance(QString(QString::number(lastBar).size(), QLatin1Char('8'))) + 8;
    midi::Tick shortest = grid.barLength(grid.barAt(from));
    for (int bar = grid.barAt(from); grid.barStart(bar) <= to && bar < grid.barAt(from) + 4096; ++bar)
        shortest = std::min(shortest, grid.barLength(bar));
    int labelStep = 1;
    while (double(std::max<midi::Tick>(1, shortest)) * labelStep * ppt < labelWidth && labelStep < (1 << 20)) labelStep *= 2;
    labelRects_.clear();
    double labelEnd = -1e9;  // right edge of the last label drawn
    for (int bar = grid.barAt(from); grid.barStart(bar) <= to; ++bar) {
        const midi::Tick start = grid.barStart(bar);
        const double x = std::round(viewport_->xForTick(double(start)));
        if (bar % labelStep == 0 && x + 3 >= labelEnd + 4) {
            const QString label = QString::number(bar + 1);
            p.fillRect(QRectF(x, 8, 1, height() - 8), QColor(170, 175, 190));
            p.setPen(QColor(220, 222, 230));
            p.drawText(QPointF(x + 3, 12), label);
            const int w = fm.horizontalAdvance(label);
            labelRects_.push_back(QRect(int(x) + 3, 12 - fm.ascent(), w, fm.height()));
            labelEnd = x + 3 + w;
        }
        const midi::Tick beat = grid.beatLength(bar);
        if (double(beat) * ppt >= 8.0)
            for (int b = 1; b < grid.beatsInBar(bar); ++b) {
                const double bx = std::round(viewport_->xForTick(double(start + b * beat)));
                p.fillRect(QRectF(bx, height() - 7, 1, 6), QColor(120, 124, 136));
            }
    }
    const double px = viewport_->xForTick(double(playhead_));
    QPolygonF marker;
    marker << QPointF(px - 6, height() - 10) << QPointF(px + 6, height() - 10) << QPointF(px, height());
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 90, 60));
    p.drawPolygon(marker);
}

void TimeRuler::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !doc_) return;
    pressX_ = event->position().x();
    dragged_ = false;
    dragStartBar_ = doc_->barGrid().barAt(tickAt(pressX_));
}

void TimeRuler::mouseMoveEvent(QMouseEvent* event) {
    if (!dragStartBar_ || !doc_) return;
    if (std::abs(event->position().x() - pressX_) < 4 && !dragged_) return;
    dragged_ = true;
    const BarGrid& g = doc_->barGrid();
    const int bar = g.barAt(tickAt(event->position().x()));
    const int first = std::min(bar, *dragStartBar_), last = std::max(bar, *dragStartBar_);
    setLoopRange(std::make_pair(g.barStart(first), g.barStart(last + 1)));
}

void TimeRuler::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragStartBar_ || !doc_) return;
    if (dragged_ && loop_) {
        Q_EMIT loopRangeSelected(loop_->first, loop_->second);
    } else {
        Q_EMIT seekRequested(tickAt(event->position().x()));
    }
    dragStartBar_.reset();
}

}  // namespace mozart::ui
