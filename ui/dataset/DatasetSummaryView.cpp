#include "dataset/DatasetSummaryView.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "document/PieceDocument.h"

namespace mozart::ui {

DatasetSummaryView::DatasetSummaryView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
}

void DatasetSummaryView::setPieces(const std::vector<PieceInfo>& pieces) {
    perComposer_.clear();
    pitches_.fill(0);
    total_ = int(pieces.size());
    scanned_ = errors_ = duplicates_ = 0;
    std::vector<double> density;
    for (const auto& p : pieces) {
        perComposer_[p.composer.empty() ? tr("(no folder)") : QString::fromStdString(p.composer)] += 1;
        if (!p.scanned) continue;
        ++scanned_;
        if (!p.error.empty()) {
            ++errors_;
            continue;
        }
        if (!p.duplicateOf.empty()) {
            ++duplicates_;
            continue;  // counted once, or duplicates would skew the statistics
        }
        for (int i = 0; i < 128; ++i) pitches_[std::size_t(i)] += p.pitchHistogram[std::size_t(i)];
        if (p.seconds > 0) density.push_back(p.notesPerSecond());
    }
    densityBins_.assign(20, 0);
    const double maxDensity = density.empty() ? 1.0 : *std::max_element(density.begin(), density.end());
    densityBinWidth_ = std::max(0.5, std::ceil(maxDensity / 20.0 * 2) / 2);
    for (double d : density) densityBins_[std::min<std::size_t>(19, std::size_t(d / densityBinWidth_))] += 1;
    update();
}

void DatasetSummaryView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const double w = width(), h = height();
    const double gap = 12;
    if (w < 700 && h >= 240) {
        // Beside the table (narrow and tall): the three pictures stacked.
        const double row = (h - 4 * gap) / 3.0;
        paintComposers(p, QRectF(gap, gap, w - 2 * gap, row));
        paintPitches(p, QRectF(gap, 2 * gap + row, w - 2 * gap, row));
        paintDensity(p, QRectF(gap, 3 * gap + 2 * row, w - 2 * gap, row));
        return;
    }
    const double third = (w - 4 * gap) / 3.0;
    paintComposers(p, QRectF(gap, gap, third * 0.8, h - 2 * gap));
    paintPitches(p, QRectF(2 * gap + third * 0.8, gap, third * 1.4, h - 2 * gap));
    paintDensity(p, QRectF(3 * gap + third * 2.2, gap, third * 0.8, h - 2 * gap));
}

void DatasetSummaryView::paintComposers(QPainter& p, const QRectF& area) {
    p.setPen(palette().text().color());
    p.drawText(area.topLeft() + QPointF(0, 12), tr("Pieces per composer (%1 of %2 scanned)").arg(scanned_).arg(total_));
    if (perComposer_.isEmpty()) return;
    const int maxCount = *std::max_element(perComposer_.begin(), perComposer_.end());
    const double top = area.top() + 22;
    const double row = std::min(22.0, (area.bottom() - top) / std::max<qsizetype>(1, perComposer_.size()));
    const double labelW = area.width() * 0.38;
    int i = 0;
    for (auto it = perComposer_.begin(); it != perComposer_.end(); ++it, ++i) {
        const double y = top + i * row;
        p.setPen(palette().text().color());
        p.drawText(QRectF(area.left(), y, labelW - 4, row), Qt::AlignRight | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(it.key(), Qt::ElideRight, int(labelW - 4)));
        const double bw = (area.width() - labelW - 36) * it.value() / std::max(1, maxCount);
        p.fillRect(QRectF(area.left() + labelW, y + 3, bw, row - 6), PieceDocument::trackColor(i));
        p.drawText(QRectF(area.left() + labelW + bw + 4, y, 40, row), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(it.value()));
    }
    if (errors_ || duplicates_) {
        p.setPen(QColor(200, 60, 40));
        p.drawText(QPointF(area.left(), area.bottom() - 2),
                   tr("%1 unreadable, %2 duplicates").arg(errors_).arg(duplicates_));
    }
}

void DatasetSummaryView::paintPitches(QPainter& p, const QRectF& area) {
    p.setPen(palette().text().color());
    p.drawText(area.topLeft() + QPointF(0, 12), tr("Pitch histogram (all notes)"));
    const QRectF plot(area.left(), area.top() + 20, area.width(), area.height() - 36);
    p.fillRect(plot, palette().alternateBase());
    const double maxV = *std::max_element(pitches_.begin(), pitches_.end());
    const double bw = plot.width() / 128.0;
    for (int i = 0; i < 128; ++i) {
        if (maxV <= 0) break;
        const double bh = pitches_[std::size_t(i)] / maxV * plot.height();
        const int k = i % 12;
        const bool black = k == 1 || k == 3 || k == 6 || k == 8 || k == 10;
        p.fillRect(QRectF(plot.left() + i * bw, plot.bottom() - bh, std::max(1.0, bw - 0.5), bh),
                   black ? QColor(60, 110, 190) : QColor(90, 150, 230));
    }
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    p.setFont(f);
    p.setPen(palette().text().color());
    for (int c = 0; c <= 9; ++c) {
        const double x = plot.left() + (c * 12 + 12) * bw;
        p.drawText(QPointF(x - 6, plot.bottom() + 13), QStringLiteral("C%1").arg(c));
    }
    p.setFont(font());
}

void DatasetSummaryView::paintDensity(QPainter& p, const QRectF& area) {
    p.setPen(palette().text().color());
    p.drawText(area.topLeft() + QPointF(0, 12), tr("Note density (notes per second)"));
    const QRectF plot(area.left(), area.top() + 20, area.width(), area.height() - 36);
    p.fillRect(plot, palette().alternateBase());
    if (densityBins_.empty()) return;
    const int maxBin = std::max(1, *std::max_element(densityBins_.begin(), densityBins_.end()));
    const double bw = plot.width() / double(densityBins_.size());
    for (std::size_t i = 0; i < densityBins_.size(); ++i) {
        const double bh = double(densityBins_[i]) / maxBin * plot.height();
        p.fillRect(QRectF(plot.left() + i * bw + 1, plot.bottom() - bh, bw - 2, bh), QColor(230, 140, 60));
    }
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    p.setFont(f);
    p.drawText(QPointF(plot.left(), plot.bottom() + 13), QStringLiteral("0"));
    const QString maxLabel = QString::number(densityBinWidth_ * double(densityBins_.size()), 'f', 0);
    p.drawText(QPointF(plot.right() - p.fontMetrics().horizontalAdvance(maxLabel), plot.bottom() + 13), maxLabel);
    p.setFont(font());
}

}  // namespace mozart::ui
