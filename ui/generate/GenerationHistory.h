// GenerationHistory: the folder where every generated piece is kept (MIDI plus its recipe JSON,
// as `mozart generate` writes them), listed newest first with its settings, a piano-roll
// thumbnail and its copy figure (the longest run of notes it shares with a piece of the model's
// training data, or "unknown" when that folder is not known); reopen, play, make it again
// exactly from its recipe, export or delete a piece. The history folder and the training data
// folder are the user's choice (QSettings). Thumbnails and copy figures come from a worker
// thread (HistoryScanner); the list fills in as they arrive.
#pragma once

#include <QHash>
#include <QImage>
#include <QString>
#include <QWidget>
#include <map>
#include <string>

#include "data/DatasetSplit.h"
#include "generate/Recipe.h"
#include "midi/Score.h"

class QLabel;
class QListWidget;
class QListWidgetItem;

namespace mozart::ui {

class HistoryScanner;

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
    // Deletes the piece's MIDI file and its recipe.
    bool remove(const QString& path);
    // Copies the piece's MIDI file, byte for byte, to `destination` (atomically). False with `error`.
    static bool exportPiece(const QString& path, const QString& destination, QString* error);

    // The model whose training data the copy figures are checked against: its provenance notes
    // ("data_folder", "trained_on", "split", "split_seed"; any may be missing) and tokenizer.
    void setModel(const std::map<std::string, std::string>& notes, const std::string& tokenizerJson);
    // The folder chosen for this model's training data (remembered per "trained_on" name).
    void setTrainingFolder(const QString& folder);
    // The folder used: the one chosen, else the folder the model file names, else the dataset
    // folder last opened when its name is the model's "trained_on"; empty: unknown.
    QString trainingFolder() const;
    // The piece's copy figure: notes (0: no shared run of 5 notes or more), -1 unknown or not yet.
    int copiedNotes(const QString& path) const;
    QString copyText(const QString& path) const;
    QImage thumbnail(const QString& path) const { return thumbnails_.value(path); }
    // True while thumbnails or copy figures are being computed.
    bool isScanning() const;

Q_SIGNALS:
    void reopenRequested(const QString& midiPath);
    void playRequested(const QString& midiPath);
    void againRequested(const QString& recipePath);
    void scanFinished();

private:
    struct Copy {
        int notes = -1;
        QString detail;
        int bar = 0;
    };
    void buildButtons();
    void chooseFolder();
    void chooseTrainingFolder();
    void exportSelected();
    void deleteSelected();
    void startScan();
    void updateItem(QListWidgetItem* item);
    void updateTrainingLabel();
    QListWidgetItem* itemFor(const QString& path) const;
    QString folder_;
    QLabel* folderLabel_;
    QLabel* trainingLabel_;
    QListWidget* list_;
    HistoryScanner* scanner_;
    QString trainedOn_, dataFolder_;
    data::SplitConfig split_;
    std::string tokenizerJson_;
    QString indexState_;
    QHash<QString, QImage> thumbnails_;
    QHash<QString, Copy> copies_;  // for the training folder in use
};

}  // namespace mozart::ui
