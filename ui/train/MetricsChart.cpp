#include "train/MetricsChart.h"

#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "train/SeriesMath.h"

namespace mozart::ui {

namespace {

std::vector<XY> pointsOf(const RunData& run, Metric m, XAxis axis, bool log) {
    std::vector<XY> out;
    const auto& s = run.series(m);
    out.reserve(s.size());
    for (const auto& p : s)
        if (!log || p.value > 0) out.push_back({p.x(axis), p.value});
    // A resumed run's wall time restarts nowhere (it is cumulative) but keep x ascending for
    // the envelope's binary search.
    std::stable_sort(out.begin(), out.end(), [](const XY& a, const XY& b) { return a.x < b.x; });
    return out;
}

QList<QPointF> toQt(const std::vector<XY>& points) {
    QList<QPointF> out;
    out.reserve(qsizetype(points.size()));
    for (const auto& p : points) out.append(QPointF(p.x, p.y));
    return out;
}

// Qt's loose nice numbers (as QValueAxis::applyNiceNumbers, for a fixed 5 ticks), so the range is
// a function of the data alone: while it stays the same the axis is left alone. Setting a range
// lays every label of the chart out again, the costliest part of a refresh during a fast run.
double niceNumber(double x, bool ceiling) {
    const double z = std::pow(10.0, std::floor(std::log10(x)));
    const double q = x / z;
    if (ceiling) return (q <= 1.0 ? 1 : q <= 2.0 ? 2 : q <= 5.0 ? 5 : 10) * z;
    return (q < 1.5 ? 1 : q < 3.0 ? 2 : q < 7.0 ? 5 : 10) * z;
}

struct NiceRange {
    double lo = 0, hi = 0;
    int ticks = 0;
};

NiceRange niceRange(double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
    if (!(hi > lo)) hi = lo + std::max(1e-9, std::abs(lo) * 1e-6);
    const double step = niceNumber(niceNumber(hi - lo, true) / 4, false);
    const double a = std::floor(lo / step), b = std::ceil(hi / step);
    return {a * step, b * step, int(std::min(b - a, 20.0)) + 1};
}

void setNiceRange(QValueAxis* axis, double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return;
    const NiceRange r = niceRange(lo, hi);
    if (axis->min() != r.lo || axis->max() != r.hi) axis->setRange(r.lo, r.hi);
    if (axis->tickCount() != r.ticks) axis->setTickCount(r.ticks);
}

QString axisTitle(XAxis axis) {
    switch (axis) {
        case XAxis::Step: return MetricsChart::tr("step");
        case XAxis::Time: return MetricsChart::tr("seconds");
        case XAxis::Tokens: return MetricsChart::tr("tokens");
    }
    return {};
}

}  // namespace

MetricsChart::MetricsChart(Metric metric, const QString& title, QWidget* parent)
    : QChartView(parent), metric_(metric), chart_(new QChart), x_(new QValueAxis), y_(new QValueAxis),
      logY_(new QLogValueAxis), fullX0_(std::nan("")), fullX1_(std::nan("")) {
    setObjectName(QStringLiteral("chart") + QString::number(int(metric)));
    chart_->setTitle(title);
    chart_->legend()->setVisible(false);
    chart_->setMargins(QMargins(2, 2, 2, 2));
    chart_->setAnimationOptions(QChart::NoAnimation);
    // Square corners: the rounded background is an anti-aliased path filled on every repaint
    // (13% of the dashboard's GUI time during a run, perf), a plain rectangle is a fill.
    chart_->setBackgroundRoundness(0);
    x_->setTitleText(axisTitle(axis_));
    x_->setLabelFormat(QStringLiteral("%.4g"));
    // Learning rates are tiny and tokens/s large: formats that fit the axis's width.
    y_->setLabelFormat(metric == Metric::LearningRate      ? QStringLiteral("%.1e")
                       : metric == Metric::TokensPerSecond ? QStringLiteral("%.0f")
                                                           : QStringLiteral("%.4g"));
    logY_->setLabelFormat(QStringLiteral("%.3g"));
    logY_->setBase(10);
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);
    setChart(chart_);
    setRenderHint(QPainter::Antialiasing, false);
    setRubberBand(QChartView::RectangleRubberBand);
    setMouseTracking(true);
    setMinimumSize(220, 150);
}

