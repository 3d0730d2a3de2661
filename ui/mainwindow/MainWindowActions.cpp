// The main window's actions and menus, with the standard shortcuts (see docs/studio.md).
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <variant>

#include "dataset/DatasetBrowser.h"
#include "document/NoteEdits.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/RecentFiles.h"
#include "mainwindow/SettingsWriter.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "playback/PlaybackEngine.h"
#include "train/TrainPanel.h"

#ifndef MOZART_VERSION
#define MOZART_VERSION "dev"
#endif
#ifndef MOZART_LIBTORCH_VERSION
#define MOZART_LIBTORCH_VERSION ""
#endif
#ifndef MOZART_FLUIDSYNTH_VERSION
#define MOZART_FLUIDSYNTH_VERSION ""
#endif

namespace mozart::ui {

namespace {

// A key given twice (a standard key whose binding is also spelled out, e.g. ZoomOut and Ctrl+-)
// registers two identical shortcuts, which Qt treats as ambiguous: neither fires. Each standard
// key expands to all of the platform's bindings; duplicates are dropped.
QList<QKeySequence> uniqueKeys(const QList<std::variant<QKeySequence::StandardKey, QKeySequence>>& keys) {
    QList<QKeySequence> out;
    auto add = [&out](const QKeySequence& k) {
        if (!k.isEmpty() && !out.contains(k)) out << k;
    };
    for (const auto& k : keys) {
        if (const auto* standard = std::get_if<QKeySequence::StandardKey>(&k)) {
            for (const QKeySequence& binding : QKeySequence::keyBindings(*standard)) add(binding);
        } else {
            add(std::get<QKeySequence>(k));
        }
    }
    return out;
}

QAction* makeAction(QObject* parent, const QString& name, const QString& text,
                    const QList<std::variant<QKeySequence::StandardKey, QKeySequence>>& keys = {}) {
    auto* a = new QAction(text, parent);
    a->setObjectName(name);
    a->setShortcuts(uniqueKeys(keys));
    return a;
}

}  // namespace

void MainWindow::createActions() {
    // File
    connect(makeAction(this, QStringLiteral("newPiece"), tr("&New…"), {QKeySequence::New}), &QAction::triggered,
            this, &MainWindow::newPiece);
    connect(makeAction(this, QStringLiteral("openMidi"), tr("&Open MIDI…"), {QKeySequence::Open}),
            &QAction::triggered, this, [this] {
                const QString dir = QSettings().value(QStringLiteral("lastMidiFolder")).toString();
                const QString path = QFileDialog::getOpenFileName(this, tr("Open MIDI file"), dir,
                                                                  tr("MIDI files (*.mid *.midi *.rmi *.kar);;All files (*)"));
                if (!path.isEmpty() && maybeKeepEdits(tr("open another piece"))) openMidiFile(path);
            });
    connect(makeAction(this, QStringLiteral("openDataset"), tr("Open &Dataset Folder…"), {QKeySequence(tr("Ctrl+Shift+O"))}),
            &QAction::triggered, this, [this] {
                const QString dir = QSettings().value(QStringLiteral("lastDatasetFolder")).toString();
                const QString folder = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"), dir);
                if (!folder.isEmpty()) openDatasetFolder(folder);
            });
    connect(makeAction(this, QStringLiteral("openModel"), tr("Open &Model…")), &QAction::triggered, this, [this] {
        const QString dir = QSettings().value(QStringLiteral("lastModelFolder")).toString();
        const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), dir, tr("Mozart models (*.mozart *.safetensors);;All files (*)"));
        if (!path.isEmpty()) openModelFile(path);
    });
    connect(makeAction(this, QStringLiteral("save"), tr("&Save"), {QKeySequence::Save}), &QAction::triggered, this,
            [this] { save(); });
    connect(makeAction(this, QStringLiteral("reload"), tr("&Reload from Disk")), &QAction::triggered, this, [this] {
        if (maybeKeepEdits(tr("reload"))) reloadFromDisk();
    });
    connect(makeAction(this, QStringLiteral("exportMidi"), tr("Export &MIDI…"), {QKeySequence(tr("Ctrl+E"))}),
            &QAction::triggered, this, [this] { showExportDialog(false); });
    connect(makeAction(this, QStringLiteral("exportAudio"), tr("Export &Audio (WAV/FLAC/OGG)…"), {QKeySequence(tr("Ctrl+Shift+E"))}),
            &QAction::triggered, this, [this] { showExportDialog(true); });
    auto* quit = makeAction(this, QStringLiteral("quit"), tr("&Quit"), {QKeySequence::Quit, QKeySequence(tr("Ctrl+Q"))});
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    // Edit
    auto* undo = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcuts(QKeySequence::Undo);
    auto* redo = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcuts(uniqueKeys({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))}));
    connect(makeAction(this, QStringLiteral("cut"), tr("Cu&t"), {QKeySequence::Cut}), &QAction::triggered, this, [this] {
        auto* data = new QMimeData;
        data->setData(QString::fromLatin1(NoteEdits::kClipboardMime), NoteEdits::toClipboard(NoteEdits::copySelection(*doc_)));
        QApplication::clipboard()->setMimeData(data);
        NoteEdits::deleteSelection(*doc_);
    });
    connect(makeAction(this, QStringLiteral("copy"), tr("&Copy"), {QKeySequence::Copy}), &QAction::triggered, this, [this] {
        auto* data = new QMimeData;
        data->setData(QString::fromLatin1(NoteEdits::kClipboardMime), NoteEdits::toClipboard(NoteEdits::copySelection(*doc_)));
        QApplication::clipboard()->setMimeData(data);
    });
    connect(makeAction(this, QStringLiteral("paste"), tr("&Paste"), {QKeySequence::Paste}), &QAction::triggered, this, [this] {
        const QMimeData* data = QApplication::clipboard()->mimeData();
        if (!data || !data->hasFormat(QString::fromLatin1(NoteEdits::kClipboardMime))) return;
        const auto notes = NoteEdits::fromClipboard(data->data(QString::fromLatin1(NoteEdits::kClipboardMime)));
        // Paste at the playhead, snapped, on the edited track.
        const midi::Tick at = editor_->canvas()->snap(editor_->canvas()->playhead(), Qt::NoModifier);
        NoteEdits::paste(*doc_, doc_->currentTrack(), at, notes);
    });
    connect(makeAction(this, QStringLiteral("duplicate"), tr("D&uplicate"), {QKeySequence(tr("Ctrl+D"))}),
            &QAction::triggered, this, [this] { NoteEdits::duplicate(*doc_, editor_->gridTicks()); });
    // Ctrl+A: the edited track's notes; Ctrl+Shift+A: every shown track's (as in Helio).
    connect(makeAction(this, QStringLiteral("selectAll"), tr("Select &All in Track"), {QKeySequence::SelectAll}),
            &QAction::triggered, this, [this] { doc_->selectTrack(doc_->currentTrack()); });
    connect(makeAction(this, QStringLiteral("selectAllTracks"), tr("Select All in All &Tracks"),
                       {QKeySequence(tr("Ctrl+Shift+A"))}),
            &QAction::triggered, this, [this] { doc_->selectAll(); });
    connect(makeAction(this, QStringLiteral("delete"), tr("&Delete"), {QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)}),
            &QAction::triggered, this, [this] { NoteEdits::deleteSelection(*doc_); });
    connect(makeAction(this, QStringLiteral("quantize"), tr("&Quantize to Grid"), {QKeySequence(tr("Ctrl+U"))}),
            &QAction::triggered, this, [this] { NoteEdits::quantize(*doc_, editor_->gridTicks()); });
    connect(makeAction(this, QStringLiteral("velocityUp"), tr("Velocity +8"), {QKeySequence(tr("Ctrl+Alt+Up"))}),
            &QAction::triggered, this, [this] { NoteEdits::changeVelocity(*doc_, 8); });
    connect(makeAction(this, QStringLiteral("velocityDown"), tr("Velocity −8"), {QKeySequence(tr("Ctrl+Alt+Down"))}),
            &QAction::triggered, this, [this] { NoteEdits::changeVelocity(*doc_, -8); });

    // View
    connect(makeAction(this, QStringLiteral("zoomIn"), tr("Zoom &In"), {QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))}),
            &QAction::triggered, editor_, &PianoRollEditor::zoomIn);
    connect(makeAction(this, QStringLiteral("zoomOut"), tr("Zoom &Out"), {QKeySequence::ZoomOut, QKeySequence(tr("Ctrl+-"))}),
            &QAction::triggered, editor_, &PianoRollEditor::zoomOut);
    connect(makeAction(this, QStringLiteral("zoomFit"), tr("Zoom to &Fit"), {QKeySequence(tr("Ctrl+0"))}),
            &QAction::triggered, editor_, &PianoRollEditor::zoomToFit);
    auto* follow = makeAction(this, QStringLiteral("follow"), tr("&Follow Playhead"), {QKeySequence(tr("F"))});
    follow->setCheckable(true);
    follow->setChecked(true);
    connect(follow, &QAction::toggled, editor_, &PianoRollEditor::setFollowPlayhead);
    auto* lane = makeAction(this, QStringLiteral("velocityLane"), tr("&Velocity Lane"));
    lane->setCheckable(true);
    lane->setChecked(true);
    connect(lane, &QAction::toggled, editor_, &PianoRollEditor::setVelocityLaneVisible);

    // Playback
    connect(makeAction(this, QStringLiteral("playPause"), tr("Play"), {QKeySequence(Qt::Key_Space)}),
            &QAction::triggered, this, &MainWindow::togglePlay);
    connect(makeAction(this, QStringLiteral("stop"), tr("Stop"), {QKeySequence(tr("Shift+Space"))}),
            &QAction::triggered, this, [this] {
                engine_->stop();
                engine_->panic();  // stop silences everything, even notes still held
            });
    connect(makeAction(this, QStringLiteral("toStart"), tr("Go to Start"), {QKeySequence(Qt::Key_Home)}),
            &QAction::triggered, this, [this] {
                const midi::Tick start = editor_->loopRange() && action(QStringLiteral("loop"))->isChecked()
                                             ? editor_->loopRange()->first : 0;
                engine_->seek(start);
                editor_->setPlayhead(start);
                editor_->resumeFollow();
            });
    auto* loop = makeAction(this, QStringLiteral("loop"), tr("Loop"));
    loop->setCheckable(true);
    loop->setEnabled(false);
    connect(loop, &QAction::toggled, this, [this](bool on) { engine_->setLoop(on ? editor_->loopRange() : std::nullopt); });
    connect(makeAction(this, QStringLiteral("loopSelection"), tr("Loop Selected Bars"), {QKeySequence(tr("Ctrl+L"))}),
            &QAction::triggered, this, [this] {
                if (doc_->isEmpty()) return;
                editor_->setLoopRange(editor_->selectedBars());
                action(QStringLiteral("loop"))->setChecked(true);
            });
    connect(makeAction(this, QStringLiteral("panic"), tr("Panic (All Notes Off)"), {QKeySequence(tr("Ctrl+Shift+Space"))}),
            &QAction::triggered, this, [this] { engine_->panic(); });

    // Help
    connect(makeAction(this, QStringLiteral("about"), tr("&About Mozart Studio")), &QAction::triggered, this,
            &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    // The transport buttons show short names (the menus keep the whole ones), so the panel beside
    // the piano roll stays narrow.
    action(QStringLiteral("panic"))->setIconText(tr("Panic"));
    action(QStringLiteral("toStart"))->setIconText(tr("Start"));

    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("newPiece")));
    file->addAction(action(QStringLiteral("openMidi")));
    file->addAction(action(QStringLiteral("openDataset")));
    file->addAction(action(QStringLiteral("openModel")));
    auto* recentMenu = file->addMenu(tr("&Recent"));
    recent_ = new RecentFiles(recentMenu, this);
    connect(recent_, &RecentFiles::openRequested, this, [this](const QString& path) {
        if (QFileInfo(path).isDir() || maybeKeepEdits(tr("open another piece"))) openPath(path);
    });
    file->addSeparator();
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("reload")));
    file->addAction(action(QStringLiteral("exportMidi")));
    file->addAction(action(QStringLiteral("exportAudio")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    for (const char* name : {"undo", "redo", "", "cut", "copy", "paste", "duplicate", "delete", "", "selectAll", "selectAllTracks", "",
                             "quantize", "velocityUp", "velocityDown"}) {
        if (!*name) edit->addSeparator();
        else edit->addAction(action(QString::fromLatin1(name)));
    }

    auto* view = menuBar()->addMenu(tr("&View"));
    for (const char* name : {"zoomIn", "zoomOut", "zoomFit", "", "follow", "velocityLane"}) {
        if (!*name) view->addSeparator();
        else view->addAction(action(QString::fromLatin1(name)));
    }
    view->addSeparator();
    auto* panels = view->addMenu(tr("&Panels"));
    for (auto* dock : findChildren<QDockWidget*>()) panels->addAction(dock->toggleViewAction());

    auto* playback = menuBar()->addMenu(tr("&Playback"));
    for (const char* name : {"playPause", "stop", "toStart", "", "loop", "loopSelection", "", "panic"}) {
        if (!*name) playback->addSeparator();
        else playback->addAction(action(QString::fromLatin1(name)));
    }

    menuBar()->addMenu(trainPanel_->trainingMenu());

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("about")));
}

