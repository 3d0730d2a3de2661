// PianoRollCanvas, its painting half: background, grid, notes (rasterized into the canvas image,
// only what is visible), overlays. Mouse, wheel and keys are in PianoRollCanvasInput.cpp.
#include "pianoroll/PianoRollCanvas.h"

#include <QPaintEvent>
#include <QPainter>
#include <algorithm>
#include <array>
#include <cmath>

#include "pianoroll/NoteRaster.h"

namespace mozart::ui {

namespace {

bool isBlackKey(int pitch) {
    switch (pitch % 12) {
    case 1: case 3: case 6: case 8: case 10: return true;
    default: return false;
    }
}

// Velocity shows as lightness: soft notes pale, loud notes deep.
QColor noteColor(const QColor& base, int velocity, bool current) {
    const int lightness = std::clamp(200 - velocity, 70, 190);
    QColor c = QColor::fromHsl(base.hslHue(), current ? 190 : 60, lightness);
    if (!current) c.setAlpha(110);
    return c;
}

// Notes are written as opaque pixels: translucent colours are blended over the roll's background.
QRgb opaque(const QColor& c) {
    if (c.alpha() == 255) return c.rgb();
    const double a = c.alphaF();
    const QColor bg(38, 40, 46);
    return qRgb(int(c.red() * a + bg.red() * (1 - a)), int(c.green() * a + bg.green() * (1 - a)),
                int(c.blue() * a + bg.blue() * (1 - a)));
}

}  // namespace

PianoRollCanvas::PianoRollCanvas(PianoRollViewport* viewport, QWidget* parent)
    : QWidget(parent), viewport_(viewport) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 120);
    connect(viewport_, &PianoRollViewport::changed, this, qOverload<>(&QWidget::update));
}

void PianoRollCanvas::setDocument(PieceDocument* document) {
    if (doc_) disconnect(doc_, nullptr, this, nullptr);
    doc_ = document;
    if (doc_) {
        connect(doc_, &PieceDocument::scoreReset, this, &PianoRollCanvas::rebuildIndex);
        connect(doc_, &PieceDocument::notesChanged, this, &PianoRollCanvas::rebuildIndex);
        connect(doc_, &PieceDocument::notesChanged, this, &PianoRollCanvas::refreshHover);
        connect(doc_, &PieceDocument::scoreReset, this, [this] { hoverRef_.reset(); });
        connect(doc_, &PieceDocument::selectionChanged, this, qOverload<>(&QWidget::update));
        connect(doc_, &PieceDocument::trackStateChanged, this, qOverload<>(&QWidget::update));
        connect(doc_, &PieceDocument::currentTrackChanged, this, qOverload<>(&QWidget::update));
    }
    rebuildIndex();
}

void PianoRollCanvas::rebuildIndex() {
    if (doc_) index_.rebuild(doc_->score());
    update();
}

void PianoRollCanvas::setPlayhead(midi::Tick tick) {
    if (tick == playhead_) return;
    const double oldX = viewport_->xForTick(double(playhead_));
    playhead_ = tick;
    const double newX = viewport_->xForTick(double(playhead_));
    // Repaint only the two thin strips the playhead left and entered.
    update(QRect(int(oldX) - 2, 0, 5, height()));
    update(QRect(int(newX) - 2, 0, 5, height()));
}

void PianoRollCanvas::setLoopRange(std::optional<std::pair<midi::Tick, midi::Tick>> range) {
    loop_ = range;
    update();
}

midi::Tick PianoRollCanvas::snap(midi::Tick tick, Qt::KeyboardModifiers modifiers) const {
    if (modifiers & Qt::AltModifier || gridTicks_ <= 1) return std::max<midi::Tick>(0, tick);
    const midi::Tick snapped = ((tick + gridTicks_ / 2) / gridTicks_) * gridTicks_;
    return std::max<midi::Tick>(0, snapped);
}

QRectF PianoRollCanvas::noteRect(const midi::Note& n) const {
    const double x0 = viewport_->xForTick(double(n.start));
    const double x1 = viewport_->xForTick(double(n.end()));
    const double y = viewport_->yForPitch(n.pitch);
    return QRectF(x0, y, std::max(2.0, x1 - x0), viewport_->keyHeight());
}

void PianoRollCanvas::resizeEvent(QResizeEvent*) { viewport_->setCanvasSize(width(), height()); }

