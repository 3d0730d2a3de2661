// DatasetSummaryView: a picture of a scanned folder: pieces per composer, the pitch histogram of
// all notes, and how note density (notes per second) is spread over the pieces. Custom painting,
// recomputed when the browser hands it new scan results.
#pragma once

#include <QMap>
#include <QWidget>
#include <array>
#include <vector>

#include "dataset/PieceInfo.h"

namespace mozart::ui {

class DatasetSummaryView : public QWidget {
    Q_OBJECT
public:
    explicit DatasetSummaryView(QWidget* parent = nullptr);
    void setPieces(const std::vector<PieceInfo>& pieces);
    QSize sizeHint() const override { return {900, 170}; }
    QSize minimumSizeHint() const override { return {300, 140}; }

    // Figures behind the picture (also for tests).
    const QMap<QString, int>& piecesPerComposer() const { return perComposer_; }
    const std::array<double, 128>& pitchHistogram() const { return pitches_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintComposers(QPainter& p, const QRectF& area);
    void paintPitches(QPainter& p, const QRectF& area);
    void paintDensity(QPainter& p, const QRectF& area);

    QMap<QString, int> perComposer_;
    std::array<double, 128> pitches_{};
    std::vector<int> densityBins_;
    double densityBinWidth_ = 1.0;
    int scanned_ = 0, total_ = 0, errors_ = 0, duplicates_ = 0;
};

}  // namespace mozart::ui
