// PianoRollViewport: the shared mapping between ticks/pitches and pixels for the piano roll and
// its rulers and velocity lane: horizontal zoom (pixels per tick), key height, and scroll origin.
// Every part of the piano roll paints through this one object so they never disagree.
#pragma once

#include <QObject>

#include "midi/Score.h"

namespace mozart::ui {

class PianoRollViewport : public QObject {
    Q_OBJECT
public:
    explicit PianoRollViewport(QObject* parent = nullptr);

    double pixelsPerTick() const { return pixelsPerTick_; }
    double keyHeight() const { return keyHeight_; }
    double originTick() const { return originTick_; }
    double originY() const { return originY_; }
    int width() const { return width_; }
    int height() const { return height_; }

    double xForTick(double tick) const { return (tick - originTick_) * pixelsPerTick_; }
    double tickForX(double x) const { return originTick_ + x / pixelsPerTick_; }
    // Top edge of a pitch's row; pitch 127 is at the top.
    double yForPitch(int pitch) const { return (127 - pitch) * keyHeight_ - originY_; }
    int pitchForY(double y) const;
    double contentHeight() const { return 128 * keyHeight_; }

    midi::Tick visibleStart() const { return midi::Tick(originTick_); }
    midi::Tick visibleEnd() const { return midi::Tick(tickForX(width_)) + 1; }

    // Length of the piece (ticks) plus room to add notes after it; bounds the horizontal scroll.
    void setContentLength(midi::Tick ticks);
    midi::Tick contentLength() const { return contentLength_; }
    void setCanvasSize(int width, int height);

    // `user` marks a change the user made (scroll, zoom): it suspends follow-playhead.
    void scrollTo(double originTick, double originY, bool user = true);
    void scrollBy(double dxPixels, double dyPixels, bool user = true);
    void zoomX(double factor, double anchorX, bool user = true);
    void zoomY(double factor, double anchorY, bool user = true);
    void setPixelsPerTick(double ppt, bool user = true);
    // Whole piece width across the canvas.
    void zoomToFit(midi::Tick from, midi::Tick to);
    // Centre the given pitch range vertically.
    void showPitches(int low, int high);

Q_SIGNALS:
    void changed();
    void userNavigated();

private:
    void clamp();
    double pixelsPerTick_ = 0.1;
    double keyHeight_ = 12.0;
    double originTick_ = 0.0;
    double originY_ = 0.0;
    int width_ = 800, height_ = 600;
    midi::Tick contentLength_ = 1920 * 16;
};

}  // namespace mozart::ui