void MetricsChart::setRuns(std::vector<const RunData*> runs, std::vector<QColor> colours) {
    runs_ = std::move(runs);
    colours_ = std::move(colours);
    rebuildSeries();
    refresh();
}

void MetricsChart::rebuildSeries() {
    chart_->removeAllSeries();
    raw_.clear();
    smooth_.clear();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        const QColor colour = i < colours_.size() ? colours_[i] : QColor(Qt::blue);
        const bool smoothed = metric_ == Metric::TrainLoss && smoothing_ > 0;
        auto* raw = new QLineSeries;
        raw->setName(runs_[i]->name());
        QColor rawColour = colour;
        if (smoothed) rawColour.setAlpha(70);  // the raw line faint behind the smoothed one
        raw->setPen(QPen(rawColour, 1));
        chart_->addSeries(raw);
        raw->attachAxis(x_);
        raw_.push_back(raw);
        auto* smooth = new QLineSeries;
        smooth->setName(runs_[i]->name() + tr(" (smoothed)"));
        smooth->setPen(QPen(colour, 2));
        chart_->addSeries(smooth);
        smooth->attachAxis(x_);
        smooth->setVisible(smoothed);
        smooth_.push_back(smooth);
    }
    attachY();
    chart_->legend()->setVisible(runs_.size() > 1);
    for (QLegendMarker* marker : chart_->legend()->markers())
        if (marker->series() && marker->series()->name().endsWith(tr(" (smoothed)"))) marker->setVisible(false);
}

void MetricsChart::attachY() {
    QAbstractAxis* want = log_ ? static_cast<QAbstractAxis*>(logY_) : static_cast<QAbstractAxis*>(y_);
    QAbstractAxis* other = log_ ? static_cast<QAbstractAxis*>(y_) : static_cast<QAbstractAxis*>(logY_);
    if (chart_->axes(Qt::Vertical).contains(other)) {
        for (auto* s : chart_->series()) s->detachAxis(other);
        chart_->removeAxis(other);
    }
    if (!chart_->axes(Qt::Vertical).contains(want)) chart_->addAxis(want, Qt::AlignLeft);
    for (auto* s : chart_->series())
        if (!s->attachedAxes().contains(want)) s->attachAxis(want);
}

void MetricsChart::setXAxis(XAxis axis) {
    axis_ = axis;
    x_->setTitleText(axisTitle(axis));
    zoomed_ = false;
    refresh();
}

void MetricsChart::setLogY(bool on) {
    if (on == log_) return;
    log_ = on;
    attachY();
    zoomed_ = false;
    refresh();
}

void MetricsChart::setSmoothing(double weight) {
    smoothing_ = std::clamp(weight, 0.0, 0.999);
    if (metric_ != Metric::TrainLoss) return;
    for (std::size_t i = 0; i < raw_.size(); ++i) {
        QColor c = raw_[i]->pen().color();
        c.setAlpha(smoothing_ > 0 ? 70 : 255);
        raw_[i]->setPen(QPen(c, 1));
        smooth_[i]->setVisible(smoothing_ > 0);
    }
    refresh();
}

void MetricsChart::resetZoom() {
    zoomed_ = false;
    refresh();
}

// What a refresh would show, in brief: the size and last point of every run's series, the x
// range as the axis would round it, and the view's settings. A validation plot between two
// validations, or any plot of a paused run, keeps the same key while the training's x grows
// inside the axis's rounded range.
std::vector<double> MetricsChart::refreshKey() const {
    std::vector<double> key = {double(axis_), log_ ? 1.0 : 0.0, zoomed_ ? 1.0 : 0.0, smoothing_, chart_->plotArea().width()};
    for (const RunData* run : runs_) {
        const auto& s = run->series(metric_);
        key.push_back(double(reinterpret_cast<std::uintptr_t>(run)));
        key.push_back(double(s.size()));
        if (!s.empty()) key.insert(key.end(), {s.back().x(axis_), s.back().value});
    }
    if (zoomed_) {
        key.insert(key.end(), {x_->min(), x_->max()});
    } else if (std::isfinite(fullX0_) && std::isfinite(fullX1_) && fullX0_ <= fullX1_) {
        const NiceRange r = niceRange(fullX0_, fullX1_);
        key.insert(key.end(), {r.lo, r.hi, double(r.ticks)});
    } else {
        key.push_back(NAN);  // its own data's range: the series above say whether it changed
    }
    return key;
}

