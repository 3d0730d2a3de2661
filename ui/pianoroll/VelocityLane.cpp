#include "pianoroll/VelocityLane.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace mozart::ui {

VelocityLane::VelocityLane(PianoRollViewport* viewport, QWidget* parent) : QWidget(parent), viewport_(viewport) {
    setFixedHeight(80);  // the notes get the room when the window grows
    setToolTip(tr("Drag to draw velocities, Shift+drag for a ramp, Ctrl+drag to raise or lower the selection"));
    connect(viewport_, &PianoRollViewport::changed, this, qOverload<>(&QWidget::update));
}

void VelocityLane::setDocument(PieceDocument* document) {
    if (doc_) disconnect(doc_, nullptr, this, nullptr);
    doc_ = document;
    if (doc_) {
        connect(doc_, &PieceDocument::scoreReset, this, qOverload<>(&QWidget::update));
        connect(doc_, &PieceDocument::notesChanged, this, qOverload<>(&QWidget::update));
        connect(doc_, &PieceDocument::selectionChanged, this, qOverload<>(&QWidget::update));
        connect(doc_, &PieceDocument::currentTrackChanged, this, qOverload<>(&QWidget::update));
    }
    update();
}

int VelocityLane::velocityForY(double y) const {
    const double usable = std::max(1, height() - 6);
    return std::clamp(int(std::lround((height() - 3 - y) / usable * 127.0)), 1, 127);
}

bool VelocityLane::editable(int index) const {
    const int t = doc_->currentTrack();
    if (!doc_->hasSelection()) return true;
    return doc_->isSelected(t, index);
}

void VelocityLane::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(34, 36, 41));
    const double usable = std::max(1, height() - 6);
    for (int v : {32, 64, 96, 127}) {
        const double y = height() - 3 - v / 127.0 * usable;
        p.fillRect(QRectF(0, y, width(), 1), QColor(52, 55, 63));
    }
    if (!doc_ || doc_->isEmpty() || !index_) return;
    const int t = doc_->currentTrack();
    if (t < 0 || t >= doc_->trackCount()) return;
    const auto& notes = doc_->score().tracks[std::size_t(t)].notes;
    const QColor base = PieceDocument::trackColor(t);
    index_->forEach(t, viewport_->visibleStart(), viewport_->visibleEnd(), notes, [&](int i) {
        const auto& n = notes[std::size_t(i)];
        const double x = viewport_->xForTick(double(n.start));
        if (x < -4) return;
        const double h = n.velocity / 127.0 * usable;
        const bool sel = doc_->isSelected(t, i);
        const QColor c = sel ? QColor(255, 214, 90) : QColor::fromHsl(base.hslHue(), 190, std::clamp(200 - n.velocity, 70, 190));
        p.fillRect(QRectF(x, height() - 3 - h, 2, h), c);
        p.fillRect(QRectF(x - 2, height() - 3 - h, 6, 3), c);
    });
}

void VelocityLane::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !doc_ || doc_->isEmpty()) return;
    const int t = doc_->currentTrack();
    if (t < 0 || t >= doc_->trackCount()) return;
    pressPos_ = lastPos_ = event->position();
    if (event->modifiers() & Qt::ControlModifier)
        mode_ = doc_->hasSelection() ? Mode::Offset : Mode::None;
    else if (event->modifiers() & Qt::ShiftModifier)
        mode_ = Mode::Ramp;
    else
        mode_ = Mode::Draw;
    if (mode_ == Mode::None) return;
    std::set<int> tracks{t};
    if (mode_ == Mode::Offset)
        for (const auto& r : doc_->selection()) tracks.insert(r.track);
    gesture_ = std::make_unique<NoteGesture>(*doc_, tracks);
    drawn_.clear();
    apply(event->position());
}

void VelocityLane::mouseMoveEvent(QMouseEvent* event) {
    if (!gesture_) return;
    apply(event->position());
    lastPos_ = event->position();
}

void VelocityLane::mouseReleaseEvent(QMouseEvent*) {
    if (!gesture_) return;
    gesture_->finish(mode_ == Mode::Ramp ? tr("Velocity ramp")
                     : mode_ == Mode::Offset ? tr("Change velocity") : tr("Draw velocities"));
    gesture_.reset();
    mode_ = Mode::None;
}

void VelocityLane::apply(const QPointF& pos) {
    const int t = doc_->currentTrack();
    const NoteRefs selection = doc_->selection();
    if (mode_ == Mode::Offset) {
        const int delta = velocityForY(pos.y()) - velocityForY(pressPos_.y());
        gesture_->preview([&](TrackNotes& notes) {
            for (const auto& r : selection) {
                auto& n = notes[r.track][std::size_t(r.index)];
                n.velocity = std::uint8_t(std::clamp(int(n.velocity) + delta, 1, 127));
            }
        });
        return;
    }
    if (mode_ == Mode::Draw) drawn_.push_back({pos.x(), velocityForY(pos.y())});
    const double x0 = std::min(pressPos_.x(), pos.x()), x1 = std::max(pressPos_.x(), pos.x());
    const int v0 = velocityForY(pressPos_.y()), v1 = velocityForY(pos.y());
    gesture_->preview([&](TrackNotes& notes) {
        auto& track = notes[t];
        for (int i = 0; i < int(track.size()); ++i) {
            if (!editable(i)) continue;
            auto& n = track[std::size_t(i)];
            const double x = viewport_->xForTick(double(n.start));
            if (mode_ == Mode::Ramp) {
                if (x < x0 - 1 || x > x1 + 1) continue;
                const double f = x1 - x0 < 1 ? 1.0 : (x - pressPos_.x()) / (pos.x() - pressPos_.x());
                n.velocity = std::uint8_t(std::clamp(int(std::lround(v0 + (v1 - v0) * f)), 1, 127));
            } else {
                // Freehand: each stem takes the value of the pointer segment that crossed it.
                for (std::size_t k = 0; k < drawn_.size(); ++k) {
                    const auto a = k == 0 ? drawn_[0] : drawn_[k - 1];
                    const auto b = drawn_[k];
                    const double lo = std::min(a.first, b.first) - 2, hi = std::max(a.first, b.first) + 2;
                    if (x < lo || x > hi) continue;
                    const double span = b.first - a.first;
                    const double f = std::abs(span) < 1e-6 ? 1.0 : std::clamp((x - a.first) / span, 0.0, 1.0);
                    n.velocity = std::uint8_t(std::clamp(int(std::lround(a.second + (b.second - a.second) * f)), 1, 127));
                }
            }
        }
    });
}

}  // namespace mozart::ui
