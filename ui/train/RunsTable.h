// RunsTable: the runs overlaid in the dashboard, one row each (name, date, dataset, shape,
// parameters, steps, best validation loss, tokens/s) in the run's plot colour, followed by one
// column per hyper-parameter (trainer or model key of config.json) whose values differ between
// the runs, highlighted: what to look at when two curves part.
#pragma once

#include <QColor>
#include <QTableWidget>

#include <vector>

#include "train/RunData.h"

namespace mozart::ui {

class RunsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit RunsTable(QWidget* parent = nullptr);
    void setRuns(const std::vector<const RunData*>& runs, const std::vector<QColor>& colours);
    // The keys shown as differing ("trainer.learning_rate", "model.width", ...).
    QStringList differingKeys() const { return differing_; }

private:
    QStringList differing_;
};

}  // namespace mozart::ui
