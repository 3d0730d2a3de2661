// GenerateForm: the Generate panel's settings: the prompt line (what it understood shown as
// chips, what it did not as a warning), composer label, tempo, time signature, key and scale,
// instrument by General MIDI name, instruments allowed, pitch range, notes per bar, length in bars
// or seconds, temperature, top-k, top-p, seed (dice and lock), variations; presets and Reset.
// The fields persist in QSettings. request() gives core's GenerateRequest, checked by
// core/generate (resolveRequest) exactly as `mozart generate` checks its options.
#pragma once

#include <QWidget>
#include <string>
#include <vector>

#include "generate/GenerateRequest.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QToolButton;
class QVBoxLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mozart::ui {

class GenerateForm : public QWidget {
    Q_OBJECT
public:
    explicit GenerateForm(QWidget* parent = nullptr);
    ~GenerateForm() override;

    // The model's composer labels (the composer list and the prompt line use them).
    void setLabels(const std::vector<std::string>& labels);
    // The request of the fields as they are; rolls a new seed first unless the seed is locked.
    generate::GenerateRequest request(bool rollSeed);
    // Reads the prompt line into the fields; returns what it understood.
    generate::PromptLine applyPromptLine();
    void applyPreset(const QString& name);  // "faithful", "adventurous"
    void reset();
    void setSeed(std::uint64_t seed);
    std::uint64_t seed() const;
    void setSeedLocked(bool on);
    void setVariations(int n);
    void setLengthBars(int bars);

    QLineEdit* promptLine() const { return prompt_; }
    QString unknownWordsText() const;
    QStringList chipTexts() const;

    void saveSettings() const;
    void restoreSettings();

private:
    void build();
    void showChips(const generate::PromptLine& line);
    void rollSeed();

    std::vector<std::string> labels_;
    QLineEdit* prompt_;
    QVBoxLayout* chips_;
    std::vector<QToolButton*> chipButtons_;
    QLabel* unknown_;
    QComboBox* composer_;
    QDoubleSpinBox* tempo_;
    QComboBox* timeSig_;
    QComboBox* key_;
    QComboBox* scale_;
    QComboBox* instrument_;
    QLineEdit* allowed_;
    QSpinBox* pitchLow_;
    QSpinBox* pitchHigh_;
    QSpinBox* densityMin_;
    QSpinBox* densityMax_;
    QSpinBox* length_;
    QComboBox* lengthUnit_;
    QDoubleSpinBox* temperature_;
    QSpinBox* topK_;
    QDoubleSpinBox* topP_;
    QLineEdit* seed_;
    QCheckBox* seedLock_;
    QSpinBox* variations_;
    QComboBox* preset_;
};

}  // namespace mozart::ui
