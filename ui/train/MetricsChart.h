// MetricsChart: one metric of one or more training runs as a Qt Charts line plot, each run in its
// colour (training loss also smoothed, TensorBoard style). The data stays exact in RunData; what is
// drawn is the min/max envelope of the visible x range at about one bucket per pixel, so 100,000
// points stay readable and cheap. X by step, wall time or tokens seen; linear or log y; rubber-band
// and wheel zoom, middle-button (or Ctrl+left) drag to pan, double click or resetZoom() to see all;
// the mouse reads out the nearest exact point. refresh() redraws; the panel calls it from its
// redraw timer only when something changed. The panel keeps its charts on one x range: it gives
// each the range of all the data (setFullXRange), and passes a user's zoom or pan in one chart
// (xViewChanged) to the others (setXView).
#pragma once

#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>

#include <vector>

#include "train/RunData.h"

QT_BEGIN_NAMESPACE
class QLineSeries;
class QLogValueAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace mozart::ui {

class MetricsChart : public QChartView {
    Q_OBJECT
public:
    MetricsChart(Metric metric, const QString& title, QWidget* parent = nullptr);

    Metric metric() const { return metric_; }
    void setRuns(std::vector<const RunData*> runs, std::vector<QColor> colours);
    void setXAxis(XAxis axis);
    void setLogY(bool on);
    void setSmoothing(double weight);  // training loss only; 0: no smoothed line
    void refresh();
    // refresh() when what it would show changed (the dashboard's timer during a run).
    void refreshIfChanged();
    void resetZoom();
    bool isZoomed() const { return zoomed_; }
    // The x range shown when not zoomed (NaN, NaN: this chart's own data).
    void setFullXRange(double x0, double x1);
    // Shows [x0, x1] as the user's zoom (another chart's), without emitting xViewChanged.
    void setXView(double x0, double x1);
    QPair<double, double> xRange() const;
    // The x extent of this chart's data for `axis` (x0 > x1 when it has none).
    QPair<double, double> dataXRange(XAxis axis) const;

    // What is drawn for run `i` (raw line, and the smoothed line of the training loss).
    QList<QPointF> plotted(int i) const;
    QList<QPointF> plottedSmoothed(int i) const;
    // The exact point nearest to x of the first run that has points, as the read-out shows it.
    QString readoutAt(double x) const;

Q_SIGNALS:
    void readout(const QString& text);
    // The user zoomed or panned this chart to [x0, x1], or reset its zoom (double click).
    void xViewChanged(double x0, double x1);
    void zoomReset();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildSeries();
    void attachY();
    std::vector<double> refreshKey() const;

    Metric metric_;
    QChart* chart_;
    QValueAxis* x_;
    QValueAxis* y_;
    QLogValueAxis* logY_;
    std::vector<const RunData*> runs_;
    std::vector<QColor> colours_;
    std::vector<QLineSeries*> raw_, smooth_;
    XAxis axis_ = XAxis::Step;
    bool log_ = false, zoomed_ = false, panning_ = false;
    double smoothing_ = 0.6;
    double fullX0_, fullX1_;  // NaN: own data
    QPoint panFrom_;
    std::vector<double> shownKey_;  // refreshKey() at the last refresh()
};

// Links the charts' x views: a zoom, rubber band or pan in one is applied to the others, and a
// double click resets them all (connections live as long as `context`).
void linkXViews(const std::vector<MetricsChart*>& charts, QObject* context);
// Gives every chart the x extent of all the charts' data for `axis` as its unzoomed range, so the
// plots line up (a validation plot under the training loss).
void shareFullXRange(const std::vector<MetricsChart*>& charts, XAxis axis);

}  // namespace mozart::ui
