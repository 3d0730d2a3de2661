// KeyboardRuler: the piano keyboard at the left of the piano roll with note names; pressing a key
// sounds that pitch with the current track's instrument.
#pragma once

#include <QWidget>

#include "pianoroll/PianoRollViewport.h"

namespace mozart::ui {

class KeyboardRuler : public QWidget {
    Q_OBJECT
public:
    KeyboardRuler(PianoRollViewport* viewport, QWidget* parent = nullptr);
    QSize sizeHint() const override { return {64, 400}; }
    void setHighlightedPitch(int pitch);

Q_SIGNALS:
    void keyPressed(int pitch);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    PianoRollViewport* viewport_;
    int pressedPitch_ = -1;
    int highlighted_ = -1;
};

}  // namespace mozart::ui
