#include "generate/GenerateForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>

#include "midi/GeneralMidi.h"

namespace mozart::ui {

namespace {
const char* const kKeys[12] = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
const char* const kScales[] = {"major", "minor", "harmonic-minor", "dorian", "mixolydian", "pentatonic",
                               "minor-pentatonic", "blues", "chromatic"};
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

GenerateForm::GenerateForm(QWidget* parent) : QWidget(parent) {
    build();
    restoreSettings();
}

GenerateForm::~GenerateForm() { saveSettings(); }

void GenerateForm::build() {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    prompt_ = new QLineEdit(this);
    prompt_->setObjectName(QStringLiteral("promptLine"));
    prompt_->setPlaceholderText(tr("e.g. Mozart, 32 bars, 96 bpm, D minor, piano and strings, calm"));
    prompt_->setToolTip(tr("Describe the piece in words; press Enter to fill the fields below"));
    connect(prompt_, &QLineEdit::returnPressed, this, [this] { applyPromptLine(); });
    form->addRow(tr("Prompt"), prompt_);
    // Chips in rows of two, so a long prompt makes the panel taller, not wider.
    auto* chipBox = new QWidget(this);
    chipBox->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long chip is cut, not widening the panel
    chips_ = new QVBoxLayout(chipBox);
    chips_->setContentsMargins(0, 0, 0, 0);
    chips_->setSpacing(3);
    form->addRow(QString(), chipBox);
    unknown_ = new QLabel(this);
    unknown_->setObjectName(QStringLiteral("unknownWords"));
    unknown_->setWordWrap(true);
    unknown_->setStyleSheet(QStringLiteral("color: #b05000"));
    form->addRow(QString(), unknown_);

    preset_ = new QComboBox(this);
    preset_->setObjectName(QStringLiteral("preset"));
    preset_->addItem(tr("Preset…"), QString());
    preset_->addItem(tr("Faithful (close to the training music)"), QStringLiteral("faithful"));
    preset_->addItem(tr("Adventurous (more surprises)"), QStringLiteral("adventurous"));
    auto* resetButton = new QPushButton(tr("Reset"), this);
    resetButton->setObjectName(QStringLiteral("resetSettings"));
    connect(preset_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        applyPreset(preset_->itemData(i).toString());
        preset_->setCurrentIndex(0);
    });
    connect(resetButton, &QPushButton::clicked, this, &GenerateForm::reset);
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(preset_, 1);
    presetRow->addWidget(resetButton);
    form->addRow(tr("Presets"), presetRow);

