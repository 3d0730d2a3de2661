#include "generate/GenerationHistory.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "eval/CopyCheck.h"
#include "generate/GenerationJob.h"
#include "generate/HistoryScanner.h"
#include "io/AtomicFile.h"

namespace mozart::ui {

namespace {
const QString kFolderKey = QStringLiteral("generate/historyFolder");
constexpr int kPathRole = Qt::UserRole;
constexpr int kSettingsRole = Qt::UserRole + 1;

// The training folder chosen for models trained on a folder of this name.
QString trainingKey(const QString& trainedOn) {
    QString name = trainedOn.isEmpty() ? QStringLiteral("(unnamed)") : trainedOn;
    name.replace(QLatin1Char('/'), QLatin1Char('_')).replace(QLatin1Char('\\'), QLatin1Char('_'));
    return QStringLiteral("generate/trainingData/") + name;
}

// "bach · 16 bars · seed 42 · variation 2 of 3", from the recipe beside the file.
QString describe(const QString& midiPath) {
    std::string text, error;
    const std::string recipePath = generate::recipePathFor(midiPath.toStdString());
    if (!io::readWholeFile(recipePath, &text, &error)) return GenerationHistory::tr("(no recipe)");
    const auto recipe = generate::parseRecipe(text, &error);
    if (!recipe) return GenerationHistory::tr("(unreadable recipe)");
    const auto& s = recipe->settings;
    QStringList parts;
    if (!s.prompt.composer.empty()) parts << QString::fromStdString(s.prompt.composer);
    if (s.length.bars > 0) parts << GenerationHistory::tr("%1 bars").arg(s.length.bars);
    if (s.length.seconds > 0) parts << GenerationHistory::tr("%1 s").arg(s.length.seconds);
    if (!s.prompt.midiFile.empty())
        parts << GenerationHistory::tr("from %1").arg(QFileInfo(QString::fromStdString(s.prompt.midiFile)).fileName());
    parts << GenerationHistory::tr("seed %1").arg(s.sampling.seed);
    if (s.variations > 1) parts << GenerationHistory::tr("variation %1 of %2").arg(recipe->variation + 1).arg(s.variations);
    return parts.join(QStringLiteral(" · "));
}

QPushButton* historyButton(QWidget* parent, const QString& text, const char* name) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}
}  // namespace

GenerationHistory::GenerationHistory(QWidget* parent) : QWidget(parent), scanner_(new HistoryScanner(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    folderLabel_ = new QLabel(this);
    folderLabel_->setObjectName(QStringLiteral("historyFolder"));
    folderLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    folderLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long paths are cut (full path in the tooltip)
    auto* choose = historyButton(this, tr("Folder…"), "chooseHistoryFolder");
    top->addWidget(folderLabel_, 1);
    top->addWidget(choose);
    layout->addLayout(top);
    auto* training = new QHBoxLayout;
    trainingLabel_ = new QLabel(this);
    trainingLabel_->setObjectName(QStringLiteral("trainingDataFolder"));
    trainingLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    trainingLabel_->setWordWrap(true);
    auto* chooseTraining = historyButton(this, tr("Training Data…"), "chooseTrainingData");
    chooseTraining->setToolTip(tr("The folder the model was trained on, to find how many notes in a row a piece copies from it"));
    training->addWidget(trainingLabel_, 1);
    training->addWidget(chooseTraining);
    layout->addLayout(training);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("historyList"));
    list_->setIconSize(QSize(HistoryScanner::kThumbnailWidth, HistoryScanner::kThumbnailHeight));
    list_->setWordWrap(true);
    layout->addWidget(list_, 1);
    buildButtons();
    connect(choose, &QPushButton::clicked, this, &GenerationHistory::chooseFolder);
    connect(chooseTraining, &QPushButton::clicked, this, &GenerationHistory::chooseTrainingFolder);
    connect(list_, &QListWidget::itemDoubleClicked, this, [this] {
        if (!selectedPiece().isEmpty()) Q_EMIT reopenRequested(selectedPiece());
    });
    connect(scanner_, &HistoryScanner::thumbnailReady, this, [this](const QString& path, const QImage& image) {
        thumbnails_.insert(path, image);
        if (auto* item = itemFor(path)) item->setIcon(QIcon(QPixmap::fromImage(image)));
    });
    connect(scanner_, &HistoryScanner::copyReady, this, [this](const QString& path, int notes, const QString& detail, int bar) {
        copies_.insert(path, {notes, detail, bar});
        if (auto* item = itemFor(path)) updateItem(item);
    });
    connect(scanner_, &HistoryScanner::indexStateChanged, this, [this](const QString& text, bool) {
        indexState_ = text;
        updateTrainingLabel();
    });
    connect(scanner_, &HistoryScanner::scanFinished, this, &GenerationHistory::scanFinished);
    const QString fallback =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/generated");
    setFolder(QSettings().value(kFolderKey, fallback).toString());
}

