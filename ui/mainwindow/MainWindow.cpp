#include "mainwindow/MainWindow.h"

#include <utility>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QMenu>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QScopedValueRollback>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "dataset/DatasetBrowser.h"
#include "export/ExportRunner.h"
#include "mainwindow/RecentFiles.h"
#include "mainwindow/SettingsCheck.h"
#include "mainwindow/SettingsWriter.h"
#include "mainwindow/StatusProgress.h"
#include "midi/SmfWriter.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "pianoroll/TrackList.h"
#include "playback/PlaybackEngineFactory.h"
#include "playback/PlaybackPanel.h"
#include "tokens/TokenInspector.h"
#include "generate/GeneratePanel.h"
#include "generate/ModelPicker.h"
#include "train/TrainPanel.h"

namespace mozart::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      doc_(new PieceDocument(this)),
      engine_(createPlaybackEngine(this)),
      audioBackend_(createAudioExportBackend()),
      editor_(new PianoRollEditor(this)),
      browser_(new DatasetBrowser(this)),
      tracks_(new TrackList(this)),
      tokens_(new TokenInspector(this)),
      exportRunner_(new ExportRunner(this)),
      progress_(new StatusProgress(this)),
      loadedLabel_(new QLabel(this)),
      hoverLabel_(new QLabel(this)) {
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setCentralWidget(editor_);
    editor_->setDocument(doc_);
    tracks_->setDocument(doc_);
    tokens_->setDocument(doc_);
    createActions();
    createDocks();
    createMenus();
    statusBar()->addWidget(loadedLabel_, 1);
    statusBar()->addWidget(hoverLabel_, 2);
    statusBar()->addPermanentWidget(progress_);

    connect(doc_, &PieceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(doc_, &PieceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(doc_, &PieceDocument::scoreReset, this, &MainWindow::updateStatus);
    connect(doc_, &PieceDocument::notesChanged, this, &MainWindow::updateStatus);
    connect(doc_, &PieceDocument::selectionChanged, this, &MainWindow::updateStatus);
    connect(doc_, &PieceDocument::selectionChanged, this, &MainWindow::updateActions);
    connect(doc_, &PieceDocument::scoreReset, this, &MainWindow::updateActions);

    // The engine gets a copy of the piece shortly after edits settle, not on every mouse move.
    engineSync_.setSingleShot(true);
    engineSync_.setInterval(150);
    connect(&engineSync_, &QTimer::timeout, this, &MainWindow::pushScoreToEngine);
    connect(doc_, &PieceDocument::scoreReset, this, [this] {
        // A piece growing under the Generate panel keeps playing, with its new notes.
        if (generatePanel_->isUpdatingPiece() && engine_->state() == PlaybackState::Playing) return pushScoreToEngine();
        engine_->stop();
        engine_->seek(0);
        pushScoreToEngine();
    });
    connect(doc_, &PieceDocument::notesChanged, this, [this] {
        if (engine_->state() == PlaybackState::Playing) {
            // A growing piece goes to the engine at once (~30 a second): its first notes may end before a
            // delayed copy arrives, and the engine stops at the end of what it has. Edits: a throttle.
            if (generatePanel_->isUpdatingPiece()) return pushScoreToEngine();
            if (!engineSync_.isActive()) engineSync_.start();
            return;
        }
        engineSync_.start();  // not playing: once the edits settle
    });
    connect(doc_, &PieceDocument::trackStateChanged, this,
            [this] { engine_->setAudibleTracks(doc_->audibleTracks()); });
    connect(engine_, &PlaybackEngine::positionChanged, editor_, &PianoRollEditor::setPlayhead);
    connect(engine_, &PlaybackEngine::stateChanged, this, [this](PlaybackState s) {
        action(QStringLiteral("playPause"))->setText(s == PlaybackState::Playing ? tr("Pause") : tr("Play"));
    });
    connect(engine_, &PlaybackEngine::errorOccurred, this, [this](const QString& e) { message(e, 10000); });
    connect(editor_, &PianoRollEditor::seekRequested, engine_, &PlaybackEngine::seek);
    connect(editor_, &PianoRollEditor::seekRequested, editor_, &PianoRollEditor::setPlayhead);
    connect(editor_, &PianoRollEditor::loopRangeChanged, this,
            [this](std::optional<std::pair<midi::Tick, midi::Tick>> range) {
                auto* loop = action(QStringLiteral("loop"));
                loop->setEnabled(range.has_value());
                if (!range) loop->setChecked(false);
                engine_->setLoop(loop->isChecked() ? range : std::nullopt);
            });
    connect(editor_, &PianoRollEditor::playPauseRequested, this, &MainWindow::togglePlay);
    connect(editor_, &PianoRollEditor::hoverTextChanged, hoverLabel_, &QLabel::setText);
    connect(editor_, &PianoRollEditor::auditionRequested, this, [this](int track, int pitch, int velocity) {
        if (track < 0 || track >= doc_->trackCount()) return;
        const auto& t = doc_->score().tracks[std::size_t(track)];
        engine_->auditionNote(t.program, t.isDrum, pitch, velocity);
    });

    connect(browser_, &DatasetBrowser::pieceSelected, this, [this](const QString& path) {
        if (path != doc_->filePath() && maybeKeepEdits(tr("open another piece"))) openMidiFile(path);
    });
    connect(browser_, &DatasetBrowser::scanProgress, this, [this](int done, int total) {
        progress_->showWork(tr("Scanning %1/%2").arg(done).arg(total), total > 0 ? double(done) / total : -1.0,
                            [this] { browser_->cancelScan(); });
    });
    connect(browser_, &DatasetBrowser::scanFinished, this, [this](bool cancelled) {
        progress_->done();
        message(cancelled ? tr("Scan cancelled") : tr("Scan of %1 finished").arg(browser_->folder()));
        updateStatus();
    });
    connect(exportRunner_, &ExportRunner::progress, progress_, &StatusProgress::setFraction);
    connect(exportRunner_, &ExportRunner::finished, this, [this](bool cancelled, int failures, const QString& text) {
        progress_->done();
        if (cancelled)
            message(tr("Export cancelled"));
        else if (failures > 0)
            QMessageBox::warning(this, tr("Export"), tr("Files that could not be exported: %n", nullptr, failures) +
                                                         QStringLiteral("\n\n") + text);
        else
            message(text);
    });
    connect(&loader_, &QFutureWatcher<midi::ReadResult>::finished, this, &MainWindow::onLoaded);
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &MainWindow::fileChangedOnDisk);

    connect(SettingsWriter::notifier(), &SettingsWriter::Notifier::writeFailed, this, [this](const QString& file) {
        message(tr("The settings could not be saved to %1 (is the disk full?); the previous settings file is unchanged.")
                    .arg(file), 0);
    });
    setupWorkflow();
    restoreSettings();
    updateTitle();
    updateStatus();
    updateActions();
}

MainWindow::~MainWindow() {
    // A future whose result was taken must not be waited on again.
    if (loader_.isRunning()) loader_.waitForFinished();
    SettingsWriter::flush();
    browser_->cancelScan();
    exportRunner_->cancel();
}

QAction* MainWindow::action(const QString& objectName) const { return findChild<QAction*>(objectName); }

void MainWindow::setAudioExportBackend(std::unique_ptr<AudioExportBackend> backend) {
    audioBackend_ = std::move(backend);
}

void MainWindow::createDocks() {
    auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    PlaybackPanel::Actions actions;
    actions.playPause = action(QStringLiteral("playPause"));
    actions.stop = action(QStringLiteral("stop"));
    actions.toStart = action(QStringLiteral("toStart"));
    actions.loop = action(QStringLiteral("loop"));
    actions.panic = action(QStringLiteral("panic"));
    actions.playPauseTexts = {tr("Play"), tr("Pause")};
    playbackPanel_ = new PlaybackPanel(engine_, actions, this);
    playbackPanel_->setDocument(doc_);
    connect(playbackPanel_, &PlaybackPanel::settingsChanged, this, &MainWindow::saveSettings);
    auto* tracksDock = dock(tracks_, tr("Tracks"), QStringLiteral("tracksDock"), Qt::LeftDockWidgetArea);
    auto* playbackDock = dock(playbackPanel_, tr("Playback"), QStringLiteral("playbackDock"), Qt::LeftDockWidgetArea);
    splitDockWidget(tracksDock, playbackDock, Qt::Vertical);
    dock(tokens_, tr("Tokens"), QStringLiteral("tokensDock"), Qt::RightDockWidgetArea);
    auto* datasetDock = dock(browser_, tr("Dataset"), QStringLiteral("datasetDock"), Qt::BottomDockWidgetArea);
    // (Side panel widths are set when the window is first shown: see showEvent.)
    resizeDocks({datasetDock}, {360}, Qt::Vertical);
    datasetDock->hide();  // until a folder is opened (a saved layout may show it again)
    trainPanel_ = new TrainPanel(this);  // the training dashboard, beside the dataset browser
    auto* trainDock = dock(trainPanel_, tr("Training"), QStringLiteral("trainDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(datasetDock, trainDock);
    trainDock->hide();
    trainPanel_->trainingMenu()->insertAction(trainPanel_->trainingMenu()->actions().value(0), trainDock->toggleViewAction());
    generatePanel_ = new GeneratePanel(this);  // compose by clicking, tabbed with the token inspector
    generatePanel_->setDocument(doc_);
    generatePanel_->setPlayheadSource([this] { return engine_->position(); });
    generatePanel_->setEditsGuard([this] { return maybeKeepEdits(tr("open another piece")); });
    generatePanel_->setPlayer([this](midi::Tick from) {  // auditioning a variation, the history's Play
        pushScoreToEngine();
        engine_->seek(from);
        editor_->setPlayhead(from);
        editor_->resumeFollow();
        engine_->play();
    });
    auto* generateDock = dock(generatePanel_, tr("Generate"), QStringLiteral("generateDock"), Qt::RightDockWidgetArea);
    if (auto* tokensDock = findChild<QDockWidget*>(QStringLiteral("tokensDock"))) tabifyDockWidget(tokensDock, generateDock);
    createCallResponseDock(generateDock);
    generateDock->raise();
    // A checkpoint chosen on the training dashboard becomes the Generate panel's model.
    connect(trainPanel_, &TrainPanel::checkpointOpened, this, [this, generateDock](const QString& model) {
        if (!generatePanel_->modelPicker()->selectModel(model)) return;
        generateDock->show();
        generateDock->raise();
    });
    // File > Open Model... (checked there) also becomes the Generate panel's model.
    connect(this, &MainWindow::modelOpened, this, [this, generateDock](const QString& model) {
        if (!generatePanel_->modelPicker()->selectModel(model)) return;
        generateDock->show();
        generateDock->raise();
    });
    connect(trainPanel_, &TrainPanel::sampleRequested, this, [this, generateDock](const QString& model) {
        if (!generatePanel_->modelPicker()->selectModel(model)) return;
        generateDock->show();
        generateDock->raise();
        generatePanel_->generate(GeneratePanel::Mode::NewPiece);  // on its own thread; training goes on
    });
    // A piece of the samples timeline: into the piano roll, playing (unsaved edits are asked about).
    connect(trainPanel_, &TrainPanel::samplePieceOpened, this, [this](const QString& midi) {
        if (!maybeKeepEdits(tr("open another piece"))) return;
        playWhenLoaded_ = true;
        openMidiFile(midi);
    });
}

void MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir() && trainPanel_->openRunsFolder(info.absoluteFilePath())) {
        // A training run, or a folder of runs: watched and compared on the dashboard.
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("trainDock"))) {
            dock->show();
            dock->raise();
            resizeDocks({dock}, {height() * 3 / 5}, Qt::Vertical);
        }
    } else if (info.isDir())
        openDatasetFolder(info.absoluteFilePath());
    else if (info.exists())
        openMidiFile(info.absoluteFilePath());
    else
        message(tr("%1: no such file or folder").arg(path), 10000);
}