void MetricsChart::refreshIfChanged() {
    const std::vector<double> key = refreshKey();
    // NaN never equals itself: compare bit for bit so an unchanged key with a NaN still matches.
    if (key.size() == shownKey_.size() && std::memcmp(key.data(), shownKey_.data(), key.size() * sizeof(double)) == 0) return;
    refresh();
}

void MetricsChart::refresh() {
    shownKey_ = refreshKey();
    double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
    std::vector<std::vector<XY>> all;
    for (const RunData* run : runs_) {
        all.push_back(pointsOf(*run, metric_, axis_, log_));
        for (const auto& p : all.back()) {
            x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
            y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
        }
    }
    const bool any = x0 <= x1;
    // Unzoomed, every chart of the panel shows the x range of all its data, so a validation
    // plot lines up under the training loss.
    const bool shared = std::isfinite(fullX0_) && std::isfinite(fullX1_) && fullX0_ <= fullX1_;
    if (shared) x0 = fullX0_, x1 = fullX1_;
    double vx0 = zoomed_ ? x_->min() : x0, vx1 = zoomed_ ? x_->max() : x1;
    if (!any && !shared && !zoomed_) vx0 = 0, vx1 = 1;
    const std::size_t buckets = std::size_t(std::max(50, int(chart_->plotArea().width())));
    for (std::size_t i = 0; i < all.size() && i < raw_.size(); ++i) {
        raw_[i]->replace(toQt(minMaxEnvelope(all[i], vx0, vx1, buckets)));
        if (smooth_[i]->isVisible()) {
            std::vector<double> values;
            values.reserve(all[i].size());
            for (const auto& p : all[i]) values.push_back(p.y);
            const auto smoothed = debiasedEma(values, smoothing_);
            std::vector<XY> points(all[i]);
            for (std::size_t k = 0; k < points.size(); ++k) points[k].y = smoothed[k];
            smooth_[i]->replace(toQt(minMaxEnvelope(points, vx0, vx1, buckets)));
        }
    }
    if (zoomed_) return;
    if (!any) y0 = log_ ? 0.1 : 0, y1 = 1;
    if (x1 <= x0) x1 = x0 + 1;
    if (any || shared) setNiceRange(x_, vx0, vx1);  // round ticks (the data still fills the plot)
    else x_->setRange(vx0, std::max(vx1, vx0 + 1e-9));
    if (log_) {
        if (logY_->min() != y0 * 0.9 || logY_->max() != y1 * 1.1) logY_->setRange(y0 * 0.9, y1 * 1.1);
    } else {
        const double pad = y1 > y0 ? 0.05 * (y1 - y0) : std::max(1e-6, std::abs(y0) * 0.05);
        // Data that is never negative (learning rate, accuracy, tokens/s) gets no negative axis.
        setNiceRange(y_, y0 >= 0 ? std::max(0.0, y0 - pad) : y0 - pad, y1 + pad);
    }
}

void MetricsChart::setFullXRange(double x0, double x1) {
    fullX0_ = x0;
    fullX1_ = x1;
}

void MetricsChart::setXView(double x0, double x1) {
    if (!(x1 > x0)) return;
    zoomed_ = true;
    x_->setRange(x0, x1);
    refresh();
}

QPair<double, double> MetricsChart::xRange() const { return {x_->min(), x_->max()}; }

QPair<double, double> MetricsChart::dataXRange(XAxis axis) const {
    double x0 = HUGE_VAL, x1 = -HUGE_VAL;
    for (const RunData* run : runs_)
        for (const auto& p : run->series(metric_))
            if (!log_ || p.value > 0) x0 = std::min(x0, p.x(axis)), x1 = std::max(x1, p.x(axis));
    return {x0, x1};
}

