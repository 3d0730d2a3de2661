// ModelPicker: which model the Generate panel uses: the bundled default model (when installed or
// in the source tree), models used before, and "Open Model…" (a file, checkpoint folder or run
// folder). A choice is checked with ModelFile::inspect (the header only) before it is accepted;
// a file that is not a model is refused with the reason in the picker. Shows what the model is
// (parameters, tokenizer, labels, provenance notes), or, with no model at all, how to get one.
#pragma once

#include <QString>
#include <QWidget>
#include <map>
#include <string>
#include <vector>

class QComboBox;
class QLabel;

namespace mozart::ui {

struct ModelSummary {
    QString file;                     // the model file (empty: none)
    std::vector<std::string> labels;  // composer labels
    std::vector<std::string> extraTokens;
    bool infilling = false;           // FIM tokens: bars can be filled in
    QString infillingReason;          // why not, when not
    std::map<std::string, std::string> notes;  // provenance ("trained_on", "data_folder", "split"...)
    std::string tokenizerJson;        // the model's tokenizer (MidiTok JSON)
};

class ModelPicker : public QWidget {
    Q_OBJECT
public:
    explicit ModelPicker(QWidget* parent = nullptr);

    // Accepts a model file, checkpoint folder or run folder; false (reason shown) when it is not a model.
    bool selectModel(const QString& path);
    const ModelSummary& current() const { return current_; }
    QString errorText() const { return error_; }
    QString infoText() const;
    // Re-reads the default model and the recent list.
    void refresh();

Q_SIGNALS:
    void modelChanged();

private:
    void openModel();
    void showInfo(const QString& text, bool error);
    void remember(const QString& file);

    QComboBox* combo_;
    QLabel* info_;
    ModelSummary current_;
    QString error_;
    bool filling_ = false;
};

}  // namespace mozart::ui
