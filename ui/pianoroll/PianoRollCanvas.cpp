#include "pianoroll/PianoRollCanvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>

#include "midi/GeneralMidi.h"
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
    const bool outline = viewport_->keyHeight() >= 5.0;
    const double inset = 1.0 / raster.devicePixelRatio();  // a one-device-pixel border
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
            if (outline && r.width() >= 4.0) {
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

void PianoRollCanvas::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    pressPos_ = lastPos_ = event->position();
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && spaceHeld_)) {
        drag_ = Drag::Pan;
        spacePanned_ = true;
        setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (event->button() != Qt::LeftButton || !doc_ || doc_->isEmpty()) return;
    const bool additive = event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier);
    anchor_ = noteAt(pressPos_);
    toggleOnRelease_ = false;
    if (anchor_) {
        if (anchor_->track != doc_->currentTrack()) doc_->setCurrentTrack(anchor_->track);
        if (!doc_->isSelected(anchor_->track, anchor_->index)) {
            NoteRefs sel = additive ? doc_->selection() : NoteRefs{};
            sel.push_back(*anchor_);
            doc_->setSelection(sel);
        } else if (additive) {
            toggleOnRelease_ = true;
        }
        const auto& n = doc_->score().tracks[std::size_t(anchor_->track)].notes[std::size_t(anchor_->index)];
        const QRectF r = noteRect(n);
        drag_ = (r.width() >= 10 && pressPos_.x() > r.right() - 5) ? Drag::Resize : Drag::Pending;
        if (drag_ == Drag::Resize) setCursor(Qt::SizeHorCursor);
        lastAuditionPitch_ = n.pitch;
        Q_EMIT auditionRequested(anchor_->track, n.pitch, n.velocity);
    } else {
        drag_ = Drag::RubberBand;
        rubberBase_ = additive ? doc_->selection() : NoteRefs{};
        rubberBand_ = QRectF(pressPos_, pressPos_);
        if (!additive) doc_->clearSelection();
    }
}

void PianoRollCanvas::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    const QPointF delta = pos - lastPos_;
    lastPos_ = pos;
    if (drag_ == Drag::Pan) {
        viewport_->scrollBy(-delta.x(), -delta.y());
        return;
    }
    if (drag_ == Drag::None) {
        updateHover(pos);
        return;
    }
    if (!doc_) return;
    if (drag_ == Drag::RubberBand) {
        updateRubberBand(pos, event->modifiers());
        return;
    }
    if (drag_ == Drag::Pending) {
        if ((pos - pressPos_).manhattanLength() < 4) return;
        drag_ = Drag::Move;
        toggleOnRelease_ = false;
    }
    if (!anchor_) return;
    if (!gesture_) {
        std::set<int> tracks;
        for (const auto& r : doc_->selection()) tracks.insert(r.track);
        gesture_ = std::make_unique<NoteGesture>(*doc_, tracks);
    }
    const midi::Note anchorNote = gesture_->original(anchor_->track)[std::size_t(anchor_->index)];
    const midi::Tick mouseDelta = midi::Tick(std::llround(viewport_->tickForX(pos.x()) -
                                                          viewport_->tickForX(pressPos_.x())));
    const NoteRefs selection = doc_->selection();
    if (drag_ == Drag::Move) {
        midi::Tick dt = snap(anchorNote.start + mouseDelta, event->modifiers()) - anchorNote.start;
        const int dp = viewport_->pitchForY(pos.y()) - viewport_->pitchForY(pressPos_.y());
        gesture_->preview([&](TrackNotes& notes) {
            midi::Tick earliest = std::numeric_limits<midi::Tick>::max();
            for (const auto& r : selection) earliest = std::min(earliest, notes[r.track][std::size_t(r.index)].start);
            dt = std::max(dt, -earliest);
            for (const auto& r : selection) {
                auto& n = notes[r.track][std::size_t(r.index)];
                n.start += dt;
                n.pitch = std::uint8_t(std::clamp(int(n.pitch) + dp, 0, 127));
            }
        });
        const int pitch = std::clamp(int(anchorNote.pitch) + dp, 0, 127);
        if (pitch != lastAuditionPitch_) {
            lastAuditionPitch_ = pitch;
            Q_EMIT auditionRequested(anchor_->track, pitch, anchorNote.velocity);
        }
    } else if (drag_ == Drag::Resize) {
        const midi::Tick newEnd = snap(anchorNote.end() + mouseDelta, event->modifiers());
        const midi::Tick dd = newEnd - anchorNote.end();
        gesture_->preview([&](TrackNotes& notes) {
            for (const auto& r : selection) {
                auto& n = notes[r.track][std::size_t(r.index)];
                n.duration = std::max<midi::Tick>(1, n.duration + dd);
            }
        });
    }
}

void PianoRollCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (drag_ == Drag::Pan) {
        unsetCursor();
    } else if (drag_ == Drag::RubberBand) {
        update();
    } else if (gesture_) {
        gesture_->finish(drag_ == Drag::Resize ? tr("Resize notes") : tr("Move notes"));
    } else if (toggleOnRelease_ && anchor_ && doc_) {
        NoteRefs sel = doc_->selection();
        sel.erase(std::remove(sel.begin(), sel.end(), *anchor_), sel.end());
        doc_->setSelection(sel);
    }
    if (drag_ == Drag::Resize) unsetCursor();
    gesture_.reset();
    drag_ = Drag::None;
    anchor_.reset();
    toggleOnRelease_ = false;
    updateHover(event->position());
}

void PianoRollCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !doc_ || doc_->isEmpty()) return;
    if (noteAt(event->position())) return;
    midi::Note n;
    const midi::Tick raw = midi::Tick(viewport_->tickForX(event->position().x()));
    // Place the note in the grid cell that was clicked, not the nearest line.
    n.start = (event->modifiers() & Qt::AltModifier) ? raw : (raw / gridTicks_) * gridTicks_;
    n.duration = gridTicks_;
    n.pitch = std::uint8_t(viewport_->pitchForY(event->position().y()));
    n.velocity = 100;
    NoteEdits::addNote(*doc_, doc_->currentTrack(), n);
    Q_EMIT auditionRequested(doc_->currentTrack(), n.pitch, n.velocity);
}

void PianoRollCanvas::updateRubberBand(const QPointF& pos, Qt::KeyboardModifiers) {
    const QRectF old = rubberBand_;
    rubberBand_ = QRectF(pressPos_, pos).normalized();
    const int t = doc_->currentTrack();
    NoteRefs sel = rubberBase_;
    if (t >= 0 && t < doc_->trackCount() && doc_->trackState(t).visible) {
        const auto& notes = doc_->score().tracks[std::size_t(t)].notes;
        const midi::Tick from = midi::Tick(viewport_->tickForX(rubberBand_.left()));
        const midi::Tick to = midi::Tick(viewport_->tickForX(rubberBand_.right())) + 1;
        index_.forEach(t, from, to, notes, [&](int i) {
            if (noteRect(notes[std::size_t(i)]).intersects(rubberBand_)) sel.push_back({t, i});
        });
    }
    doc_->setSelection(sel);
    update(old.united(rubberBand_).toAlignedRect().adjusted(-2, -2, 2, 2));
}

void PianoRollCanvas::updateHover(const QPointF& pos) {
    QString text;
    if (doc_) {
        if (auto ref = noteAt(pos)) {
            const auto& track = doc_->score().tracks[std::size_t(ref->track)];
            const auto& n = track.notes[std::size_t(ref->index)];
            const BarGrid& g = doc_->barGrid();
            text = tr("%1 (%2) · start %3 · %4 beats · velocity %5 · %6")
                       .arg(QString::fromStdString(midi::noteName(n.pitch)))
                       .arg(n.pitch)
                       .arg(QString::fromStdString(g.position(n.start)))
                       .arg(g.beats(n.start, n.duration), 0, 'g', 3)
                       .arg(n.velocity)
                       .arg(QString::fromStdString(midi::programName(track.program, track.isDrum)));
        }
    }
    if (text != hoverText_) {
        hoverText_ = text;
        Q_EMIT hoverTextChanged(text);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(mapToGlobal(pos.toPoint()), text, this);
    }
    if (drag_ == Drag::None && doc_) {
        auto ref = noteAt(pos);
        bool edge = false;
        if (ref) {
            const QRectF r = noteRect(doc_->score().tracks[std::size_t(ref->track)].notes[std::size_t(ref->index)]);
            edge = r.width() >= 10 && pos.x() > r.right() - 5;
        }
        if (edge)
            setCursor(Qt::SizeHorCursor);
        else if (spaceHeld_)
            setCursor(Qt::OpenHandCursor);
        else
            unsetCursor();
    }
}