    composer_ = new QComboBox(this);
    composer_->setObjectName(QStringLiteral("composer"));
    form->addRow(tr("Composer"), composer_);
    tempo_ = new QDoubleSpinBox(this);
    tempo_->setObjectName(QStringLiteral("tempo"));
    tempo_->setRange(0, 400);
    tempo_->setSpecialValueText(tr("model chooses"));
    tempo_->setSuffix(tr(" bpm"));
    form->addRow(tr("Tempo"), tempo_);
    timeSig_ = new QComboBox(this);
    timeSig_->setObjectName(QStringLiteral("timeSignature"));
    timeSig_->addItem(tr("model chooses"), QString());
    for (const char* ts : {"4/4", "3/4", "2/4", "6/8", "9/8", "12/8", "5/4", "7/8", "2/2"})
        timeSig_->addItem(QString::fromLatin1(ts), QString::fromLatin1(ts));
    form->addRow(tr("Time signature"), timeSig_);
    key_ = new QComboBox(this);
    key_->setObjectName(QStringLiteral("key"));
    key_->addItem(tr("any key"), QString());
    for (const char* k : kKeys) key_->addItem(QString::fromLatin1(k), QString::fromLatin1(k));
    scale_ = new QComboBox(this);
    scale_->setObjectName(QStringLiteral("scale"));
    for (const char* s : kScales) scale_->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(key_);
    keyRow->addWidget(scale_, 1);
    form->addRow(tr("Key and scale"), keyRow);
    instrument_ = new QComboBox(this);
    instrument_->setObjectName(QStringLiteral("instrument"));
    instrument_->addItem(tr("model chooses"), QString());
    for (int p = 0; p < 128; ++p)
        instrument_->addItem(QStringLiteral("%1 (%2)").arg(q(midi::programName(p)), q(midi::programFamily(p))),
                             q(midi::programName(p)));
    instrument_->addItem(tr("Drums"), QStringLiteral("drums"));
    form->addRow(tr("Instrument"), instrument_);
    allowed_ = new QLineEdit(this);
    allowed_->setObjectName(QStringLiteral("instrumentsAllowed"));
    allowed_->setPlaceholderText(tr("any; or GM names/numbers: Violin, Cello, 0"));
    form->addRow(tr("Instruments allowed"), allowed_);
    pitchLow_ = new QSpinBox(this);
    pitchLow_->setObjectName(QStringLiteral("pitchLow"));
    pitchHigh_ = new QSpinBox(this);
    pitchHigh_->setObjectName(QStringLiteral("pitchHigh"));
    for (auto* s : {pitchLow_, pitchHigh_}) s->setRange(0, 127);
    auto* pitchRow = new QHBoxLayout;
    pitchRow->addWidget(pitchLow_);
    pitchRow->addWidget(new QLabel(QStringLiteral("–"), this));
    pitchRow->addWidget(pitchHigh_);
    form->addRow(tr("Pitch range"), pitchRow);
    densityMin_ = new QSpinBox(this);
    densityMin_->setObjectName(QStringLiteral("densityMin"));
    densityMax_ = new QSpinBox(this);
    densityMax_->setObjectName(QStringLiteral("densityMax"));
    for (auto* s : {densityMin_, densityMax_}) {
        s->setRange(0, 256);
        s->setSpecialValueText(tr("any"));
    }
    auto* densityRow = new QHBoxLayout;
    densityRow->addWidget(densityMin_);
    densityRow->addWidget(new QLabel(QStringLiteral("–"), this));
    densityRow->addWidget(densityMax_);
    form->addRow(tr("Notes per bar"), densityRow);
    length_ = new QSpinBox(this);
    length_->setObjectName(QStringLiteral("length"));
    length_->setRange(1, 100000);
    lengthUnit_ = new QComboBox(this);
    lengthUnit_->setObjectName(QStringLiteral("lengthUnit"));
    lengthUnit_->addItem(tr("bars"), QStringLiteral("bars"));
    lengthUnit_->addItem(tr("seconds"), QStringLiteral("seconds"));
    auto* lengthRow = new QHBoxLayout;
    lengthRow->addWidget(length_);
    lengthRow->addWidget(lengthUnit_, 1);
    form->addRow(tr("Length"), lengthRow);
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setObjectName(QStringLiteral("temperature"));
    temperature_->setRange(0.05, 3.0);
    temperature_->setSingleStep(0.05);
    form->addRow(tr("Temperature"), temperature_);
    topK_ = new QSpinBox(this);
    topK_->setObjectName(QStringLiteral("topK"));
    topK_->setRange(0, 100000);
    topK_->setSpecialValueText(tr("off"));
    form->addRow(tr("Top-k"), topK_);
    topP_ = new QDoubleSpinBox(this);
    topP_->setObjectName(QStringLiteral("topP"));
    topP_->setRange(0.01, 1.0);
    topP_->setSingleStep(0.05);
    form->addRow(tr("Top-p"), topP_);
    seed_ = new QLineEdit(this);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), seed_));
    auto* dice = new QToolButton(this);
    dice->setObjectName(QStringLiteral("rollSeed"));
    dice->setText(QStringLiteral("⚄"));
    dice->setToolTip(tr("A new random seed"));
    connect(dice, &QToolButton::clicked, this, &GenerateForm::rollSeed);
    seedLock_ = new QCheckBox(tr("Lock"), this);
    seedLock_->setObjectName(QStringLiteral("seedLock"));
    seedLock_->setToolTip(tr("Keep this seed for every generation (same settings give the same piece)"));
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(seed_, 1);
    seedRow->addWidget(dice);
    seedRow->addWidget(seedLock_);
    form->addRow(tr("Seed"), seedRow);
    variations_ = new QSpinBox(this);
    variations_->setObjectName(QStringLiteral("variations"));
    variations_->setRange(1, 16);
    form->addRow(tr("Variations"), variations_);
    // Combo boxes as wide as the panel, not as their longest entry ("Acoustic Guitar (nylon) (Guitar)").
    for (auto* combo : findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
    }
    reset();
}