void PianoRollCanvas::paintEvent(QPaintEvent* event) {
    const QRect area = event->rect();
    const qreal dpr = devicePixelRatioF();
    const QSize deviceSize(int(std::ceil(width() * dpr)), int(std::ceil(height() * dpr)));
    if (layer_.size() != deviceSize || layer_.devicePixelRatio() != dpr) {
        layer_ = QImage(deviceSize, QImage::Format_ARGB32_Premultiplied);
        layer_.setDevicePixelRatio(dpr);
    }
    {
        // Background, grid and loop shading with QPainter; notes straight into the pixels.
        QPainter lp(&layer_);
        lp.setClipRect(area);
        paintBackground(lp, area);
        paintGrid(lp, area);
        if (loop_) {
            const double x0 = viewport_->xForTick(double(loop_->first));
            const double x1 = viewport_->xForTick(double(loop_->second));
            lp.fillRect(QRectF(x0, 0, x1 - x0, height()), QColor(255, 200, 60, 28));
        }
    }
    paintNotes(area);
    QPainter p(this);
    p.drawImage(QRectF(area), layer_, QRectF(area.x() * dpr, area.y() * dpr, area.width() * dpr, area.height() * dpr));
    if (drag_ == Drag::RubberBand) {
        p.setPen(QPen(QColor(120, 170, 255), 1, Qt::DashLine));
        p.setBrush(QColor(120, 170, 255, 40));
        p.drawRect(rubberBand_);
    }
    const double px = viewport_->xForTick(double(playhead_));
    p.fillRect(QRectF(px - 0.5, 0, 2.0, height()), QColor(255, 90, 60));
}

void PianoRollCanvas::paintBackground(QPainter& p, const QRect& area) {
    p.fillRect(area, QColor(38, 40, 46));
    const double kh = viewport_->keyHeight();
    const int top = viewport_->pitchForY(area.top());
    const int bottom = viewport_->pitchForY(area.bottom());
    for (int pitch = bottom; pitch <= top; ++pitch) {
        const double y = viewport_->yForPitch(pitch);
        if (isBlackKey(pitch)) p.fillRect(QRectF(area.left(), y, area.width(), kh), QColor(31, 33, 38));
        if (pitch % 12 == 0)  // a line under every C
            p.fillRect(QRectF(area.left(), y + kh - 1, area.width(), 1), QColor(62, 65, 74));
    }
}

void PianoRollCanvas::paintGrid(QPainter& p, const QRect& area) {
    if (!doc_) return;
    const BarGrid& grid = doc_->barGrid();
    const midi::Tick from = midi::Tick(std::max(0.0, viewport_->tickForX(area.left())));
    const midi::Tick to = midi::Tick(viewport_->tickForX(area.right() + 1)) + 1;
    const double ppt = viewport_->pixelsPerTick();
    // Bars too dense to tell apart: draw every Nth bar only.
    int barStep = 1;
    while (double(grid.barLength(0)) * barStep * ppt < 12.0 && barStep < (1 << 20)) barStep *= 2;
    for (int bar = grid.barAt(from); ; ++bar) {
        const midi::Tick start = grid.barStart(bar);
        if (start > to) break;
        const midi::Tick beat = grid.beatLength(bar);
        const double x = std::round(viewport_->xForTick(double(start)));
        if (bar % barStep == 0) p.fillRect(QRectF(x, area.top(), 1, area.height()), QColor(92, 96, 108));
        if (double(beat) * ppt >= 8.0) {
            for (int b = 1; b < grid.beatsInBar(bar); ++b) {
                const double bx = std::round(viewport_->xForTick(double(start + b * beat)));
                p.fillRect(QRectF(bx, area.top(), 1, area.height()), QColor(58, 61, 70));
            }
        }
        if (double(gridTicks_) * ppt >= 10.0 && gridTicks_ < beat) {
            for (midi::Tick t = start + gridTicks_; t < start + grid.barLength(bar); t += gridTicks_) {
                if ((t - start) % beat == 0) continue;
                const double gx = std::round(viewport_->xForTick(double(t)));
                p.fillRect(QRectF(gx, area.top(), 1, area.height()), QColor(48, 50, 58));
            }
        }
    }
}

