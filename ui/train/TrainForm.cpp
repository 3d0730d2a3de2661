#include "train/TrainForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "model/ModelConfig.h"
#include "remi/Vocabulary.h"

namespace mozart::ui {

namespace {

FolderLabels countLabels(const QString& folder) {
    FolderLabels out;
    out.folder = folder;
    const QStringList midi = {QStringLiteral("*.mid"), QStringLiteral("*.midi"), QStringLiteral("*.rmi"),
                              QStringLiteral("*.kar"), QStringLiteral("*.MID")};
    constexpr int kMaxFiles = 1000000;  // a folder of a million files is counted no further
    for (const QString& sub : QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        int n = 0;
        QDirIterator it(folder + QLatin1Char('/') + sub, midi, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext() && out.pieces + n < kMaxFiles) {
            it.next();
            ++n;
        }
        if (n == 0) continue;
        out.labels << QStringLiteral("%1 (%2)").arg(sub).arg(n);
        out.pieces += n;
    }
    out.pieces += int(QDir(folder).entryList(midi, QDir::Files).size());
    return out;
}

QString number(double v) { return QString::number(v, 'g', 6); }

}  // namespace

TrainForm::TrainForm(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("trainForm"));
    buildFields();
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName(QStringLiteral("formError"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* outer = static_cast<QVBoxLayout*>(layout());
    outer->addWidget(errorLabel_);
    outer->addStretch(1);
    connect(static_cast<QLineEdit*>(fields_.value(QStringLiteral("data"))), &QLineEdit::textChanged, this,
            &TrainForm::countPieces);
    connect(this, &TrainForm::changed, this, &TrainForm::updateParameters);
    updateParameters();
    connect(&counter_, &QFutureWatcher<FolderLabels>::finished, this, [this] {
        counted_ = counter_.result();
        if (counted_.folder != dataFolder()) return countPieces();  // changed meanwhile
        labels_->setText(counted_.labels.isEmpty() ? tr("%n MIDI file(s), no composer folders", nullptr, counted_.pieces)
                                                   : counted_.labels.join(QStringLiteral(", ")));
        updateParameters();
    });
}

QLineEdit* TrainForm::addLine(const QString& key, const QString& label, const QString& value, const QString& tip) {
    auto* edit = new QLineEdit(value, this);
    edit->setObjectName(QStringLiteral("field_") + key);
    edit->setToolTip(tip + QStringLiteral("\n(mozart train --") + key + QLatin1Char(')'));
    edit->setPlaceholderText(value);
    // Paths get a button that opens a file dialog (folders for the data and the run).
    static const QStringList folders = {QStringLiteral("data"), QStringLiteral("out")};
    static const QStringList files = {QStringLiteral("init"), QStringLiteral("model-config"), QStringLiteral("tokenizer-file")};
    if (folders.contains(key) || files.contains(key)) {
        auto* row = new QWidget(this);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(edit, 1);
        auto* browse = new QPushButton(QStringLiteral("…"), row);
        browse->setObjectName(QStringLiteral("browse_") + key);
        browse->setFixedWidth(28);
        h->addWidget(browse);
        const bool folder = folders.contains(key);
        connect(browse, &QPushButton::clicked, this, [this, edit, label, folder] {
            const QString path = folder ? QFileDialog::getExistingDirectory(this, label, edit->text())
                                        : QFileDialog::getOpenFileName(this, label, edit->text());
            if (!path.isEmpty()) edit->setText(path);
        });
        form_->addRow(label, row);
    } else {
        form_->addRow(label, edit);
    }
    fields_.insert(key, edit);
    connect(edit, &QLineEdit::textChanged, this, &TrainForm::changed);
    return edit;
}

QCheckBox* TrainForm::addCheck(const QString& key, const QString& label, bool value, const QString& tip) {
    auto* box = new QCheckBox(label, this);
    box->setObjectName(QStringLiteral("field_") + key);
    box->setChecked(value);
    box->setToolTip(tip + QStringLiteral("\n(mozart train --") + key + QLatin1Char(')'));
    form_->addRow(QString(), box);
    fields_.insert(key, box);
    connect(box, &QCheckBox::toggled, this, &TrainForm::changed);
    return box;
}

void TrainForm::buildFields() {
    const train::TrainRunOptions d;
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto group = [&](const QString& title) {
        auto* box = new QGroupBox(title, this);
        form_ = new QFormLayout(box);
        form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        outer->addWidget(box);
    };
    group(tr("Data"));
    addLine(QStringLiteral("data"), tr("MIDI folder"), QString(), tr("Folder of MIDI files; its first folder level are the composer/style labels"));
    labels_ = new QLabel(tr("no folder"), this);
    labels_->setObjectName(QStringLiteral("labelsInfo"));
    labels_->setWordWrap(true);
    form_->addRow(tr("Labels"), labels_);
    addLine(QStringLiteral("out"), tr("Run folder"), QString(), tr("Where config.json, metrics.jsonl and the checkpoints go"));
    addLine(QStringLiteral("split"), tr("Split"), QString::fromStdString(d.split), tr("Train, validation, test fractions of the pieces"));
    addLine(QStringLiteral("split-seed"), tr("Split seed"), QString::number(d.splitSeed), tr("Seed of the split"));

    group(tr("Model"));
    tokenizer_ = new QComboBox(this);
    tokenizer_->setObjectName(QStringLiteral("field_tokenizer"));
    tokenizer_->addItems({QStringLiteral("default"), QStringLiteral("rich"), tr("tokenizer.json file")});
    form_->addRow(tr("Tokenizer"), tokenizer_);
    fields_.insert(QStringLiteral("tokenizer"), tokenizer_);
    addLine(QStringLiteral("tokenizer-file"), tr("Tokenizer file"), QString(), tr("A MidiTok tokenizer.json"));
    size_ = new QComboBox(this);
    size_->setObjectName(QStringLiteral("field_model-size"));
    for (const auto& name : train::modelSizeNames()) size_->addItem(QString::fromStdString(name));
    size_->setCurrentText(QStringLiteral("standard"));
    form_->addRow(tr("Model size"), size_);
    fields_.insert(QStringLiteral("model-size"), size_);
    parameters_ = new QLabel(this);
    parameters_->setObjectName(QStringLiteral("parametersInfo"));
    form_->addRow(tr("Parameters"), parameters_);
    addLine(QStringLiteral("model-config"), tr("Shape file"), QString(), tr("A model shape as JSON instead of a size preset"));
    addLine(QStringLiteral("init"), tr("Fine-tune from model"), QString(), tr("A model file to start from"));
    addLine(QStringLiteral("lora"), tr("LoRA rank"), QString::number(d.lora), tr("0: train every weight"));
    addLine(QStringLiteral("lora-alpha"), tr("LoRA alpha"), number(d.loraAlpha), tr("LoRA scale"));
    addCheck(QStringLiteral("no-labels"), tr("No composer labels"), d.noLabels, tr("Do not condition the model on the folders"));
    for (QComboBox* box : {tokenizer_, size_})
        connect(box, &QComboBox::currentIndexChanged, this, &TrainForm::changed);

    group(tr("Schedule"));
    // Empty by default, as the CLI's --steps: 1000 for a new run (no limit with minutes), the
    // run's own length when resuming; a number overrides both.
    addLine(QStringLiteral("steps"), tr("Steps"), QStringLiteral("1000"), tr("Optimizer steps (empty: 1000, or the run's own when resuming)"))->clear();
    addLine(QStringLiteral("minutes"), tr("Minutes"), number(d.minutes), tr("Stop after this much time (0: no limit)"));
    addLine(QStringLiteral("batch"), tr("Batch"), QString::number(d.batch), tr("Sequences per step"));
    addLine(QStringLiteral("seq"), tr("Sequence length"), QString::number(d.seq), tr("Tokens per sequence"));
    addLine(QStringLiteral("lr"), tr("Learning rate"), number(d.lr), tr("Peak learning rate"));
    addLine(QStringLiteral("min-lr"), tr("Minimum learning rate"), QString(), tr("Floor of the cosine decay (empty: lr / 10)"));
    addLine(QStringLiteral("warmup"), tr("Warm-up steps"), QString::number(d.warmup), tr("Linear warm-up"));
    addLine(QStringLiteral("weight-decay"), tr("Weight decay"), number(d.weightDecay), tr("AdamW weight decay"));
    addLine(QStringLiteral("clip"), tr("Gradient clip"), number(d.clip), tr("Global norm clip (0: off)"));
    addLine(QStringLiteral("label-smoothing"), tr("Label smoothing"), number(d.labelSmoothing), tr("Label smoothing"));
    addLine(QStringLiteral("structure-weight"), tr("Structure weight"), number(d.structureWeight), tr("Penalty on what the REMI grammar forbids"));
    addLine(QStringLiteral("accumulate"), tr("Accumulate"), QString::number(d.accumulate), tr("Micro-batches per step"));
    addCheck(QStringLiteral("bf16"), tr("bfloat16"), d.bf16, tr("bfloat16 autocast (float32 master weights)"));
    addLine(QStringLiteral("threads"), tr("Threads"), QString::number(d.threads), tr("Compute threads"));
    addLine(QStringLiteral("seed"), tr("Seed"), QString::number(d.seed), tr("Seed of weights, batch order and dropout"));
    addLine(QStringLiteral("transpose"), tr("Transpose ±"), QString::number(d.transpose), tr("Augmentation: semitones"));
    addLine(QStringLiteral("velocity-shift"), tr("Velocity shift ±"), QString::number(d.velocityShift), tr("Augmentation: velocity bins"));
    addLine(QStringLiteral("fim-rate"), tr("Fill-in-the-middle rate"), number(d.fimRate), tr("Share of windows trained as infilling"));

    group(tr("Validation and checkpoints"));
    addLine(QStringLiteral("validate-every"), tr("Validate every"), QString::number(d.validateEvery), tr("Steps between validations (0: at the end)"));
    addLine(QStringLiteral("validation-batches"), tr("Validation batches"), QString::number(d.validationBatches), tr("0: the whole part"));
    addLine(QStringLiteral("checkpoint-every"), tr("Checkpoint every"), QString::number(d.checkpointEvery), tr("Steps between checkpoints (0: at the end)"));
    addLine(QStringLiteral("keep"), tr("Checkpoints kept"), QString::number(d.keep), tr("Step checkpoints kept"));
    addLine(QStringLiteral("samples-every"), tr("Samples every"), QString::number(samplesEvery_),
            tr("A short piece from the weights every N validations, kept in the run's samples folder (0: none)"));

}

void TrainForm::setDataFolder(const QString& folder) { static_cast<QLineEdit*>(field(QStringLiteral("data")))->setText(folder); }
void TrainForm::setRunFolder(const QString& folder) { static_cast<QLineEdit*>(field(QStringLiteral("out")))->setText(folder); }
QString TrainForm::dataFolder() const { return static_cast<QLineEdit*>(field(QStringLiteral("data")))->text().trimmed(); }
QString TrainForm::runFolder() const { return static_cast<QLineEdit*>(field(QStringLiteral("out")))->text().trimmed(); }
QString TrainForm::labelsText() const { return labels_->text(); }
QString TrainForm::parametersText() const { return parameters_->text(); }

void TrainForm::countPieces() {
    const QString folder = dataFolder();
    if (counter_.isRunning()) return;  // its finished() starts again for the new folder
    if (folder.isEmpty()) {
        labels_->setText(tr("no folder"));
        return;
    }
    labels_->setText(tr("counting…"));
    counter_.setFuture(QtConcurrent::run(countLabels, folder));
}

void TrainForm::updateParameters() {
    const auto options = read(nullptr, nullptr);
    if (!options) return;
    if (!options->init.empty()) {
        parameters_->setText(tr("those of the model fine-tuned"));
        return;
    }
    auto config = options->modelConfig.empty() ? train::modelSizePreset(options->modelSize) : std::nullopt;
    if (!config) {
        parameters_->setText(options->modelConfig.empty() ? QString() : tr("from the shape file"));
        return;
    }
    const remi::TokenizerConfig tokenizer =
        options->tokenizer == "rich" ? remi::TokenizerConfig::rich() : remi::TokenizerConfig();
    config->vocabSize = std::int64_t(remi::Vocabulary(tokenizer).size()) + (options->fimRate > 0 ? 3 : 0);
    config->conditioningLabels = options->noLabels ? 0 : counted_.labels.size();
    config->maxContext = std::max<std::int64_t>(1, options->seq) + config->prefixLength();
    parameters_->setText(QLocale().toString(qlonglong(model::parameterCount(*config))) +
                         tr(" (width %1, %2 layers, %3 heads)").arg(config->width).arg(config->layers).arg(config->heads));
}

std::optional<train::TrainRunOptions> TrainForm::read(QString* field, QString* error) const {
    train::TrainRunOptions o;
    QString bad;
    auto text = [&](const char* key) { return static_cast<QLineEdit*>(fields_.value(QLatin1String(key)))->text().trimmed(); };
    auto integer = [&](const char* key, auto& out) {
        bool ok = false;
        const qlonglong v = text(key).toLongLong(&ok);
        if (!ok && bad.isEmpty()) bad = QLatin1String(key);
        if (ok) out = std::remove_reference_t<decltype(out)>(v);
    };
    auto real = [&](const char* key, double& out) {
        bool ok = false;
        const double v = text(key).toDouble(&ok);
        if (!ok && bad.isEmpty()) bad = QLatin1String(key);
        if (ok) out = v;
    };
    auto checked = [&](const char* key) { return static_cast<QCheckBox*>(fields_.value(QLatin1String(key)))->isChecked(); };
    o.data = text("data").toStdString();
    o.out = text("out").toStdString();
    o.split = text("split").toStdString();
    integer("split-seed", o.splitSeed);
    o.tokenizer = tokenizer_->currentIndex() == 2 ? text("tokenizer-file").toStdString() : tokenizer_->currentText().toStdString();
    if (tokenizer_->currentIndex() == 2 && o.tokenizer.empty() && bad.isEmpty()) bad = QStringLiteral("tokenizer-file");
    o.modelConfig = text("model-config").toStdString();
    o.init = text("init").toStdString();
    o.modelSize = o.modelConfig.empty() && o.init.empty() ? size_->currentText().toStdString() : std::string();
    integer("lora", o.lora);
    real("lora-alpha", o.loraAlpha);
    o.noLabels = checked("no-labels");
    if (!text("steps").isEmpty()) integer("steps", o.steps);  // empty: 1000, or no limit with minutes
    real("minutes", o.minutes);
    integer("batch", o.batch);
    integer("seq", o.seq);
    real("lr", o.lr);
    if (!text("min-lr").isEmpty()) real("min-lr", o.minLr);
    integer("warmup", o.warmup);
    real("weight-decay", o.weightDecay);
    real("clip", o.clip);
    real("label-smoothing", o.labelSmoothing);
    real("structure-weight", o.structureWeight);
    integer("accumulate", o.accumulate);
    o.bf16 = checked("bf16");
    integer("threads", o.threads);
    integer("seed", o.seed);
    integer("transpose", o.transpose);
    integer("velocity-shift", o.velocityShift);
    real("fim-rate", o.fimRate);
    integer("validate-every", o.validateEvery);
    integer("validation-batches", o.validationBatches);
    integer("checkpoint-every", o.checkpointEvery);
    integer("keep", o.keep);
    if (!bad.isEmpty()) {
        if (field) *field = bad;
        if (error) *error = tr("%1 is not a number").arg(bad);
        return std::nullopt;
    }
    return o;
}

void TrainForm::showError(const QString& key, const QString& text) {
    for (QWidget* w : std::as_const(fields_)) w->setStyleSheet(QString());
    error_ = text;
    errorField_ = key;
    errorLabel_->setText(text);
    if (QWidget* w = fields_.value(key)) {
        w->setStyleSheet(QStringLiteral("border: 1px solid #b00020"));
        w->setToolTip(text);
    }
}

std::optional<train::TrainRunOptions> TrainForm::check() {
    QString key, text;
    auto options = read(&key, &text);
    if (!options) {
        showError(key, text);
        return std::nullopt;
    }
    // Not a training option (the CLI has none): the studio's runner writes the samples.
    bool isNumber = false;
    const int every = static_cast<QLineEdit*>(field(QStringLiteral("samples-every")))->text().trimmed().toInt(&isNumber);
    if (!isNumber || every < 0 || every > 1000000) {
        showError(QStringLiteral("samples-every"), tr("Samples every: a whole number of validations, 0 for none"));
        return std::nullopt;
    }
    samplesEvery_ = every;
    // A run folder that holds a run is no error of the form: Start asks whether to resume it.
    train::TrainRunOptions probe = *options;
    probe.force = !probe.out.empty();
    const auto planned = train::planTrainRun(probe);
    if (!planned.plan) {
        showError(QString::fromStdString(planned.error.field), QString::fromStdString(planned.error.message));
        return std::nullopt;
    }
    showError(QString(), QString());
    return options;
}

}  // namespace mozart::ui
