#include "generate/GenerationHistory.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "generate/GenerationJob.h"
#include "io/AtomicFile.h"

namespace mozart::ui {

namespace {
const QString kFolderKey = QStringLiteral("generate/historyFolder");

// "bach · 16 bars · seed 42 · variation 2 of 3", from the recipe beside the file.
QString describe(const QString& midiPath) {
    std::string text, error;
    const std::string recipePath = generate::recipePathFor(midiPath.toStdString());
    if (!io::readWholeFile(recipePath, &text, &error)) return QObject::tr("(no recipe)");
    const auto recipe = generate::parseRecipe(text, &error);
    if (!recipe) return QObject::tr("(unreadable recipe)");
    const auto& s = recipe->settings;
    QStringList parts;
    if (!s.prompt.composer.empty()) parts << QString::fromStdString(s.prompt.composer);
    if (s.length.bars > 0) parts << QObject::tr("%1 bars").arg(s.length.bars);
    if (s.length.seconds > 0) parts << QObject::tr("%1 s").arg(s.length.seconds);
    if (!s.prompt.midiFile.empty()) parts << QObject::tr("from %1").arg(QFileInfo(QString::fromStdString(s.prompt.midiFile)).fileName());
    parts << QObject::tr("seed %1").arg(s.sampling.seed);
    if (s.variations > 1) parts << QObject::tr("variation %1 of %2").arg(recipe->variation + 1).arg(s.variations);
    return parts.join(QStringLiteral(" · "));
}
}  // namespace

GenerationHistory::GenerationHistory(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    folderLabel_ = new QLabel(this);
    folderLabel_->setObjectName(QStringLiteral("historyFolder"));
    folderLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    folderLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long paths are cut (full path in the tooltip)
    auto* choose = new QPushButton(tr("Folder…"), this);
    choose->setObjectName(QStringLiteral("chooseHistoryFolder"));
    top->addWidget(folderLabel_, 1);
    top->addWidget(choose);
    layout->addLayout(top);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("historyList"));
    layout->addWidget(list_, 1);
    auto* buttons = new QHBoxLayout;
    auto* reopen = new QPushButton(tr("Reopen"), this);
    reopen->setObjectName(QStringLiteral("historyReopen"));
    auto* again = new QPushButton(tr("Generate Again Exactly"), this);
    again->setObjectName(QStringLiteral("historyAgain"));
    again->setToolTip(tr("Make the same piece again from its recipe (the same bytes, as mozart generate --recipe)"));
    auto* del = new QPushButton(tr("Delete"), this);
    del->setObjectName(QStringLiteral("historyDelete"));
    for (auto* b : {reopen, again, del}) buttons->addWidget(b);
    layout->addLayout(buttons);
    connect(choose, &QPushButton::clicked, this, &GenerationHistory::chooseFolder);
    connect(reopen, &QPushButton::clicked, this, [this] {
        if (!selectedPiece().isEmpty()) Q_EMIT reopenRequested(selectedPiece());
    });
    connect(list_, &QListWidget::itemDoubleClicked, this, [this] {
        if (!selectedPiece().isEmpty()) Q_EMIT reopenRequested(selectedPiece());
    });
    connect(again, &QPushButton::clicked, this, [this] {
        if (!selectedPiece().isEmpty())
            Q_EMIT againRequested(QString::fromStdString(generate::recipePathFor(selectedPiece().toStdString())));
    });
    connect(del, &QPushButton::clicked, this, [this] { remove(selectedPiece()); });
    const QString fallback =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/generated");
    setFolder(QSettings().value(kFolderKey, fallback).toString());
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
        auto* item = new QListWidgetItem(QStringLiteral("%1\n%2").arg(f.fileName(), describe(f.absoluteFilePath())), list_);
        item->setData(Qt::UserRole, f.absoluteFilePath());
        item->setToolTip(f.absoluteFilePath());
    }
    if (!keep.isEmpty()) selectPiece(keep);
}

QStringList GenerationHistory::pieces() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i) out << list_->item(i)->data(Qt::UserRole).toString();
    return out;
}

QString GenerationHistory::selectedPiece() const {
    auto* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void GenerationHistory::selectPiece(const QString& path) {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toString() == path) list_->setCurrentRow(i);
}

bool GenerationHistory::remove(const QString& path) {
    if (path.isEmpty()) return false;
    const bool ok = QFile::remove(path);
    QFile::remove(QString::fromStdString(generate::recipePathFor(path.toStdString())));
    refresh();
    return ok;
}

}  // namespace mozart::ui
