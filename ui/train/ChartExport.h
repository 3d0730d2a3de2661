// ChartExport: the dashboard's exports. CSV: every exact metric point of the given runs, one row
// per point (run, metric, step, seconds, tokens, value), values as metrics.jsonl has them (17
// significant digits). SVG: the charts as vector drawings (frame, axis ranges, one polyline per
// run and metric, from the same drawn points as on screen). PNG: a picture of a widget. Files are
// written atomically; nothing is overwritten that the caller did not confirm.
#pragma once

#include <QString>

#include <vector>

#include "train/MetricsChart.h"
#include "train/RunData.h"

class QWidget;

namespace mozart::ui {

QString metricName(Metric m);  // "train_loss", "validation_loss", ...
bool exportMetricsCsv(const std::vector<const RunData*>& runs, const QString& path, QString* error);
bool exportChartsSvg(const std::vector<MetricsChart*>& charts, const std::vector<QColor>& colours, const QString& path,
                     QString* error);
bool exportWidgetPng(QWidget* widget, const QString& path, QString* error);

}  // namespace mozart::ui
