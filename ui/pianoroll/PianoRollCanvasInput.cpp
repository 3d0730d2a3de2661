// PianoRollCanvas, its input half: mouse, wheel and keys turned into selection, note edits
// (one undo step per gesture), navigation and auditioning. Painting is in PianoRollCanvas.cpp.
#include <QKeyEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

#include "midi/GeneralMidi.h"
#include "pianoroll/PianoRollCanvas.h"

namespace mozart::ui {

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

QString PianoRollCanvas::hoverTextFor(const std::optional<NoteRef>& ref) const {
    if (!doc_ || !ref || ref->track < 0 || ref->track >= doc_->trackCount()) return QString();
    const auto& track = doc_->score().tracks[std::size_t(ref->track)];
    if (ref->index < 0 || std::size_t(ref->index) >= track.notes.size()) return QString();
    const auto& n = track.notes[std::size_t(ref->index)];
    const BarGrid& g = doc_->barGrid();
    return tr("%1 (%2) · start %3 · %4 beats · velocity %5 · %6")
        .arg(QString::fromStdString(midi::noteName(n.pitch)))
        .arg(n.pitch)
        .arg(QString::fromStdString(g.position(n.start)))
        .arg(g.beats(n.start, n.duration), 0, 'g', 3)
        .arg(n.velocity)
        .arg(QString::fromStdString(midi::programName(track.program, track.isDrum)));
}

void PianoRollCanvas::showHoverText(const QString& text, const QPointF& pos) {
    if (text == hoverText_) return;
    hoverText_ = text;
    Q_EMIT hoverTextChanged(text);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(mapToGlobal(pos.toPoint()), text, this);
}

void PianoRollCanvas::refreshHover() {
    // A keyboard edit (velocity, transpose, nudge) of the note under the mouse: the read-out
    // follows that note, wherever the edit moved it.
    if (hoverRef_ && drag_ == Drag::None) showHoverText(hoverTextFor(hoverRef_), lastPos_);
}

void PianoRollCanvas::updateHover(const QPointF& pos) {
    hoverRef_ = doc_ ? noteAt(pos) : std::nullopt;
    showHoverText(hoverTextFor(hoverRef_), pos);
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
    hoverRef_.reset();
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
        // Alt+arrows belong to the window (Ctrl+Alt+Up/Down: velocity), not to transposing.
        if (key->modifiers() & Qt::AltModifier) return QWidget::event(event);
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
    if (mods & Qt::AltModifier) return QWidget::keyPressEvent(event);  // window shortcuts (velocity)
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
