#include "export/ExportDialog.h"

#include <QButtonGroup>
#include <algorithm>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QSlider>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace mozart::ui {

ExportDialog::ExportDialog(const Context& context, bool audio, QWidget* parent)
    : QDialog(parent), context_(context) {
    setWindowTitle(audio ? tr("Export Audio") : tr("Export MIDI"));
    auto* layout = new QVBoxLayout(this);

    auto* sourceBox = new QGroupBox(tr("What"), this);
    auto* sourceLayout = new QVBoxLayout(sourceBox);
    pieceSource_ = new QRadioButton(context.pieceTitle.isEmpty() ? tr("The open piece (none open)")
                                                                 : tr("The open piece: %1").arg(context.pieceTitle),
                                    sourceBox);
    datasetSource_ = new QRadioButton(tr("Selected dataset pieces (%n)", nullptr, context.datasetSelection), sourceBox);
    pieceSource_->setEnabled(!context.pieceTitle.isEmpty());
    datasetSource_->setEnabled(context.datasetSelection > 0);
    (context.pieceTitle.isEmpty() ? datasetSource_ : pieceSource_)->setChecked(true);
    sourceLayout->addWidget(pieceSource_);
    sourceLayout->addWidget(datasetSource_);
    layout->addWidget(sourceBox);

    auto* form = new QFormLayout;
    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("format"));
    format_->addItem(tr("MIDI file (.mid)"), QStringLiteral("mid"));
    format_->addItem(tr("WAV (.wav)"), QStringLiteral("wav"));
    format_->addItem(tr("FLAC (.flac)"), QStringLiteral("flac"));
    format_->addItem(tr("Ogg Vorbis (.ogg)"), QStringLiteral("ogg"));
    if (!context.audioAvailable) {
        auto* model = qobject_cast<QStandardItemModel*>(format_->model());
        for (int i = 1; i < 4; ++i) {
            model->item(i)->setEnabled(false);
            model->item(i)->setToolTip(context.audioUnavailableReason);
        }
    }
    form->addRow(tr("Format"), format_);

    auto* rangeRow = new QHBoxLayout;
    wholeRange_ = new QRadioButton(tr("Whole piece"), this);
    loopRange_ = new QRadioButton(tr("Loop range only"), this);
    wholeRange_->setChecked(true);
    // Each pair is its own group: auto-exclusivity would otherwise span every radio button under
    // the dialog, so "Whole piece" could be unticked by a click and both parts end up on.
    auto* sourceGroup = new QButtonGroup(this);
    sourceGroup->addButton(pieceSource_);
    sourceGroup->addButton(datasetSource_);
    auto* rangeGroup = new QButtonGroup(this);
    rangeGroup->addButton(wholeRange_);
    rangeGroup->addButton(loopRange_);
    rangeRow->addWidget(wholeRange_);
    rangeRow->addWidget(loopRange_);
    rangeRow->addStretch(1);
    form->addRow(tr("Part"), rangeRow);

    auto* destRow = new QHBoxLayout;
    destination_ = new QLineEdit(this);
    destination_->setObjectName(QStringLiteral("destination"));
    auto* browseButton = new QToolButton(this);
    browseButton->setText(tr("…"));
    destRow->addWidget(destination_, 1);
    destRow->addWidget(browseButton);
    form->addRow(tr("Save to"), destRow);
    layout->addLayout(form);

    audioBox_ = new QGroupBox(tr("Audio"), this);
    auto* audioForm = new QFormLayout(audioBox_);
    sampleRate_ = new QComboBox(audioBox_);
    sampleRate_->setObjectName(QStringLiteral("sampleRate"));
    for (int rate : {22050, 32000, 44100, 48000, 88200, 96000}) sampleRate_->addItem(tr("%1 Hz").arg(rate), rate);
    sampleRate_->setCurrentIndex(2);
    audioForm->addRow(tr("Sample rate"), sampleRate_);
    bitDepth_ = new QComboBox(audioBox_);
    bitDepth_->setObjectName(QStringLiteral("bitDepth"));
    audioForm->addRow(tr("Bit depth"), bitDepth_);
    auto* oggRow = new QHBoxLayout;
    oggQuality_ = new QSlider(Qt::Horizontal, audioBox_);
    oggQuality_->setRange(0, 10);
    oggQuality_->setValue(6);
    oggQualityLabel_ = new QLabel(audioBox_);
    oggRow->addWidget(oggQuality_, 1);
    oggRow->addWidget(oggQualityLabel_);
    audioForm->addRow(tr("Quality"), oggRow);
    auto* normRow = new QHBoxLayout;
    normalize_ = new QCheckBox(tr("Normalise peak to"), audioBox_);
    normalize_->setObjectName(QStringLiteral("normalize"));
    normalize_->setChecked(true);
    peakDb_ = new QDoubleSpinBox(audioBox_);
    peakDb_->setRange(-24.0, 0.0);
    peakDb_->setSingleStep(0.5);
    peakDb_->setValue(-1.0);
    peakDb_->setSuffix(tr(" dBFS"));
    normRow->addWidget(normalize_);
    normRow->addWidget(peakDb_);
    normRow->addStretch(1);
    audioForm->addRow(normRow);
    layout->addWidget(audioBox_);

    note_ = new QLabel(this);
    note_->setWordWrap(true);
    layout->addWidget(note_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browseButton, &QToolButton::clicked, this, &ExportDialog::browse);
    for (QRadioButton* b : {pieceSource_, datasetSource_, wholeRange_, loopRange_})
        connect(b, &QRadioButton::toggled, this, &ExportDialog::refresh);
    connect(format_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExportDialog::refresh);
    connect(oggQuality_, &QSlider::valueChanged, this, &ExportDialog::refresh);
    connect(normalize_, &QCheckBox::toggled, peakDb_, &QWidget::setEnabled);

    restoreOptions(audio && context.audioAvailable);
    if (!context.suggestedPath.isEmpty()) destination_->setText(context.suggestedPath);
    refresh();
}

