#include "pianoroll/KeyboardRuler.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

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
    QFont f = font();
    f.setPointSizeF(std::max(6.0, std::min(f.pointSizeF() * 0.8, kh * 0.75)));
    p.setFont(f);
    const bool allNames = kh >= 13.0;
    for (int pitch = bottom; pitch <= top; ++pitch) {
        const double y = viewport_->yForPitch(pitch);
        const QRectF row(0, y, width(), kh);
        if (isBlack(pitch)) p.fillRect(QRectF(0, y, width() * 0.62, kh), QColor(35, 35, 38));
        if (pitch == pressedPitch_ || pitch == highlighted_)
            p.fillRect(row.adjusted(0, 0, 0, 0), QColor(255, 190, 80, 180));
        if (pitch % 12 == 0 || pitch % 12 == 5)
            p.fillRect(QRectF(0, y + kh - 1, width(), 1), QColor(150, 150, 150));
        if (pitch % 12 == 0 || (allNames && !isBlack(pitch))) {
            p.setPen(pitch % 12 == 0 ? QColor(20, 20, 20) : QColor(110, 110, 110));
            p.drawText(row.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter,
                       QString::fromStdString(midi::noteName(pitch)));
        }
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
