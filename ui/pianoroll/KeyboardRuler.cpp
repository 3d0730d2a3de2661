#include "pianoroll/KeyboardRuler.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "midi/GeneralMidi.h"

namespace mozart::ui {

namespace {
bool isBlack(int pitch) {
    const int k = pitch % 12;
    return k == 1 || k == 3 || k == 6 || k == 8 || k == 10;
}
}  // namespace

KeyboardRuler::KeyboardRuler(PianoRollViewport* viewport, QWidget* parent) : QWidget(parent), viewport_(viewport) {
    setFixedWidth(64);
    setToolTip(tr("Click a key to hear it"));
    connect(viewport_, &PianoRollViewport::changed, this, qOverload<>(&QWidget::update));
}

void KeyboardRuler::setHighlightedPitch(int pitch) {
    if (pitch == highlighted_) return;
    highlighted_ = pitch;
    update();
}

void KeyboardRuler::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(236, 236, 232));
    const double kh = viewport_->keyHeight();
    const int top = viewport_->pitchForY(0), bottom = viewport_->pitchForY(height());
    const double blackWidth = width() * 0.58;
    for (int pitch = bottom; pitch <= top; ++pitch) {
        const double y = viewport_->yForPitch(pitch);
        if (pitch == pressedPitch_ || pitch == highlighted_)
            p.fillRect(QRectF(0, y, width(), kh), QColor(255, 190, 80));
        if (isBlack(pitch)) p.fillRect(QRectF(0, y, blackWidth, kh), QColor(35, 35, 38));
        if (pitch % 12 == 0 || pitch % 12 == 5)  // the white-key seams below C and F
            p.fillRect(QRectF(0, y + kh - 1, width(), 1), QColor(150, 150, 150));
    }
    // Names: every C always (a label may overhang its row when keys are thin), every white key
    // when there is room.
    QFont f = font();
    f.setPointSizeF(std::clamp(kh * 0.7, 7.0, f.pointSizeF()));
    p.setFont(f);
    const double textHeight = p.fontMetrics().height();
    const bool allNames = kh >= textHeight;
    for (int pitch = bottom; pitch <= top; ++pitch) {
        if (!(pitch % 12 == 0 || (allNames && !isBlack(pitch)))) continue;
        const double centre = viewport_->yForPitch(pitch) + kh / 2;
        const QRectF box(blackWidth + 1, centre - textHeight / 2, width() - blackWidth - 4, textHeight);
        p.setPen(pitch % 12 == 0 ? QColor(20, 20, 20) : QColor(110, 110, 110));
        p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, QString::fromStdString(midi::noteName(pitch)));
    }
    p.fillRect(QRect(width() - 1, 0, 1, height()), QColor(90, 90, 90));
}

void KeyboardRuler::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    pressedPitch_ = viewport_->pitchForY(event->position().y());
    Q_EMIT keyPressed(pressedPitch_);
    update();
}

void KeyboardRuler::mouseMoveEvent(QMouseEvent* event) {
    if (pressedPitch_ < 0) return;
    const int pitch = viewport_->pitchForY(event->position().y());
    if (pitch != pressedPitch_) {  // glissando along the keys
        pressedPitch_ = pitch;
        Q_EMIT keyPressed(pitch);
        update();
    }
}

void KeyboardRuler::mouseReleaseEvent(QMouseEvent*) {
    pressedPitch_ = -1;
    update();
}

void KeyboardRuler::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier)
        viewport_->zoomY(std::pow(1.0015, event->angleDelta().y()), event->position().y());
    else
        viewport_->scrollBy(0, -event->angleDelta().y() * 0.5);
    event->accept();
}

}  // namespace mozart::ui
