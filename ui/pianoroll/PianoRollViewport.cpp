#include "pianoroll/PianoRollViewport.h"

#include <algorithm>
#include <cmath>

namespace mozart::ui {

namespace {
constexpr double kMinPixelsPerTick = 1e-4;
constexpr double kMaxPixelsPerTick = 4.0;
constexpr double kMinKeyHeight = 3.0;
constexpr double kMaxKeyHeight = 40.0;
}  // namespace

PianoRollViewport::PianoRollViewport(QObject* parent) : QObject(parent) {}

int PianoRollViewport::pitchForY(double y) const {
    return std::clamp(127 - int(std::floor((y + originY_) / keyHeight_)), 0, 127);
}

void PianoRollViewport::setContentLength(midi::Tick ticks) {
    contentLength_ = std::max<midi::Tick>(1, ticks);
    clamp();
    Q_EMIT changed();
}

void PianoRollViewport::setCanvasSize(int width, int height) {
    if (width == width_ && height == height_) return;
    width_ = std::max(1, width);
    height_ = std::max(1, height);
    clamp();
    Q_EMIT changed();
}

void PianoRollViewport::clamp() {
    pixelsPerTick_ = std::clamp(pixelsPerTick_, kMinPixelsPerTick, kMaxPixelsPerTick);
    keyHeight_ = std::clamp(keyHeight_, kMinKeyHeight, kMaxKeyHeight);
    const double maxTick = std::max(0.0, double(contentLength_) - width_ / pixelsPerTick_);
    originTick_ = std::clamp(originTick_, 0.0, maxTick);
    const double maxY = std::max(0.0, contentHeight() - height_);
    originY_ = std::clamp(originY_, 0.0, maxY);
}

void PianoRollViewport::scrollTo(double originTick, double originY, bool user) {
    originTick_ = originTick;
    originY_ = originY;
    clamp();
    Q_EMIT changed();
    if (user) Q_EMIT userNavigated();
}

void PianoRollViewport::scrollBy(double dxPixels, double dyPixels, bool user) {
    scrollTo(originTick_ + dxPixels / pixelsPerTick_, originY_ + dyPixels, user);
}

void PianoRollViewport::zoomX(double factor, double anchorX, bool user) {
    const double anchorTick = tickForX(anchorX);
    pixelsPerTick_ = std::clamp(pixelsPerTick_ * factor, kMinPixelsPerTick, kMaxPixelsPerTick);
    originTick_ = anchorTick - anchorX / pixelsPerTick_;  // the tick under the mouse stays put
    clamp();
    Q_EMIT changed();
    if (user) Q_EMIT userNavigated();
}

void PianoRollViewport::zoomY(double factor, double anchorY, bool user) {
    const double anchorContent = anchorY + originY_;
    const double ratio = std::clamp(keyHeight_ * factor, kMinKeyHeight, kMaxKeyHeight) / keyHeight_;
    keyHeight_ *= ratio;
    originY_ = anchorContent * ratio - anchorY;
    clamp();
    Q_EMIT changed();
    if (user) Q_EMIT userNavigated();
}

void PianoRollViewport::setPixelsPerTick(double ppt, bool user) {
    pixelsPerTick_ = ppt;
    clamp();
    Q_EMIT changed();
    if (user) Q_EMIT userNavigated();
}

void PianoRollViewport::zoomToFit(midi::Tick from, midi::Tick to) {
    const double span = std::max<double>(1.0, double(to - from));
    pixelsPerTick_ = std::clamp(width_ / span, kMinPixelsPerTick, kMaxPixelsPerTick);
    originTick_ = double(from);
    clamp();
    Q_EMIT changed();
    Q_EMIT userNavigated();
}

void PianoRollViewport::showPitches(int low, int high) {
    if (low > high) std::swap(low, high);
    const double rows = high - low + 1;
    // Fit the used range when it fits at a readable key height, else centre it.
    keyHeight_ = std::clamp(height_ / (rows + 4), 6.0, 16.0);
    const double centre = (127 - (low + high) / 2.0) * keyHeight_;
    originY_ = centre - height_ / 2.0;
    clamp();
    Q_EMIT changed();
}

}  // namespace mozart::ui