void ExportDialog::restoreOptions(bool audio) {
    const QSettings s;
    bitDepthWanted_ = s.value(QStringLiteral("export/bitDepth"), 16).toInt();  // before the format fills the list
    const int formatIndex = format_->findData(s.value(QStringLiteral("export/format"), QStringLiteral("wav")).toString());
    format_->setCurrentIndex(audio ? std::max(1, formatIndex) : 0);
    const int rate = sampleRate_->findData(s.value(QStringLiteral("export/sampleRate"), 44100).toInt());
    if (rate >= 0) sampleRate_->setCurrentIndex(rate);
    oggQuality_->setValue(s.value(QStringLiteral("export/oggQuality"), 6).toInt());
    normalize_->setChecked(s.value(QStringLiteral("export/normalize"), true).toBool());
    peakDb_->setValue(s.value(QStringLiteral("export/peakDb"), -1.0).toDouble());
    peakDb_->setEnabled(normalize_->isChecked());
}

void ExportDialog::accept() {
    QSettings s;
    if (extension() != QLatin1String("mid")) s.setValue(QStringLiteral("export/format"), extension());
    s.setValue(QStringLiteral("export/sampleRate"), sampleRate_->currentData().toInt());
    if (bitDepth_->count() > 0) s.setValue(QStringLiteral("export/bitDepth"), bitDepth_->currentData().toInt());
    s.setValue(QStringLiteral("export/oggQuality"), oggQuality_->value());
    s.setValue(QStringLiteral("export/normalize"), normalize_->isChecked());
    s.setValue(QStringLiteral("export/peakDb"), peakDb_->value());
    QDialog::accept();
}

bool ExportDialog::isInside(const QString& path, const QString& folder) {
    if (path.isEmpty() || folder.isEmpty()) return false;
    const QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString f = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    return p == f || p.startsWith(f + QLatin1Char('/'));
}

QString ExportDialog::proposedFolder(const QString& lastFolder, const QString& datasetFolder) {
    if (!lastFolder.isEmpty() && !isInside(lastFolder, datasetFolder)) return lastFolder;
    QString music = QStandardPaths::writableLocation(QStandardPaths::MusicLocation);
    if (music.isEmpty() || isInside(music, datasetFolder)) music = QDir::homePath();
    return music;
}

QString ExportDialog::proposedPiecePath(const QString& pieceTitle, const QString& lastFolder,
                                        const QString& datasetFolder) {
    QString name = QFileInfo(pieceTitle).completeBaseName();
    if (name.isEmpty()) name = tr("piece");
    const QString edited = tr("%1 (edited)").arg(name);
    return QDir(proposedFolder(lastFolder, datasetFolder)).filePath(name.endsWith(tr(" (edited)")) ? name : edited);
}

// The open file is never proposed: "x (edited).mid" open from the export folder becomes "x (edited 2).mid".
QString ExportDialog::avoidOpenFile(const QString& path) const {
    if (context_.openFilePath.isEmpty()) return path;
    const QString open = QFileInfo(context_.openFilePath).absoluteFilePath();
    QString candidate = path;
    const QFileInfo info(path);
    for (int n = 2; QFileInfo(candidate).absoluteFilePath() == open && n < 100; ++n)
        candidate = info.dir().filePath(QStringLiteral("%1 %2.%3").arg(info.completeBaseName()).arg(n).arg(info.suffix()));
    return candidate;
}

