#include "generate/ModelPicker.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "generate/InfillingPrompt.h"
#include "generate/ModelLocator.h"
#include "model/ModelFile.h"

#ifndef MOZART_SOURCE_DIR
#define MOZART_SOURCE_DIR ""
#endif

namespace mozart::ui {

namespace {
const QString kRecentKey = QStringLiteral("generate/recentModels");
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

ModelPicker::ModelPicker(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    combo_ = new QComboBox(this);
    combo_->setObjectName(QStringLiteral("modelCombo"));
    combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo_->setMinimumContentsLength(16);
    auto* open = new QPushButton(tr("Open Model…"), this);
    open->setObjectName(QStringLiteral("openModel"));
    row->addWidget(combo_, 1);
    row->addWidget(open);
    layout->addLayout(row);
    info_ = new QLabel(this);
    info_->setObjectName(QStringLiteral("modelInfo"));
    info_->setWordWrap(true);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(info_);
    connect(open, &QPushButton::clicked, this, &ModelPicker::openModel);
    connect(combo_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        if (!filling_) selectModel(combo_->itemData(i).toString());
    });
    refresh();
}

void ModelPicker::refresh() {
    filling_ = true;
    combo_->clear();
    const auto located =
        generate::findDefaultModel(QCoreApplication::applicationDirPath().toStdString(), MOZART_SOURCE_DIR);
    if (!located.file.empty()) combo_->addItem(tr("Default model"), q(located.file));
    for (const QString& f : QSettings().value(kRecentKey).toStringList())
        if (QFileInfo::exists(f) && combo_->findData(f) < 0) combo_->addItem(QFileInfo(f).absoluteDir().dirName() + QStringLiteral("/") + QFileInfo(f).fileName(), f);
    filling_ = false;
    if (combo_->count() == 0) {
        current_ = {};
        showInfo(tr("No model yet. %1").arg(q(located.error)), true);
        Q_EMIT modelChanged();
        return;
    }
    selectModel(combo_->itemData(0).toString());
}

void ModelPicker::openModel() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), QString(),
                                                      tr("Models (*.safetensors);;All files (*)"));
    if (!path.isEmpty()) selectModel(path);
}

bool ModelPicker::selectModel(const QString& path) {
    const auto located = generate::locateModel(path.toStdString());
    if (located.file.empty()) {
        error_ = q(located.error);
        showInfo(error_, true);
        return false;
    }
    const auto header = model::ModelFile::inspect(located.file, {});
    if (!header) {
        error_ = tr("Not a model: %1").arg(q(header.error->toString()));
        showInfo(error_, true);
        return false;
    }
    error_.clear();
    const auto& info = header.info;
    current_.file = q(located.file);
    current_.labels = info.labels;
    if (current_.labels.empty())
        for (std::int64_t i = 0; i < info.config.conditioningLabels; ++i) current_.labels.push_back(std::to_string(i));
    current_.extraTokens = info.extraTokens;
    const std::string why = generate::infillingUnsupportedReason(info);
    current_.infilling = why.empty();
    current_.infillingReason = q(why);
    current_.notes = info.notes;
    current_.tokenizerJson = info.tokenizerConfig;
    remember(current_.file);
    QStringList lines;
    const double millions = double(model::parameterCount(info.config)) / 1e6;
    lines << tr("%1 million parameters, %2 layers, width %3, context %4 tokens%5")
                 .arg(millions, 0, 'f', 2).arg(info.config.layers).arg(info.config.width).arg(info.config.maxContext)
                 .arg(info.bfloat16 ? tr(", bfloat16") : QString());
    lines << tr("Tokenizer: REMI, %1 tokens").arg(info.baseVocabSize());
    QStringList labels;
    for (const auto& l : current_.labels) labels << q(l);
    lines << (labels.isEmpty() ? tr("No composer labels") : tr("Labels: %1").arg(labels.join(QStringLiteral(", "))));
    for (const auto& [key, value] : info.notes) lines << QStringLiteral("%1: %2").arg(q(key), q(value));
    showInfo(lines.join(QLatin1Char('\n')), false);
    Q_EMIT modelChanged();
    return true;
}

void ModelPicker::remember(const QString& file) {
    filling_ = true;
    if (combo_->findData(file) < 0) combo_->addItem(QFileInfo(file).absoluteDir().dirName() + QStringLiteral("/") + QFileInfo(file).fileName(), file);
    combo_->setCurrentIndex(combo_->findData(file));
    filling_ = false;
    QSettings s;
    QStringList recent = s.value(kRecentKey).toStringList();
    recent.removeAll(file);
    recent.prepend(file);
    while (recent.size() > 10) recent.removeLast();
    s.setValue(kRecentKey, recent);
}

void ModelPicker::showInfo(const QString& text, bool error) {
    info_->setText(text);
    info_->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
}

QString ModelPicker::infoText() const { return info_->text(); }

}  // namespace mozart::ui