void PianoRollCanvas::leaveEvent(QEvent*) {
    if (!hoverText_.isEmpty()) {
        hoverText_.clear();
        Q_EMIT hoverTextChanged(QString());
    }
}

void PianoRollCanvas::wheelEvent(QWheelEvent* event) {
    const QPoint pixels = event->pixelDelta();
    const QPoint angle = event->angleDelta();
    const auto mods = event->modifiers();
    if (mods & Qt::ControlModifier) {
        const int steps = angle.y() != 0 ? angle.y() : angle.x();
        const double factor = std::pow(1.0015, steps);
        if (mods & Qt::ShiftModifier)
            viewport_->zoomY(factor, event->position().y());
        else
            viewport_->zoomX(factor, event->position().x());
    } else if (mods & Qt::ShiftModifier) {
        // Some platforms already turn Shift+wheel into a horizontal delta.
        const int d = angle.x() != 0 ? angle.x() : angle.y();
        viewport_->scrollBy(-d * 0.5, 0);
    } else if (!pixels.isNull()) {
        viewport_->scrollBy(-pixels.x(), -pixels.y());  // trackpad: both axes at once
    } else {
        viewport_->scrollBy(-angle.x() * 0.5, -angle.y() * 0.5);
    }
    event->accept();
}

bool PianoRollCanvas::event(QEvent* event) {
    // Keys the canvas owns while it has focus win over window shortcuts of the same key.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Space:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Escape:
            event->accept();
            return true;
        case Qt::Key_M:
        case Qt::Key_S:
            if (key->modifiers() == Qt::NoModifier) {
                event->accept();
                return true;
            }
            break;
        default:
            break;
        }
    }
    return QWidget::event(event);
}

void PianoRollCanvas::keyPressEvent(QKeyEvent* event) {
    if (!doc_) return QWidget::keyPressEvent(event);
    const auto mods = event->modifiers();
    const bool octave = mods & (Qt::ShiftModifier | Qt::ControlModifier);
    switch (event->key()) {
    case Qt::Key_Space:
        if (!event->isAutoRepeat()) {
            spaceHeld_ = true;
            spacePanned_ = false;
        }
        return;
    case Qt::Key_Up:
        NoteEdits::transpose(*doc_, octave ? 12 : 1);
        return;
    case Qt::Key_Down:
        NoteEdits::transpose(*doc_, octave ? -12 : -1);
        return;
    case Qt::Key_Left:
        NoteEdits::move(*doc_, -gridTicks_, 0);
        return;
    case Qt::Key_Right:
        NoteEdits::move(*doc_, gridTicks_, 0);
        return;
    case Qt::Key_Escape:
        if (gesture_) {
            gesture_->cancel();
            gesture_.reset();
            drag_ = Drag::None;
        } else {
            doc_->clearSelection();
        }
        return;
    case Qt::Key_M:
        if (mods == Qt::NoModifier) {
            const int t = doc_->currentTrack();
            if (t < doc_->trackCount()) doc_->setTrackMuted(t, !doc_->trackState(t).muted);
            return;
        }
        break;
    case Qt::Key_S:
        if (mods == Qt::NoModifier) {
            const int t = doc_->currentTrack();
            if (t < doc_->trackCount()) doc_->setTrackSolo(t, !doc_->trackState(t).solo);
            return;
        }
        break;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

void PianoRollCanvas::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        spaceHeld_ = false;
        if (!spacePanned_) Q_EMIT playPauseRequested();
        unsetCursor();
        return;
    }
    QWidget::keyReleaseEvent(event);
}

}  // namespace mozart::ui
