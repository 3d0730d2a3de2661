// GenerationHistory: the folder where every generated piece is kept (MIDI plus its recipe JSON,
// as `mozart generate` writes them), listed newest first with its settings; reopen a piece, make
// it again exactly from its recipe, or delete it. The folder is the user's choice (QSettings).
#pragma once

#include <QString>
#include <QWidget>

#include "generate/Recipe.h"
#include "midi/Score.h"

class QLabel;
class QListWidget;

namespace mozart::ui {

class GenerationHistory : public QWidget {
    Q_OBJECT
public:
    explicit GenerationHistory(QWidget* parent = nullptr);

    QString folder() const { return folder_; }
    void setFolder(const QString& folder);
    // Writes the piece and its recipe under a new name; the MIDI path, or empty with `error`.
    QString add(const midi::Score& piece, const generate::Recipe& recipe, QString* error);
    void refresh();
    QStringList pieces() const;  // MIDI paths, newest first
    QString selectedPiece() const;
    void selectPiece(const QString& path);
    bool remove(const QString& path);

Q_SIGNALS:
    void reopenRequested(const QString& midiPath);
    void againRequested(const QString& recipePath);

private:
    void chooseFolder();
    QString folder_;
    QLabel* folderLabel_;
    QListWidget* list_;
};

}  // namespace mozart::ui