bool ExportDialog::multiple() const { return datasetSource_->isChecked(); }

QString ExportDialog::extension() const { return format_->currentData().toString(); }

void ExportDialog::setDestination(const QString& path) { destination_->setText(path); }

void ExportDialog::setFormat(AudioExportSettings::Format format) {
    format_->setCurrentIndex(1 + int(format));
}

void ExportDialog::refresh() {
    const QString ext = extension();
    const bool audio = ext != QLatin1String("mid");
    audioBox_->setVisible(audio);
    loopRange_->setEnabled(context_.hasLoop && !multiple());
    if (!loopRange_->isEnabled()) wholeRange_->setChecked(true);

    const QString previous = bitDepth_->currentData().toString();
    bitDepth_->clear();
    if (ext == QLatin1String("wav")) {
        bitDepth_->addItem(tr("16-bit integer"), 16);
        bitDepth_->addItem(tr("24-bit integer"), 24);
    } else if (ext == QLatin1String("flac")) {
        bitDepth_->addItem(tr("16-bit"), 16);
        bitDepth_->addItem(tr("24-bit"), 24);
    }
    const int keep = bitDepth_->findData(previous.isEmpty() ? bitDepthWanted_ : previous.toInt());
    if (keep >= 0) bitDepth_->setCurrentIndex(keep);
    bitDepth_->setEnabled(bitDepth_->count() > 0);
    oggQuality_->setEnabled(ext == QLatin1String("ogg"));
    oggQualityLabel_->setText(QString::number(oggQuality_->value()));

    // Keep the destination in step: a file with the format's extension for one piece, a folder for
    // several. Converted only when the mode changes (the folder need not exist yet).
    QString dest = destination_->text();
    const QString fallbackFolder = proposedFolder(context_.lastFolder, context_.datasetFolder);
    const QString pieceName =
        context_.pieceTitle.isEmpty() ? tr("piece") : QFileInfo(context_.pieceTitle).completeBaseName();
    if (multiple()) {
        if (!destinationIsFolder_) dest = dest.isEmpty() ? fallbackFolder : QFileInfo(dest).absolutePath();
        destinationIsFolder_ = true;
    } else {
        if (dest.isEmpty()) dest = QDir(fallbackFolder).filePath(pieceName);
        else if (destinationIsFolder_) dest = QDir(dest).filePath(pieceName);
        destinationIsFolder_ = false;
        const QFileInfo info(dest);
        dest = avoidOpenFile(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + ext));
    }
    if (dest != destination_->text()) destination_->setText(dest);
    note_->setText(multiple() ? tr("Each piece is written into the folder under its own name with .%1.").arg(ext)
                              : audio ? tr("The release tail after the last note is included.") : QString());
}

void ExportDialog::browse() {
    QString path;
    if (multiple()) {
        path = QFileDialog::getExistingDirectory(this, tr("Export into folder"), destination_->text());
    } else {
        path = QFileDialog::getSaveFileName(this, tr("Export to"), destination_->text(),
                                            tr("%1 files (*.%2)").arg(extension().toUpper(), extension()),
                                            nullptr, QFileDialog::DontConfirmOverwrite);
    }
    if (!path.isEmpty()) {
        destination_->setText(path);
        refresh();
    }
}

ExportChoice ExportDialog::choice() const {
    ExportChoice c;
    c.source = multiple() ? ExportChoice::Source::DatasetSelection : ExportChoice::Source::Piece;
    const QString ext = extension();
    c.audio = ext != QLatin1String("mid");
    c.loopOnly = loopRange_->isEnabled() && loopRange_->isChecked();
    c.settings.format = ext == QLatin1String("flac") ? AudioExportSettings::Format::Flac
                        : ext == QLatin1String("ogg") ? AudioExportSettings::Format::Ogg
                                                      : AudioExportSettings::Format::Wav;
    c.settings.sampleRate = sampleRate_->currentData().toInt();
    c.settings.bitDepth = bitDepth_->count() ? bitDepth_->currentData().toInt() : 16;
    c.settings.oggQuality = oggQuality_->value() / 10.0;
    c.settings.normalize = normalize_->isChecked();
    c.settings.peakDb = peakDb_->value();
    c.destination = destination_->text();
    return c;
}

}  // namespace mozart::ui