void GenerationHistory::buildButtons() {
    auto* buttons = new QHBoxLayout;
    auto* reopen = historyButton(this, tr("Reopen"), "historyReopen");
    auto* play = historyButton(this, tr("Play"), "historyPlay");
    auto* again = historyButton(this, tr("Generate Again Exactly"), "historyAgain");
    again->setToolTip(tr("Make the same piece again from its recipe (the same bytes, as mozart generate --recipe)"));
    auto* exportButton = historyButton(this, tr("Export…"), "historyExport");
    auto* del = historyButton(this, tr("Delete"), "historyDelete");
    for (auto* b : {reopen, play, again, exportButton, del}) buttons->addWidget(b);
    static_cast<QVBoxLayout*>(layout())->addLayout(buttons);
    connect(reopen, &QPushButton::clicked, this, [this] {
        if (!selectedPiece().isEmpty()) Q_EMIT reopenRequested(selectedPiece());
    });
    connect(play, &QPushButton::clicked, this, [this] {
        if (!selectedPiece().isEmpty()) Q_EMIT playRequested(selectedPiece());
    });
    connect(again, &QPushButton::clicked, this, [this] {
        if (!selectedPiece().isEmpty())
            Q_EMIT againRequested(QString::fromStdString(generate::recipePathFor(selectedPiece().toStdString())));
    });
    connect(exportButton, &QPushButton::clicked, this, &GenerationHistory::exportSelected);
    connect(del, &QPushButton::clicked, this, &GenerationHistory::deleteSelected);
}

void GenerationHistory::setFolder(const QString& folder) {
    folder_ = folder;
    QSettings().setValue(kFolderKey, folder);
    folderLabel_->setText(tr("History: %1").arg(QDir::toNativeSeparators(folder)));
    folderLabel_->setToolTip(QDir::toNativeSeparators(folder));
    refresh();
}

void GenerationHistory::chooseFolder() {
    const QString f = QFileDialog::getExistingDirectory(this, tr("Folder for Generated Pieces"), folder_);
    if (!f.isEmpty()) setFolder(f);
}

void GenerationHistory::setModel(const std::map<std::string, std::string>& notes, const std::string& tokenizerJson) {
    // The folder and split `mozart train` recorded (its default split when the file does not say).
    const eval::RecordedTrainingData recorded = eval::recordedTrainingData(notes);
    const data::SplitConfig& split = recorded.split;
    const QString trainedOn = QString::fromStdString(recorded.folderName), dataFolder = QString::fromStdString(recorded.folder);
    if (trainedOn == trainedOn_ && dataFolder == dataFolder_ && tokenizerJson == tokenizerJson_ && split.seed == split_.seed &&
        split.train == split_.train && split.validation == split_.validation && split.test == split_.test)
        return;
    trainedOn_ = trainedOn;
    dataFolder_ = dataFolder;
    split_ = split;
    tokenizerJson_ = tokenizerJson;
    copies_.clear();
    indexState_.clear();
    refresh();
}

