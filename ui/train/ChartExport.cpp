#include "train/ChartExport.h"

#include <QBuffer>
#include <QChart>
#include <QPixmap>
#include <QSaveFile>
#include <QValueAxis>
#include <QWidget>

#include <cmath>

namespace mozart::ui {

namespace {

bool save(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) *error = path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    return true;
}

QString num(double v) { return QString::number(v, 'g', 17); }

QString escaped(QString text) {
    return text.replace(QLatin1Char('&'), QStringLiteral("&amp;")).replace(QLatin1Char('<'), QStringLiteral("&lt;"));
}

QString csvField(QString text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))) return text;
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

}  // namespace

QString metricName(Metric m) {
    static const char* names[kMetricCount] = {"train_loss", "validation_loss", "perplexity", "accuracy",
                                              "learning_rate", "grad_norm", "tokens_per_second"};
    return QLatin1String(names[int(m)]);
}

bool exportMetricsCsv(const std::vector<const RunData*>& runs, const QString& path, QString* error) {
    QByteArray out = "run,metric,step,seconds,tokens,value\n";
    for (const RunData* run : runs)
        for (int m = 0; m < kMetricCount; ++m)
            for (const MetricPoint& p : run->series(Metric(m)))
                out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                           .arg(csvField(run->name()), metricName(Metric(m)), QString::number(qint64(p.step)), num(p.seconds),
                                QString::number(qint64(p.tokens)), num(p.value))
                           .toUtf8();
    return save(path, out, error);
}

bool exportChartsSvg(const std::vector<MetricsChart*>& charts, const std::vector<QColor>& colours, const QString& path,
                     QString* error) {
    const int w = 420, h = 260, columns = 2;
    const int rows = int((charts.size() + columns - 1) / columns);
    QString svg = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                 "width=\"%1\" height=\"%2\" font-family=\"sans-serif\" font-size=\"11\">\n")
                      .arg(w * columns).arg(h * rows);
    for (std::size_t i = 0; i < charts.size(); ++i) {
        MetricsChart* chart = charts[i];
        const int ox = int(i % columns) * w, oy = int(i / columns) * h;
        const QRectF plot(ox + 50, oy + 25, w - 65, h - 55);
        double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
        std::vector<QList<QPointF>> lines;
        for (int r = 0; r < int(colours.size()); ++r) {
            lines.push_back(chart->plotted(r));
            lines.push_back(chart->plottedSmoothed(r));
        }
        for (const auto& line : lines)
            for (const QPointF& p : line) x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x()), y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-weight=\"bold\">%3</text>\n").arg(ox + 50).arg(oy + 16).arg(escaped(chart->chart()->title()));
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" stroke=\"#888\"/>\n")
                   .arg(plot.x()).arg(plot.y()).arg(plot.width()).arg(plot.height());
        if (!(x0 <= x1)) continue;
        if (x1 == x0) x1 = x0 + 1;
        if (y1 == y0) y1 = y0 + 1;
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"end\">%3</text><text x=\"%1\" y=\"%4\" text-anchor=\"end\">%5</text>\n")
                   .arg(plot.x() - 4).arg(plot.y() + 8).arg(num(y1).left(8)).arg(plot.bottom()).arg(num(y0).left(8));
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\">%3</text><text x=\"%4\" y=\"%2\" text-anchor=\"end\">%5</text>\n")
                   .arg(plot.x()).arg(plot.bottom() + 14).arg(num(x0).left(10)).arg(plot.right()).arg(num(x1).left(10));
        for (std::size_t l = 0; l < lines.size(); ++l) {
            if (lines[l].isEmpty()) continue;
            QString points;
            for (const QPointF& p : lines[l])
                points += QStringLiteral("%1,%2 ")
                              .arg(plot.x() + (p.x() - x0) / (x1 - x0) * plot.width(), 0, 'f', 2)
                              .arg(plot.bottom() - (p.y() - y0) / (y1 - y0) * plot.height(), 0, 'f', 2);
            const QColor c = colours[l / 2];
            const bool smoothed = l % 2 == 1, faint = !smoothed && !lines[l + 1].isEmpty();
            svg += QStringLiteral("<polyline fill=\"none\" stroke=\"%1\" stroke-opacity=\"%2\" stroke-width=\"%3\" points=\"%4\"/>\n")
                       .arg(c.name()).arg(faint ? 0.35 : 1.0)
                       .arg(smoothed ? 2 : 1).arg(points.trimmed());
        }
    }
    svg += QStringLiteral("</svg>\n");
    return save(path, svg.toUtf8(), error);
}

bool exportWidgetPng(QWidget* widget, const QString& path, QString* error) {
    const QPixmap picture = widget->grab();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!picture.save(&buffer, "PNG")) {
        if (error) *error = path + QStringLiteral(": the picture could not be encoded");
        return false;
    }
    return save(path, bytes, error);
}

}  // namespace mozart::ui