void PianoRollCanvas::paintNotes(const QRect& area) {
    paintedNotes_ = 0;
    fills_ = 0;
    if (!doc_) return;
    const NoteRaster raster(layer_, area);
    const auto& score = doc_->score();
    const midi::Tick from = midi::Tick(std::floor(viewport_->tickForX(area.left())));
    const midi::Tick to = midi::Tick(std::ceil(viewport_->tickForX(area.right() + 1)));
    const int pitchTop = viewport_->pitchForY(area.top());
    const int pitchBottom = viewport_->pitchForY(area.bottom());
    const int current = doc_->currentTrack();
    // Decided in device pixels: at scale 2 a note 2 logical pixels wide still has room for a
    // border and a fill, and keeps its outline.
    const double dpr = raster.devicePixelRatio();
    const bool outline = viewport_->keyHeight() * dpr >= 5.0;
    const double minOutlined = 4.0 / dpr;
    const double inset = 1.0 / dpr;  // a one-device-pixel border
    const QRgb selectedFill = qRgb(255, 214, 90), selectedBorder = qRgb(255, 255, 255);

    // Other tracks first (dimmed), the edited track last so it is on top.
    std::vector<int> order;
    for (int t = 0; t < doc_->trackCount(); ++t)
        if (t != current) order.push_back(t);
    if (current >= 0 && current < doc_->trackCount()) order.push_back(current);

    // Per pitch row, how far right this track has already painted: at wide zooms thousands of
    // notes share a few pixels, and only the uncovered part of each is drawn (notes come in
    // start order, so a row's painted span only grows).
    std::array<double, 128> painted;
    for (int t : order) {
        if (!doc_->trackState(t).visible) continue;
        const auto& notes = score.tracks[std::size_t(t)].notes;
        const bool isCurrent = t == current;
        const QColor base = PieceDocument::trackColor(t);
        QRgb palette[16];
        for (int v = 0; v < 16; ++v) palette[v] = opaque(noteColor(base, v * 8 + 7, isCurrent));
        const QRgb border = opaque(isCurrent ? QColor(20, 20, 24) : QColor(20, 20, 24, 90));
        painted.fill(-1e300);
        index_.forEach(t, from, to, notes, [&](int i) {
            const midi::Note& n = notes[std::size_t(i)];
            if (n.pitch > pitchTop || n.pitch < pitchBottom) return;
            ++paintedNotes_;
            QRectF r = noteRect(n);
            const bool selected = doc_->isSelected(t, i);
            double& right = painted[n.pitch];
            if (!selected && r.right() <= right + 0.5) return;  // already covered on screen
            const QRgb fill = selected ? selectedFill : palette[std::min(15, n.velocity / 8)];
            if (outline && r.width() >= minOutlined) {
                raster.fill(r, selected ? selectedBorder : border);
                raster.fill(r.adjusted(inset, inset, -inset, -inset), fill);
            } else {
                if (!selected && r.left() < right) r.setLeft(right);
                raster.fill(r, fill);
            }
            right = std::max(right, r.right());
            ++fills_;
        });
    }
}

std::optional<NoteRef> PianoRollCanvas::noteAt(const QPointF& pos) const {
    if (!doc_) return std::nullopt;
    const int pitch = viewport_->pitchForY(pos.y());
    const midi::Tick tick = midi::Tick(std::floor(viewport_->tickForX(pos.x())));
    const double slack = 2.0 / viewport_->pixelsPerTick();  // notes at least 2 px wide
    std::vector<int> order{doc_->currentTrack()};
    for (int t = doc_->trackCount() - 1; t >= 0; --t)
        if (t != doc_->currentTrack()) order.push_back(t);
    for (int t : order) {
        if (t < 0 || t >= doc_->trackCount() || !doc_->trackState(t).visible) continue;
        const auto& notes = doc_->score().tracks[std::size_t(t)].notes;
        std::optional<NoteRef> hit;
        index_.forEach(t, tick - midi::Tick(slack), tick + 1, notes, [&](int i) {
            const auto& n = notes[std::size_t(i)];
            if (n.pitch == pitch && noteRect(n).contains(QPointF(pos.x(), viewport_->yForPitch(pitch) + 0.5)))
                hit = NoteRef{t, i};
        });
        if (hit) return hit;
    }
    return std::nullopt;
}

}  // namespace mozart::ui