QString GenerationHistory::trainingFolder() const {
    if (tokenizerJson_.empty()) return {};
    const QString chosen = QSettings().value(trainingKey(trainedOn_)).toString();
    if (!chosen.isEmpty() && QFileInfo(chosen).isDir()) return chosen;
    if (!dataFolder_.isEmpty() && QFileInfo(dataFolder_).isDir()) return dataFolder_;
    // The dataset the user works with is the training data when its folder has the model's name.
    const QString dataset = QSettings().value(QStringLiteral("lastDatasetFolder")).toString();
    if (!trainedOn_.isEmpty() && !dataset.isEmpty() && QFileInfo(dataset).isDir() &&
        QDir(dataset).dirName() == trainedOn_)
        return dataset;
    return {};
}

void GenerationHistory::setTrainingFolder(const QString& folder) {
    QSettings().setValue(trainingKey(trainedOn_), folder);
    copies_.clear();
    indexState_.clear();
    refresh();
}

void GenerationHistory::chooseTrainingFolder() {
    const QString f = QFileDialog::getExistingDirectory(this, tr("Folder the Model Was Trained On"), trainingFolder());
    if (!f.isEmpty()) setTrainingFolder(f);
}

void GenerationHistory::updateTrainingLabel() {
    const QString folder = trainingFolder();
    QString text;
    if (folder.isEmpty())
        text = trainedOn_.isEmpty() ? tr("Copied notes: unknown (choose the folder the model was trained on)")
                                    : tr("Copied notes: unknown (the model was trained on “%1”; choose that folder)").arg(trainedOn_);
    else
        text = tr("Copied notes checked against the training part of %1").arg(QDir::toNativeSeparators(folder));
    if (!indexState_.isEmpty()) text += QStringLiteral("\n") + indexState_;
    trainingLabel_->setText(text);
    trainingLabel_->setToolTip(folder);
}

QString GenerationHistory::add(const midi::Score& piece, const generate::Recipe& recipe, QString* error) {
    if (!QDir().mkpath(folder_)) {
        *error = tr("%1: cannot create the history folder").arg(folder_);
        return {};
    }
    const QString stem = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
                         QStringLiteral("-s%1").arg(recipe.settings.sampling.seed) +
                         (recipe.settings.variations > 1 ? QStringLiteral("-v%1").arg(recipe.variation + 1) : QString());
    QString path = QDir(folder_).filePath(stem + QStringLiteral(".mid"));
    // Never replace an earlier piece: a second one in the same second gets a number.
    for (int n = 2; QFileInfo::exists(path) || QFileInfo::exists(QString::fromStdString(generate::recipePathFor(path.toStdString()))); ++n)
        path = QDir(folder_).filePath(stem + QStringLiteral("-%1.mid").arg(n));
    std::string why;
    if (!generate::writePiece(piece, recipe, path.toStdString(), &why)) {
        *error = QString::fromStdString(why);
        return {};
    }
    refresh();
    selectPiece(path);
    return path;
}

void GenerationHistory::refresh() {
    const QString keep = selectedPiece();
    list_->clear();
    QDir dir(folder_);
    const auto files = dir.entryInfoList({QStringLiteral("*.mid")}, QDir::Files, QDir::Time);
    for (const QFileInfo& f : files) {
        if (!QFileInfo::exists(QString::fromStdString(generate::recipePathFor(f.absoluteFilePath().toStdString())))) continue;
        auto* item = new QListWidgetItem(list_);
        item->setData(kPathRole, f.absoluteFilePath());
        item->setData(kSettingsRole, describe(f.absoluteFilePath()));
        item->setToolTip(f.absoluteFilePath());
        updateItem(item);
    }
    if (!keep.isEmpty()) selectPiece(keep);
    updateTrainingLabel();
    startScan();
}