void MainWindow::openMidiFile(const QString& path) {
    if (loader_.isRunning()) loader_.waitForFinished();
    loadingPath_ = QFileInfo(path).absoluteFilePath();
    progress_->showWork(tr("Reading %1").arg(QFileInfo(path).fileName()), -1.0, nullptr);
    const std::string file = loadingPath_.toStdString();
    loader_.setFuture(QtConcurrent::run([file] { return midi::SmfReader::readFile(file); }));
}

void MainWindow::waitForLoad() {
    if (loadingPath_.isEmpty()) return;
    if (loader_.isRunning()) loader_.waitForFinished();
    QCoreApplication::sendPostedEvents(&loader_);
    QCoreApplication::processEvents();
}

void MainWindow::onLoaded() {
    progress_->done();
    const QString path = loadingPath_;
    loadingPath_.clear();
    if (path.isEmpty()) {
        playWhenLoaded_ = false;
        return;
    }
    // Taken, not copied: a symphony's Score is megabytes.
    midi::ReadResult result = loader_.future().takeResult();
    if (!result.ok()) {
        playWhenLoaded_ = false;
        const QString error = result.error ? QString::fromStdString(result.error->toString())
                                           : tr("%1: not a readable MIDI file").arg(path);
        QMessageBox::warning(this, tr("Cannot open MIDI file"), error);
        message(error, 10000);
        return;
    }
    showScore(std::move(*result.score), path);
    if (std::exchange(playWhenLoaded_, false)) engine_->play();
    showReadWarnings(path, result.warnings);
    if (recent_) recent_->add(path);
    SettingsWriter::set(QStringLiteral("lastMidiFolder"), QFileInfo(path).absolutePath());
}

