// TrainForm: every option of `mozart train` as a field with its default (data folder and its
// composer labels with piece counts, tokenizer, model size with its parameter count, fine-tuning
// with an optional LoRA rank, schedule, batches, validation, checkpoints, augmentation). check()
// turns the fields into train::TrainRunOptions through core's planTrainRun, so the form refuses
// exactly what the CLI refuses, with the same sentence, shown under the form and on the field.
// Counting the pieces of a folder runs on a worker thread.
#pragma once

#include <QFutureWatcher>
#include <QMap>
#include <QWidget>

#include <optional>

#include "train/TrainRunPlan.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QFormLayout;
class QComboBox;
class QLabel;
class QLineEdit;
QT_END_NAMESPACE

namespace mozart::ui {

struct FolderLabels {
    QString folder;
    QStringList labels;  // "Bach (12)"
    int pieces = 0;
};

class TrainForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainForm(QWidget* parent = nullptr);

    void setDataFolder(const QString& folder);
    void setRunFolder(const QString& folder);
    QString dataFolder() const;
    QString runFolder() const;

    // The options the fields say (resume/force false), or nullopt with the reason shown.
    std::optional<train::TrainRunOptions> check();
    QString error() const { return error_; }
    // The samples timeline's interval in validations (0: none), as the last check() read it.
    int samplesEvery() const { return samplesEvery_; }
    QString errorField() const { return errorField_; }
    // The field widget for an option key ("seq", "lr", ...), for tests and error marks.
    QWidget* field(const QString& key) const { return fields_.value(key); }
    QString labelsText() const;
    QString parametersText() const;

Q_SIGNALS:
    void changed();

private:
    QLineEdit* addLine(const QString& key, const QString& label, const QString& value, const QString& tip);
    QCheckBox* addCheck(const QString& key, const QString& label, bool value, const QString& tip);
    void buildFields();
    int samplesEvery_ = 2;
    void countPieces();
    void updateParameters();
    void showError(const QString& field, const QString& text);
    std::optional<train::TrainRunOptions> read(QString* field, QString* error) const;

    QMap<QString, QWidget*> fields_;
    QFormLayout* form_ = nullptr;  // the group being filled
    QComboBox* tokenizer_;
    QComboBox* size_;
    QLabel* labels_;
    QLabel* parameters_;
    QLabel* errorLabel_;
    QString error_, errorField_;
    QFutureWatcher<FolderLabels> counter_;
    FolderLabels counted_;
};

}  // namespace mozart::ui
