#include "train/RunsTable.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>

#include <cmath>

#include "model/ModelConfig.h"

namespace mozart::ui {

namespace {

QString valueText(const QJsonValue& v) {
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 6);
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isString()) return v.toString();
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("v"), v}}).toJson(QJsonDocument::Compact)).mid(5).chopped(1);
}

qint64 parameters(const QJsonObject& model) {
    mozart::model::ModelConfig c;
    std::string error;
    const QByteArray json = QJsonDocument(model).toJson(QJsonDocument::Compact);
    if (model.isEmpty() || !mozart::model::parseModelConfig(json.toStdString(), c, &error)) return -1;
    return qint64(mozart::model::parameterCount(c));
}

}  // namespace

RunsTable::RunsTable(QWidget* parent) : QTableWidget(parent) {
    setObjectName(QStringLiteral("runsTable"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setStretchLastSection(true);
}

void RunsTable::setRuns(const std::vector<const RunData*>& runs, const std::vector<QColor>& colours) {
    // The hyper-parameters whose values are not the same in every run.
    differing_.clear();
    if (runs.size() > 1) {
        for (const char* section : {"trainer", "model"}) {
            QStringList keys;
            for (const RunData* r : runs)
                for (const QString& k : r->config().value(QLatin1String(section)).toObject().keys())
                    if (!keys.contains(k)) keys << k;
            keys.sort();
            for (const QString& k : keys) {
                const QJsonValue first = runs[0]->config().value(QLatin1String(section)).toObject().value(k);
                for (const RunData* r : runs)
                    if (r->config().value(QLatin1String(section)).toObject().value(k) != first) {
                        differing_ << QLatin1String(section) + QLatin1Char('.') + k;
                        break;
                    }
            }
        }
    }
    const QStringList fixed = {tr("Run"), tr("Date"), tr("Dataset"), tr("Shape"), tr("Parameters"), tr("Steps"),
                               tr("Best validation loss"), tr("Tokens/s")};
    setColumnCount(int(fixed.size() + differing_.size()));
    QStringList headers = fixed;
    for (const QString& k : differing_) headers << k.section(QLatin1Char('.'), 1);
    setHorizontalHeaderLabels(headers);
    setRowCount(int(runs.size()));
    const QLocale locale;
    for (int row = 0; row < int(runs.size()); ++row) {
        const RunData& r = *runs[std::size_t(row)];
        const QJsonObject model = r.config().value(QStringLiteral("model")).toObject();
        const QJsonObject notes = r.config().value(QStringLiteral("notes")).toObject();
        const qint64 params = parameters(model);
        const QStringList cells = {
            r.name(),
            QFileInfo(r.folder() + QStringLiteral("/config.json")).lastModified().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
            notes.value(QStringLiteral("trained_on")).toString(),
            model.isEmpty() ? QString()
                            : QStringLiteral("%1×%2").arg(model.value(QStringLiteral("width")).toInt()).arg(model.value(QStringLiteral("layers")).toInt()),
            params < 0 ? QString() : locale.toString(params),
            r.maxSteps() > 0 ? QStringLiteral("%1/%2").arg(r.step()).arg(r.maxSteps()) : QString::number(r.step()),
            std::isfinite(r.bestValidationLoss())
                ? QStringLiteral("%1 (step %2)").arg(r.bestValidationLoss(), 0, 'f', 4).arg(r.bestStep())
                : QString(),
            r.tokensPerSecond() > 0 ? locale.toString(r.tokensPerSecond(), 'f', 0) : QString()};
        for (int c = 0; c < int(cells.size()); ++c) setItem(row, c, new QTableWidgetItem(cells[c]));
        if (std::size_t(row) < colours.size()) item(row, 0)->setForeground(colours[std::size_t(row)]);
        for (int k = 0; k < int(differing_.size()); ++k) {
            const QString section = differing_[k].section(QLatin1Char('.'), 0, 0);
            const QString key = differing_[k].section(QLatin1Char('.'), 1);
            auto* cell = new QTableWidgetItem(valueText(r.config().value(section).toObject().value(key)));
            cell->setBackground(QColor(255, 236, 150));  // differs between the runs
            setItem(row, int(fixed.size()) + k, cell);
        }
    }
    resizeColumnsToContents();
}

}  // namespace mozart::ui