void MainWindow::updateActions() {
    const bool hasPiece = !doc_->isEmpty();
    const bool hasSelection = doc_->hasSelection();
    for (const char* name : {"cut", "copy", "duplicate", "delete", "velocityUp", "velocityDown"})
        action(QString::fromLatin1(name))->setEnabled(hasSelection);
    for (const char* name : {"paste", "selectAll", "selectAllTracks", "quantize", "save", "loopSelection", "zoomFit"})
        action(QString::fromLatin1(name))->setEnabled(hasPiece);
    action(QStringLiteral("reload"))->setEnabled(!doc_->filePath().isEmpty());
}

void MainWindow::showAbout() {
    const QString torch = QStringLiteral(MOZART_LIBTORCH_VERSION);
    const QString fluid = QStringLiteral(MOZART_FLUIDSYNTH_VERSION);
    QMessageBox::about(
        this, tr("About Mozart Studio"),
        tr("<h3>Mozart Studio %1</h3><p>Symbolic music generation: MIDI, REMI tokens, a Transformer, piano roll, "
           "playback and export.</p><p>Qt %2 (built with %3)<br>LibTorch %4<br>FluidSynth %5<br>Playback: %6</p>")
            .arg(QStringLiteral(MOZART_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
                 torch.isEmpty() ? tr("not found") : torch, fluid.isEmpty() ? tr("not found") : fluid,
                 engine_->versionText()));
}

}  // namespace mozart::ui
