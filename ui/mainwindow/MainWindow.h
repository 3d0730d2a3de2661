// MainWindow: the studio's frame. The piano roll is the centre; dataset browser, track list,
// token inspector and playback panel are dock panels whose layout is remembered. Owns the open
// PieceDocument, the playback engine and background work (file loading, dataset scan, export),
// whose progress shows in the status bar with a Cancel button. Settings live in QSettings.
#pragma once

#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QMainWindow>
#include <QTimer>
#include <memory>

#include "document/PieceDocument.h"
#include "export/AudioExportBackend.h"
#include "export/ExportDialog.h"
#include "midi/SmfReader.h"

class QDockWidget;
class QLabel;
class QMenu;
class QToolButton;

namespace mozart::ui {

class DatasetBrowser;
class ExportRunner;
class PianoRollEditor;
class PlaybackEngine;
class PlaybackPanel;
class RecentFiles;
class StatusProgress;
class TokenInspector;
class TrackList;
class GeneratePanel;
class TrainPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // A MIDI file opens in the piano roll, a folder in the dataset browser.
    void openPath(const QString& path);
    // Reads the file off the GUI thread; the piece appears when it is read.
    void openMidiFile(const QString& path);
    void openDatasetFolder(const QString& folder);
    // Shows a piece built in code (tests, generation).
    void showScore(midi::Score score, const QString& filePath);
    // Blocks until a pending file load is shown (tests and the benchmark).
    void waitForLoad();
    // Runs an export the dialog would start; false when refused (nothing to export, or the user
    // declined to overwrite).
    bool startExport(const ExportChoice& choice);

    PieceDocument* document() const { return doc_; }
    PianoRollEditor* pianoRoll() const { return editor_; }
    DatasetBrowser* datasetBrowser() const { return browser_; }
    TrackList* trackList() const { return tracks_; }
    TokenInspector* tokenInspector() const { return tokens_; }
    PlaybackPanel* playbackPanel() const { return playbackPanel_; }
    TrainPanel* trainPanel() const { return trainPanel_; }
    GeneratePanel* generatePanel() const { return generatePanel_; }
    PlaybackEngine* playbackEngine() const { return engine_; }
    ExportRunner* exportRunner() const { return exportRunner_; }
    // The backend used for audio export; tests may plug one in.
    void setAudioExportBackend(std::unique_ptr<AudioExportBackend> backend);
    QAction* action(const QString& objectName) const;
    QString lastStatusMessage() const { return lastMessage_; }

    // File > New: asks tempo, time signature and instrument, then shows the empty piece.
    void newPiece();
    // File > Open Model…: accepts `path` only if core's ModelFile says it is a model, else says
    // why. True when accepted (then modelOpened is emitted and the path kept as "lastModel").
    bool openModelFile(const QString& path);
    // The right-click menu for a point of the piano roll (selects the note under it first).
    QMenu* noteContextMenu(const QPointF& canvasPos);
    // Status bar buttons: why there is no sound; what a file read with warnings lost.
    QToolButton* soundStatusButton() const { return soundButton_; }
    QToolButton* readWarningsButton() const { return warningsButton_; }

Q_SIGNALS:
    void modelOpened(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createDocks();
    // The Call and response panel (a MIDI keyboard answered by the Generate panel's model), tabbed with Generate.
    void createCallResponseDock(QDockWidget* generateDock);
    void createActions();
    void createMenus();
    void restoreSettings();
    void saveSettings();
    void updateTitle();
    void updateStatus();
    void updateActions();
    void onLoaded();
    bool maybeKeepEdits(const QString& what);
    void fileChangedOnDisk(const QString& path);
    void reloadFromDisk();
    bool save();
    void showExportDialog(bool audio);
    void showAbout();
    void togglePlay();
    void message(const QString& text, int timeoutMs = 5000);
    void pushScoreToEngine();
    // MainWindowWorkflow.cpp: context menus, status bar explanations.
    void setupWorkflow();
    void showReadWarnings(const QString& path, const std::vector<midi::Diagnostic>& warnings);

    PieceDocument* doc_;
    PlaybackEngine* engine_;
    std::unique_ptr<AudioExportBackend> audioBackend_;
    PianoRollEditor* editor_;
    DatasetBrowser* browser_;
    TrackList* tracks_;
    TokenInspector* tokens_;
    PlaybackPanel* playbackPanel_ = nullptr;
    TrainPanel* trainPanel_ = nullptr;
    GeneratePanel* generatePanel_ = nullptr;
    ExportRunner* exportRunner_;
    RecentFiles* recent_ = nullptr;
    StatusProgress* progress_;
    QLabel* loadedLabel_;
    QLabel* hoverLabel_;
    QToolButton* soundButton_ = nullptr;
    QToolButton* warningsButton_ = nullptr;
    QString readWarningsText_;
    QString readWarningsPath_;  // the file readWarningsText_ is about
    QFileSystemWatcher watcher_;
    QFutureWatcher<midi::ReadResult> loader_;
    QString loadingPath_;
    bool playWhenLoaded_ = false;  // a samples-timeline piece: play it once it is shown
    QTimer engineSync_;
    QString lastMessage_;
    bool reloadPromptOpen_ = false;
    bool restoring_ = false;  // settings being applied: do not write them back half-done
    bool defaultLayoutPending_ = false;  // no saved layout: side panel widths set when first shown
};

}  // namespace mozart::ui