void GenerateForm::setLabels(const std::vector<std::string>& labels) {
    labels_ = labels;
    const QString current = composer_->currentData().toString();
    composer_->clear();
    composer_->addItem(labels.empty() ? tr("(the model has no composer labels)") : tr("any"), QString());
    for (const auto& l : labels) composer_->addItem(q(l), q(l));
    composer_->setCurrentIndex(std::max(0, composer_->findData(current)));
    composer_->setEnabled(!labels.empty());
}

void GenerateForm::reset() {
    tempo_->setValue(0);
    timeSig_->setCurrentIndex(0);
    key_->setCurrentIndex(0);
    scale_->setCurrentIndex(0);
    instrument_->setCurrentIndex(0);
    allowed_->clear();
    pitchLow_->setValue(0);
    pitchHigh_->setValue(127);
    densityMin_->setValue(0);
    densityMax_->setValue(0);
    length_->setValue(16);
    lengthUnit_->setCurrentIndex(0);
    temperature_->setValue(1.0);
    topK_->setValue(0);
    topP_->setValue(1.0);
    variations_->setValue(1);
    if (composer_->count() > 0) composer_->setCurrentIndex(0);
    if (seed_->text().isEmpty()) rollSeed();
}

void GenerateForm::applyPreset(const QString& name) {
    // Faithful stays near what the model finds likely; adventurous samples from more of its tail.
    if (name == QLatin1String("faithful")) {
        temperature_->setValue(0.8);
        topK_->setValue(0);
        topP_->setValue(0.9);
    } else if (name == QLatin1String("adventurous")) {
        temperature_->setValue(1.2);
        topK_->setValue(0);
        topP_->setValue(1.0);
    }
}

void GenerateForm::rollSeed() {
    setSeed(QRandomGenerator::global()->generate64() >> 1);
}
void GenerateForm::setSeed(std::uint64_t seed) { seed_->setText(QString::number(seed)); }
std::uint64_t GenerateForm::seed() const { return seed_->text().toULongLong(); }
void GenerateForm::setSeedLocked(bool on) { seedLock_->setChecked(on); }
void GenerateForm::setVariations(int n) { variations_->setValue(n); }
void GenerateForm::setLengthBars(int bars) {
    lengthUnit_->setCurrentIndex(0);
    length_->setValue(bars);
}

generate::GenerateRequest GenerateForm::request(bool roll) {
    if (roll && !seedLock_->isChecked()) rollSeed();
    generate::GenerateRequest r;
    if (lengthUnit_->currentData().toString() == QLatin1String("bars")) r.bars = length_->value();
    else r.seconds = length_->value();
    r.temperature = temperature_->value();
    r.topK = topK_->value();
    r.topP = topP_->value();
    r.seed = seed();
    r.composer = composer_->currentData().toString().toStdString();
    if (tempo_->value() > 0) r.tempo = tempo_->value();
    r.timeSignature = timeSig_->currentData().toString().toStdString();
    r.program = instrument_->currentData().toString().toStdString();
    r.key = key_->currentData().toString().toStdString();
    if (!r.key.empty()) r.scale = scale_->currentData().toString().toStdString();
    if (pitchLow_->value() > 0 || pitchHigh_->value() < 127)
        r.pitchRange = QStringLiteral("%1-%2").arg(pitchLow_->value()).arg(pitchHigh_->value()).toStdString();
    if (densityMin_->value() > 0 || densityMax_->value() > 0)
        r.density = QStringLiteral("%1-%2").arg(densityMin_->value()).arg(densityMax_->value()).toStdString();
    r.instruments = allowed_->text().trimmed().toStdString();
    if (r.instruments.empty() && !r.program.empty()) r.instruments = r.program;  // "Violin" means violin only
    r.variations = variations_->value();
    return r;
}