QList<QPointF> MetricsChart::plotted(int i) const {
    return i >= 0 && i < int(raw_.size()) ? raw_[std::size_t(i)]->points() : QList<QPointF>{};
}

QList<QPointF> MetricsChart::plottedSmoothed(int i) const {
    return i >= 0 && i < int(smooth_.size()) ? smooth_[std::size_t(i)]->points() : QList<QPointF>{};
}

QString MetricsChart::readoutAt(double x) const {
    for (const RunData* run : runs_) {
        const auto& s = run->series(metric_);
        if (s.empty()) continue;
        const MetricPoint* best = &s.front();
        for (const auto& p : s)
            if (std::abs(p.x(axis_) - x) < std::abs(best->x(axis_) - x)) best = &p;
        return tr("%1  step %2  %3  %4").arg(run->name()).arg(qint64(best->step)).arg(chart_->title())
            .arg(best->value, 0, 'g', 6);
    }
    return {};
}

void MetricsChart::wheelEvent(QWheelEvent* event) {
    const double factor = event->angleDelta().y() > 0 ? 1.25 : 0.8;
    chart_->zoom(factor);
    zoomed_ = true;
    refresh();
    Q_EMIT xViewChanged(x_->min(), x_->max());
    event->accept();
}

void MetricsChart::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && event->modifiers() & Qt::ControlModifier)) {
        panning_ = true;
        panFrom_ = event->position().toPoint();
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void MetricsChart::mouseMoveEvent(QMouseEvent* event) {
    if (panning_) {
        const QPoint d = event->position().toPoint() - panFrom_;
        panFrom_ = event->position().toPoint();
        chart_->scroll(-d.x(), d.y());
        zoomed_ = true;
        refresh();
        Q_EMIT xViewChanged(x_->min(), x_->max());
        event->accept();
        return;
    }
    const QPointF value = chart_->mapToValue(event->position());
    if (chart_->plotArea().contains(event->position())) {
        const QString text = readoutAt(value.x());
        if (!text.isEmpty()) {
            QToolTip::showText(event->globalPosition().toPoint(), text, this);
            Q_EMIT readout(text);
        }
    }
    QChartView::mouseMoveEvent(event);
}

void MetricsChart::mouseReleaseEvent(QMouseEvent* event) {
    if (panning_) {
        panning_ = false;
        event->accept();
        return;
    }
    // QChartView zooms into the rubber band on a left release and out on a right one.
    const double x0 = x_->min(), x1 = x_->max();
    QChartView::mouseReleaseEvent(event);
    if (x_->min() != x0 || x_->max() != x1) {
        zoomed_ = true;
        refresh();
        Q_EMIT xViewChanged(x_->min(), x_->max());
    }
}

void MetricsChart::mouseDoubleClickEvent(QMouseEvent* event) {
    resetZoom();
    Q_EMIT zoomReset();
    event->accept();
}

void MetricsChart::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    refresh();
}

void linkXViews(const std::vector<MetricsChart*>& charts, QObject* context) {
    for (MetricsChart* chart : charts) {
        QObject::connect(chart, &MetricsChart::xViewChanged, context, [charts, chart](double x0, double x1) {
            for (auto* c : charts)
                if (c != chart) c->setXView(x0, x1);
        });
        QObject::connect(chart, &MetricsChart::zoomReset, context, [charts] {
            for (auto* c : charts) c->resetZoom();
        });
    }
}

void shareFullXRange(const std::vector<MetricsChart*>& charts, XAxis axis) {
    double x0 = HUGE_VAL, x1 = -HUGE_VAL;
    for (auto* c : charts) {
        const auto r = c->dataXRange(axis);
        x0 = std::min(x0, r.first), x1 = std::max(x1, r.second);
    }
    if (x0 > x1) x0 = x1 = std::nan("");
    for (auto* c : charts) c->setFullXRange(x0, x1);
}

}  // namespace mozart::ui
