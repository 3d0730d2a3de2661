#include "generate/PianoRollThumbnail.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "document/PieceDocument.h"

namespace mozart::ui {

QImage pianoRollThumbnail(const midi::Score& score, QSize size, qreal devicePixelRatio) {
    const qreal ratio = std::max<qreal>(1.0, devicePixelRatio);
    const QSize pixels(std::max(1, int(std::lround(size.width() * ratio))), std::max(1, int(std::lround(size.height() * ratio))));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(38, 40, 46));  // the piano roll's background
    int low = 127, high = 0;
    midi::Tick end = 0;
    for (const auto& t : score.tracks)
        for (const auto& n : t.notes) {
            low = std::min<int>(low, n.pitch);
            high = std::max<int>(high, n.pitch);
            end = std::max(end, std::max(n.end(), n.start + 1));
        }
    if (end > 0) {
        // At least an octave high, centred, so a few notes do not become tall blocks.
        if (high - low < 12) {
            const int grow = 12 - (high - low);
            low = std::max(0, low - grow / 2);
            high = std::min(127, low + 12);
        }
        const double w = pixels.width(), h = pixels.height();
        const double rowHeight = h / double(high - low + 1);
        const double tickWidth = w / double(end);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, false);
        for (std::size_t ti = 0; ti < score.tracks.size(); ++ti) {
            const QColor color = PieceDocument::trackColor(int(ti)).lighter(150);
            for (const auto& n : score.tracks[ti].notes) {
                const double x = n.start * tickWidth;
                const double y = (high - n.pitch) * rowHeight;
                // Two pixels high at least: a wide pitch range still shows every note.
                p.fillRect(QRectF(x, y, std::max(1.0, n.duration * tickWidth), std::max(2.0, rowHeight)), color);
            }
        }
    }
    image.setDevicePixelRatio(ratio);
    return image;
}

}  // namespace mozart::ui