generate::PromptLine GenerateForm::applyPromptLine() {
    const generate::PromptLine line = generate::parsePromptLine(prompt_->text().toStdString(), labels_);
    if (line.composer) composer_->setCurrentIndex(std::max(0, composer_->findData(q(*line.composer))));
    if (line.bars) setLengthBars(*line.bars);
    if (line.seconds) {
        lengthUnit_->setCurrentIndex(1);
        length_->setValue(int(std::lround(*line.seconds)));
    }
    if (line.tempo) tempo_->setValue(*line.tempo);
    if (line.timeSignature) {
        const QString ts = QStringLiteral("%1/%2").arg(line.timeSignature->first).arg(line.timeSignature->second);
        if (timeSig_->findData(ts) < 0) timeSig_->addItem(ts, ts);
        timeSig_->setCurrentIndex(timeSig_->findData(ts));
    }
    if (line.keyRoot) {
        key_->setCurrentIndex(*line.keyRoot + 1);
        scale_->setCurrentIndex(std::max(0, scale_->findData(q(line.scale))));
    }
    if (line.firstProgram)
        instrument_->setCurrentIndex(*line.firstProgram < 0 ? instrument_->count() - 1 : *line.firstProgram + 1);
    if (!line.programs.empty()) {
        QStringList names;
        for (int p : line.programs) names << (p < 0 ? QStringLiteral("drums") : q(midi::programName(p)));
        allowed_->setText(names.join(QStringLiteral(", ")));
    }
    if (line.variations) variations_->setValue(*line.variations);
    if (line.temperature) temperature_->setValue(*line.temperature);
    if (line.density) {
        densityMin_->setValue(line.density->first);
        densityMax_->setValue(line.density->second);
    }
    showChips(line);
    return line;
}

void GenerateForm::showChips(const generate::PromptLine& line) {
    while (auto* item = chips_->takeAt(0)) {
        if (auto* row = item->layout()) {
            while (auto* chip = row->takeAt(0)) {
                delete chip->widget();
                delete chip;
            }
        }
        delete item;
    }
    chipButtons_.clear();
    QHBoxLayout* row = nullptr;
    for (const auto& chip : line.chips) {
        if (!row || row->count() >= 2) {  // two chips per row
            if (row) row->addStretch(1);
            row = new QHBoxLayout;
            row->setSpacing(4);
            chips_->addLayout(row);
        }
        auto* b = new QToolButton(chips_->parentWidget());
        b->setText(q(chip.label));
        b->setToolTip(tr("From \"%1\"; change it in the fields below").arg(q(chip.words)));
        b->setStyleSheet(QStringLiteral("QToolButton { border: 1px solid #7a9cc6; border-radius: 9px; padding: 1px 8px;"
                                        " background: #e4eefa; }"));
        row->addWidget(b);
        chipButtons_.push_back(b);
    }
    if (row) row->addStretch(1);
    QStringList unknown;
    for (const auto& w : line.unknownWords) unknown << q(w);
    QString text = unknown.isEmpty() ? QString() : tr("Not understood: %1").arg(unknown.join(QStringLiteral(", ")));
    if (!line.warning.empty()) text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + q(line.warning);
    unknown_->setText(text);
}

QString GenerateForm::unknownWordsText() const { return unknown_->text(); }

QStringList GenerateForm::chipTexts() const {
    QStringList out;
    for (const auto* b : chipButtons_) out << b->text();
    return out;
}