void MainWindow::showScore(midi::Score score, const QString& filePath) {
    if (!watcher_.files().isEmpty()) watcher_.removePaths(watcher_.files());
    doc_->load(std::move(score), filePath);
    if (!filePath.isEmpty() && QFileInfo::exists(filePath)) watcher_.addPath(filePath);
}

void MainWindow::openDatasetFolder(const QString& folder) {
    browser_->openFolder(folder);
    trainPanel_->setDatasetFolder(folder);
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("datasetDock"))) {
        const bool wasHidden = dock->isHidden();
        dock->show();
        dock->raise();
        // First shown: about two fifths of the window, so the piano roll keeps more than half.
        if (wasHidden && !dock->isFloating()) resizeDocks({dock}, {height() * 2 / 5 - 20}, Qt::Vertical);
    }
    SettingsWriter::set(QStringLiteral("lastDatasetFolder"), folder);
    message(tr("Scanning %1").arg(folder));
}

bool MainWindow::maybeKeepEdits(const QString& what) {
    if (!doc_->isModified()) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved edits"),
        tr("%1 has unsaved edits. Save them before you %2?").arg(doc_->title(), what),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::save() {
    if (doc_->filePath().isEmpty()) {
        showExportDialog(false);
        return false;
    }
    // SmfWriter writes beside the file and renames, so a failed save leaves the old file intact.
    watcher_.removePath(doc_->filePath());
    const auto error = midi::SmfWriter::writeFile(doc_->score(), doc_->filePath().toStdString());
    watcher_.addPath(doc_->filePath());
    if (error) {
        QMessageBox::warning(this, tr("Save"), QString::fromStdString(error->toString()));
        return false;
    }
    doc_->markSaved();
    message(tr("Saved %1").arg(doc_->filePath()));
    return true;
}

void MainWindow::fileChangedOnDisk(const QString& path) {
    if (path != doc_->filePath() || reloadPromptOpen_) return;
    // Editors that save by rename drop the watch; watch the new file again.
    if (QFileInfo::exists(path) && !watcher_.files().contains(path)) watcher_.addPath(path);
    if (!QFileInfo::exists(path)) {
        message(tr("%1 was removed from disk").arg(path), 10000);
        return;
    }
    if (!doc_->isModified()) {
        reloadFromDisk();
        message(tr("%1 changed on disk and was reloaded").arg(QFileInfo(path).fileName()));
        return;
    }
    reloadPromptOpen_ = true;
    const auto answer = QMessageBox::question(
        this, tr("File changed on disk"),
        tr("%1 changed on disk, and you have unsaved edits. Reload it and lose your edits?").arg(path),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    reloadPromptOpen_ = false;
    if (answer == QMessageBox::Yes) reloadFromDisk();
}

void MainWindow::reloadFromDisk() {
    if (!doc_->filePath().isEmpty()) openMidiFile(doc_->filePath());
}

bool MainWindow::startExport(const ExportChoice& choice) {
    if (exportRunner_->isRunning()) {
        message(tr("An export is already running"));
        return false;
    }
    ExportParams params;
    params.kind = choice.audio ? ExportParams::Kind::Audio : ExportParams::Kind::Midi;
    params.audio = choice.settings;
    params.audio.soundFont = engine_->soundFont();
    params.audio.volume = playbackPanel_->volume() / 100.0;
    params.audio.reverb = playbackPanel_->reverb() / 100.0;
    params.audio.chorus = playbackPanel_->chorus() / 100.0;
    params.backend = audioBackend_.get();
    if (choice.audio && !params.backend) {
        QMessageBox::information(this, tr("Export Audio"), audioExportUnavailableReason());
        return false;
    }
    const QString ext = choice.audio ? AudioExportSettings::extension(choice.settings.format) : QStringLiteral("mid");
    if (choice.source == ExportChoice::Source::Piece) {
        if (doc_->isEmpty() && doc_->filePath().isEmpty()) return false;
        ExportJob job;
        job.score = doc_->score();
        job.outputPath = choice.destination.toStdString();
        params.jobs.push_back(std::move(job));
        if (choice.loopOnly && editor_->loopRange()) params.range = editor_->loopRange();
    } else {
        QDir folder(choice.destination);
        if (!folder.exists() && !QDir().mkpath(choice.destination)) {
            QMessageBox::warning(this, tr("Export"), tr("%1: cannot create the folder").arg(choice.destination));
            return false;
        }
        for (const QString& source : browser_->selectedPaths()) {
            ExportJob job;
            job.sourcePath = source.toStdString();
            job.outputPath = folder.filePath(QFileInfo(source).completeBaseName() + QLatin1Char('.') + ext).toStdString();
            params.jobs.push_back(std::move(job));
        }
    }
    if (params.jobs.empty()) return false;
    QStringList existing;
    for (const auto& job : params.jobs)
        if (QFileInfo::exists(QString::fromStdString(job.outputPath))) existing << QString::fromStdString(job.outputPath);
    if (!existing.isEmpty()) {
        const QString list = existing.mid(0, 8).join(QLatin1Char('\n')) + (existing.size() > 8 ? QStringLiteral("\n…") : QString());
        const auto answer = QMessageBox::question(
            this, tr("Replace files?"), tr("Files that already exist: %n", nullptr, int(existing.size())) +
                                            QStringLiteral("\n\n") + list + QStringLiteral("\n\n") + tr("Replace them?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) return false;
    }
    SettingsWriter::set(QStringLiteral("lastExportFolder"),
                         choice.source == ExportChoice::Source::Piece ? QFileInfo(choice.destination).absolutePath()
                                                                      : choice.destination);
    exportRunner_->start(std::move(params));
    progress_->showWork(choice.audio ? tr("Exporting audio") : tr("Exporting MIDI"), 0.0,
                        [this] { exportRunner_->cancel(); });
    return true;
}

void MainWindow::showExportDialog(bool audio) {
    ExportDialog::Context context;
    context.pieceTitle = doc_->isEmpty() ? QString() : doc_->title();
    // Never beside the source by default: "<name> (edited)" in the last export folder or the music
    // folder, never the open file, never inside the dataset being browsed.
    context.openFilePath = doc_->filePath();
    context.datasetFolder = browser_->folder();
    context.lastFolder = ExportDialog::proposedFolder(QSettings().value(QStringLiteral("lastExportFolder")).toString(),
                                                      context.datasetFolder);
    if (!context.pieceTitle.isEmpty())
        context.suggestedPath = ExportDialog::proposedPiecePath(doc_->title(), context.lastFolder, context.datasetFolder);
    context.datasetSelection = int(browser_->selectedPaths().size());
    context.hasLoop = editor_->loopRange().has_value();
    context.audioAvailable = audioBackend_ != nullptr;
    context.audioUnavailableReason = audioExportUnavailableReason();
    ExportDialog dialog(context, audio, this);
    if (dialog.exec() == QDialog::Accepted) startExport(dialog.choice());
}

void MainWindow::togglePlay() {
    if (engine_->state() == PlaybackState::Playing) {
        engine_->pause();
    } else {
        pushScoreToEngine();
        editor_->resumeFollow();
        engine_->play();
    }
}

void MainWindow::pushScoreToEngine() {
    engineSync_.stop();
    engine_->setScore(doc_->score());
    engine_->setAudibleTracks(doc_->audibleTracks());
}

void MainWindow::updateTitle() {
    const QString piece = doc_->isEmpty() && doc_->filePath().isEmpty() ? QString() : doc_->title();
    setWindowTitle(piece.isEmpty() ? tr("Mozart Studio") : tr("%1[*] — Mozart Studio").arg(piece));
    setWindowModified(doc_->isModified());
}

void MainWindow::updateStatus() {
    QString text;
    if (!doc_->isEmpty()) {
        const auto& s = doc_->score();
        const double seconds = midi::TempoMap(s).seconds(s.endTick());
        text = tr("%1 · tracks: %n", nullptr, doc_->trackCount()).arg(doc_->title()) +
               tr(" · notes: %n", nullptr, int(s.noteCount())) +
               QStringLiteral(" · %1:%2").arg(int(seconds) / 60).arg(int(seconds) % 60, 2, 10, QLatin1Char('0'));
        if (doc_->hasSelection()) text += tr(" · selected: %n", nullptr, int(doc_->selection().size()));
    } else {
        text = tr("No piece open");
    }
    if (!browser_->folder().isEmpty())
        text += tr(" · dataset %1, pieces: %n", nullptr, browser_->model()->rowCount()).arg(QDir(browser_->folder()).dirName());
    loadedLabel_->setText(text);
}

void MainWindow::message(const QString& text, int timeoutMs) {
    lastMessage_ = text;
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::restoreSettings() {
    const QScopedValueRollback<bool> guard(restoring_, true);
    // A damaged or newer settings file must not stop the studio: bad values are reset, and said so.
    checkSettings();  // again: main() did it first, other entry points (tests) may not have
    if (const QStringList resets = takeSettingsResets(); !resets.isEmpty()) {
        for (const QString& r : resets) qWarning("%s", qUtf8Printable(r));
        message(resets.join(QLatin1Char(' ')), 0);
    }
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First run: the whole screen (also where no window manager maximizes for us).
        if (QScreen* screen = QGuiApplication::primaryScreen())
            setGeometry(screen->availableGeometry());
        setWindowState(Qt::WindowMaximized);
    }
    defaultLayoutPending_ = !restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    browser_->restoreState(s.value(QStringLiteral("dataset/layout")).toByteArray());
    playbackPanel_->setVolume(s.value(QStringLiteral("playback/volume"), 80).toInt());
    playbackPanel_->setReverb(s.value(QStringLiteral("playback/reverb"), 30).toInt());
    playbackPanel_->setChorus(s.value(QStringLiteral("playback/chorus"), 10).toInt());
    QString soundFont = s.value(QStringLiteral("playback/soundFont")).toString();
    if (soundFont.isEmpty() && QFileInfo::exists(QStringLiteral("/usr/share/sounds/sf2/FluidR3_GM.sf2")))
        soundFont = QStringLiteral("/usr/share/sounds/sf2/FluidR3_GM.sf2");
    if (!soundFont.isEmpty()) playbackPanel_->loadSoundFont(soundFont);
    const QString output = s.value(QStringLiteral("playback/output")).toString();
    // A MIDI port used last time may be gone (synthesizer unplugged): play through what is there, and say so.
    if (!output.isEmpty() && !playbackPanel_->selectOutput(output)) {
        QString now = engine_->output();
        for (const AudioOutput& o : engine_->outputs())
            if (o.id == now) now = o.name;
        const QString gone = output.startsWith(QLatin1String("port:")) ? output.mid(5) : output;
        message(tr("The sound output %1 used last time is not available; playing through “%2” instead.").arg(gone, now), 0);
    }
    editor_->setFollowPlayhead(s.value(QStringLiteral("pianoRoll/follow"), true).toBool());
    editor_->setGridDivision(s.value(QStringLiteral("pianoRoll/grid"), 16).toInt());
}

void MainWindow::saveSettings() {
    if (restoring_) return;
    SettingsWriter::set({
        {QStringLiteral("window/geometry"), saveGeometry()},
        {QStringLiteral("window/state"), saveState()},
        {QStringLiteral("dataset/layout"), browser_->saveState()},
        {QStringLiteral("playback/volume"), playbackPanel_->volume()},
        {QStringLiteral("playback/reverb"), playbackPanel_->reverb()},
        {QStringLiteral("playback/chorus"), playbackPanel_->chorus()},
        {QStringLiteral("playback/soundFont"), engine_->soundFont()},
        {QStringLiteral("playback/output"), engine_->output()},
        {QStringLiteral("pianoRoll/follow"), editor_->followPlayhead()},
        {QStringLiteral("pianoRoll/grid"), editor_->gridDivision()},
    });
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeKeepEdits(tr("quit")) || !trainPanel_->maybeStopForClose()) {
        event->ignore();
        return;
    }
    engine_->stop();
    engine_->panic();
    saveSettings();
    SettingsWriter::flush();  // closing: the settings must be on disk before the window goes
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    for (const QUrl& url : urls) {
        if (!url.isLocalFile()) continue;
        const QString path = url.toLocalFile();
        if (QFileInfo(path).isDir() || maybeKeepEdits(tr("open another piece"))) openPath(path);
        break;  // one piece or one folder at a time
    }
    event->acceptProposedAction();
}

}  // namespace mozart::ui
