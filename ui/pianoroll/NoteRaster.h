// NoteRaster: fills opaque axis-aligned rectangles straight into a QImage's pixels, clipped to a
// region. The piano roll draws tens of thousands of notes per frame when zoomed out; writing the
// pixels directly costs a fraction of QPainter::fillRect per note. Rectangles are given in
// logical (device-independent) pixels and snapped to device pixels, so HiDPI stays sharp.
#pragma once

#include <QImage>
#include <QRect>
#include <QRectF>
#include <algorithm>
#include <cmath>

namespace mozart::ui {

class NoteRaster {
public:
    // `image` is ARGB32 (premultiplied or not: colours are opaque), `clip` in logical pixels.
    NoteRaster(QImage& image, const QRect& clip)
        : bits_(image.bits()), stride_(image.bytesPerLine()), dpr_(image.devicePixelRatio()) {
        const QRect device(int(std::floor(clip.left() * dpr_)), int(std::floor(clip.top() * dpr_)),
                           int(std::ceil(clip.width() * dpr_)), int(std::ceil(clip.height() * dpr_)));
        clip_ = device.intersected(QRect(QPoint(0, 0), image.size()));
    }

    void fill(const QRectF& r, QRgb color) const {
        int x0 = round(r.left() * dpr_), x1 = round(r.right() * dpr_);
        int y0 = round(r.top() * dpr_), y1 = round(r.bottom() * dpr_);
        x1 = std::max(x1, x0 + 1);  // never thinner than one device pixel
        y1 = std::max(y1, y0 + 1);
        x0 = std::max(x0, clip_.left());
        y0 = std::max(y0, clip_.top());
        x1 = std::min(x1, clip_.right() + 1);
        y1 = std::min(y1, clip_.bottom() + 1);
        if (x0 >= x1 || y0 >= y1) return;
        for (int y = y0; y < y1; ++y) {
            auto* row = reinterpret_cast<QRgb*>(bits_ + qsizetype(y) * stride_);
            std::fill(row + x0, row + x1, color);
        }
    }

    double devicePixelRatio() const { return dpr_; }

private:
    // Nearest integer, halves up; inline because std::lround is a library call per edge.
    static int round(double v) {
        const double shifted = v + 0.5;
        int i = int(shifted);
        return shifted < i ? i - 1 : i;
    }
    uchar* bits_;
    qsizetype stride_;
    double dpr_;
    QRect clip_;
};

}  // namespace mozart::ui