void GenerateForm::saveSettings() const {
    QSettings s;
    s.beginGroup(QStringLiteral("generate"));
    s.setValue(QStringLiteral("prompt"), prompt_->text());
    s.setValue(QStringLiteral("composer"), composer_->currentData());
    s.setValue(QStringLiteral("tempo"), tempo_->value());
    s.setValue(QStringLiteral("timeSignature"), timeSig_->currentData());
    s.setValue(QStringLiteral("key"), key_->currentIndex());
    s.setValue(QStringLiteral("scale"), scale_->currentIndex());
    s.setValue(QStringLiteral("instrument"), instrument_->currentIndex());
    s.setValue(QStringLiteral("allowed"), allowed_->text());
    s.setValue(QStringLiteral("pitchLow"), pitchLow_->value());
    s.setValue(QStringLiteral("pitchHigh"), pitchHigh_->value());
    s.setValue(QStringLiteral("densityMin"), densityMin_->value());
    s.setValue(QStringLiteral("densityMax"), densityMax_->value());
    s.setValue(QStringLiteral("length"), length_->value());
    s.setValue(QStringLiteral("lengthUnit"), lengthUnit_->currentIndex());
    s.setValue(QStringLiteral("temperature"), temperature_->value());
    s.setValue(QStringLiteral("topK"), topK_->value());
    s.setValue(QStringLiteral("topP"), topP_->value());
    s.setValue(QStringLiteral("seed"), seed_->text());
    s.setValue(QStringLiteral("seedLocked"), seedLock_->isChecked());
    s.setValue(QStringLiteral("variations"), variations_->value());
}

void GenerateForm::restoreSettings() {
    QSettings s;
    s.beginGroup(QStringLiteral("generate"));
    if (!s.contains(QStringLiteral("temperature"))) return;
    prompt_->setText(s.value(QStringLiteral("prompt")).toString());
    tempo_->setValue(s.value(QStringLiteral("tempo")).toDouble());
    timeSig_->setCurrentIndex(std::max(0, timeSig_->findData(s.value(QStringLiteral("timeSignature")))));
    key_->setCurrentIndex(s.value(QStringLiteral("key")).toInt());
    scale_->setCurrentIndex(s.value(QStringLiteral("scale")).toInt());
    instrument_->setCurrentIndex(s.value(QStringLiteral("instrument")).toInt());
    allowed_->setText(s.value(QStringLiteral("allowed")).toString());
    pitchLow_->setValue(s.value(QStringLiteral("pitchLow"), 0).toInt());
    pitchHigh_->setValue(s.value(QStringLiteral("pitchHigh"), 127).toInt());
    densityMin_->setValue(s.value(QStringLiteral("densityMin")).toInt());
    densityMax_->setValue(s.value(QStringLiteral("densityMax")).toInt());
    length_->setValue(s.value(QStringLiteral("length"), 16).toInt());
    lengthUnit_->setCurrentIndex(s.value(QStringLiteral("lengthUnit")).toInt());
    temperature_->setValue(s.value(QStringLiteral("temperature"), 1.0).toDouble());
    topK_->setValue(s.value(QStringLiteral("topK")).toInt());
    topP_->setValue(s.value(QStringLiteral("topP"), 1.0).toDouble());
    if (!s.value(QStringLiteral("seed")).toString().isEmpty()) seed_->setText(s.value(QStringLiteral("seed")).toString());
    seedLock_->setChecked(s.value(QStringLiteral("seedLocked")).toBool());
    variations_->setValue(s.value(QStringLiteral("variations"), 1).toInt());
    // The composer list depends on the model; setLabels() restores the choice when it is there.
    const QString composer = s.value(QStringLiteral("composer")).toString();
    if (!composer.isEmpty()) {
        composer_->addItem(composer, composer);
        composer_->setCurrentIndex(composer_->count() - 1);
    }
}

}  // namespace mozart::ui