void GenerationHistory::startScan() {
    QStringList thumbnails, copies;
    for (const QString& path : pieces()) {
        if (!thumbnails_.contains(path)) thumbnails << path;
        if (!copies_.contains(path)) copies << path;
    }
    const QString training = trainingFolder();
    if (training.isEmpty()) copies.clear();
    if (thumbnails.isEmpty() && copies.isEmpty()) return;
    scanner_->scan(thumbnails, copies, training, split_, tokenizerJson_, devicePixelRatioF());
}

bool GenerationHistory::isScanning() const { return scanner_->isRunning(); }

int GenerationHistory::copiedNotes(const QString& path) const { return copies_.value(path).notes; }

QString GenerationHistory::copyText(const QString& path) const {
    if (trainingFolder().isEmpty()) return tr("copied notes: unknown");
    const auto it = copies_.find(path);
    if (it == copies_.end()) return tr("copied notes: checking…");
    if (it->notes < 0) return tr("copied notes: unknown (%1)").arg(it->detail);
    if (it->notes == 0) return tr("copied notes: none (no run of 5 or more)");
    return tr("copied notes: %1 in a row at bar %2, from %3").arg(it->notes).arg(it->bar).arg(it->detail);
}

void GenerationHistory::updateItem(QListWidgetItem* item) {
    const QString path = item->data(kPathRole).toString();
    item->setText(QStringLiteral("%1\n%2\n%3").arg(QFileInfo(path).fileName(), item->data(kSettingsRole).toString(), copyText(path)));
    if (thumbnails_.contains(path)) item->setIcon(QIcon(QPixmap::fromImage(thumbnails_.value(path))));
}

QListWidgetItem* GenerationHistory::itemFor(const QString& path) const {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(kPathRole).toString() == path) return list_->item(i);
    return nullptr;
}

QStringList GenerationHistory::pieces() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i) out << list_->item(i)->data(kPathRole).toString();
    return out;
}

QString GenerationHistory::selectedPiece() const {
    auto* item = list_->currentItem();
    return item ? item->data(kPathRole).toString() : QString();
}

void GenerationHistory::selectPiece(const QString& path) {
    if (auto* item = itemFor(path)) list_->setCurrentItem(item);
}

bool GenerationHistory::remove(const QString& path) {
    if (path.isEmpty()) return false;
    const bool ok = QFile::remove(path);
    QFile::remove(QString::fromStdString(generate::recipePathFor(path.toStdString())));
    thumbnails_.remove(path);
    copies_.remove(path);
    refresh();
    return ok;
}

void GenerationHistory::deleteSelected() {
    const QString path = selectedPiece();
    if (path.isEmpty()) return;
    const auto answer = QMessageBox::question(this, tr("Delete Piece"),
                                              tr("Delete %1 and its recipe from the history folder?").arg(QFileInfo(path).fileName()));
    if (answer == QMessageBox::Yes) remove(path);
}

bool GenerationHistory::exportPiece(const QString& path, const QString& destination, QString* error) {
    // The history's bytes exactly (the recipe travels inside the MIDI file as a text event).
    std::string bytes, why;
    if (!io::readWholeFile(path.toStdString(), &bytes, &why) ||
        !io::writeFileAtomically(destination.toStdString(), bytes, &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    return true;
}

void GenerationHistory::exportSelected() {
    const QString path = selectedPiece();
    if (path.isEmpty()) return;
    const QString start = QDir(QStandardPaths::writableLocation(QStandardPaths::MusicLocation)).filePath(QFileInfo(path).fileName());
    // The dialog asks before replacing an existing file.
    const QString destination = QFileDialog::getSaveFileName(this, tr("Export Generated Piece"), start, tr("MIDI files (*.mid *.midi)"));
    if (destination.isEmpty()) return;
    QString error;
    if (!exportPiece(path, destination, &error)) QMessageBox::warning(this, tr("Export Generated Piece"), error);
}

}  // namespace mozart::ui
