// The main window's workflow pieces: File > New, File > Open Model…, the piano roll's right-click
// menu, the first-run side panel widths, and the status bar's explanations (why there is no sound; what a file read with warnings
// lost), each one click away instead of in a dialog that interrupts.
#include <QAction>
#include <QDialog>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <algorithm>

#ifdef MOZART_HAVE_AUDIO
#include "callresponse/CallResponsePanel.h"
#endif
#include "dataset/DatasetBrowser.h"
#include "document/NoteEdits.h"
#include "generate/GenerateForm.h"
#include "generate/GeneratePanel.h"
#include "generate/GenerateRequest.h"
#include "generate/ModelPicker.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/ModelFileCheck.h"
#include "mainwindow/NewPieceDialog.h"
#include "mainwindow/SettingsWriter.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "playback/PlaybackEngine.h"
#include "playback/PlaybackPanel.h"
#include "tokens/TokenInspector.h"

namespace mozart::ui {

void MainWindow::setupWorkflow() {
    auto* canvas = editor_->canvas();
    canvas->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(canvas, &QWidget::customContextMenuRequested, this, [this, canvas](const QPoint& pos) {
        QMenu* menu = noteContextMenu(pos);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(canvas->mapToGlobal(pos));
    });
    connect(browser_, &DatasetBrowser::exportRequested, this, [this] { showExportDialog(false); });

    // Said once, in plain words, when the window opens; the whole reason is behind the button.
    soundButton_ = new QToolButton(this);
    soundButton_->setObjectName(QStringLiteral("soundStatus"));
    soundButton_->setAutoRaise(true);
    soundButton_->setText(tr("No sound"));
    soundButton_->setToolTip(tr("Why playback is silent"));
    connect(soundButton_, &QToolButton::clicked, this, [this] {
        QMessageBox::information(
            this, tr("No sound"),
            tr("Playback is silent: the synthesizer could not play through a sound device.\n\n"
               "The reason:\n%1\n\n"
               "Editing, the piano roll's playhead and export all work as usual; audio export does not need "
               "a sound device. To hear the music, start PulseAudio, PipeWire or ALSA (or check that you may use "
               "the sound card), or choose a MIDI port under Output in the Playback panel, then restart the studio.")
                .arg(engine_->unavailableReason()));
    });
    statusBar()->addPermanentWidget(soundButton_);
    const bool silent = !engine_->unavailableReason().isEmpty();
    soundButton_->setVisible(silent);
    if (silent) message(tr("No sound device was found, so playback is silent. Click “No sound” for why."), 15000);

    warningsButton_ = new QToolButton(this);
    warningsButton_->setObjectName(QStringLiteral("readWarnings"));
    warningsButton_->setAutoRaise(true);
    warningsButton_->hide();
    connect(warningsButton_, &QToolButton::clicked, this, [this] {
        QMessageBox::information(this, tr("Read with warnings"), readWarningsText_);
    });
    statusBar()->addPermanentWidget(warningsButton_);
    connect(doc_, &PieceDocument::filePathChanged, this, [this] {
        if (doc_->filePath() != readWarningsPath_) warningsButton_->hide();
    });
}

void MainWindow::showReadWarnings(const QString& path, const std::vector<midi::Diagnostic>& warnings) {
    readWarningsPath_ = path;
    if (warnings.empty()) {
        warningsButton_->hide();
        return;
    }
    const int count = int(warnings.size());
    const auto& score = doc_->score();
    // What was recovered is what the piano roll shows; what was lost is what each warning names.
    QString text = tr("%1 was read with warnings (%n).", nullptr, count).arg(QFileInfo(path).fileName()) +
                   QStringLiteral("\n\n") +
                   tr("Recovered, and shown in the piano roll: notes: %1, tracks: %2.")
                       .arg(score.noteCount())
                       .arg(doc_->trackCount()) +
                   QStringLiteral("\n\n") + tr("Lost or repaired:") + QLatin1Char('\n');
    for (int i = 0; i < count && i < 30; ++i) text += QStringLiteral("• ") + QString::fromStdString(warnings[std::size_t(i)].toString()) + QLatin1Char('\n');
    if (count > 30) text += tr("… and %n more", nullptr, count - 30);
    readWarningsText_ = text.trimmed();
    warningsButton_->setText(tr("Warnings: %n", nullptr, count));
    warningsButton_->setToolTip(readWarningsText_);
    warningsButton_->show();
    message(tr("%1 read with warnings (%n); the first: %2", nullptr, count)
                .arg(QFileInfo(path).fileName(), QString::fromStdString(warnings.front().toString())),
            15000);
}

void MainWindow::newPiece() {
    if (!maybeKeepEdits(tr("start a new piece"))) return;
    NewPieceDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    showScore(dialog.score(), QString());
    editor_->canvas()->setFocus();
    message(tr("New piece: double-click the piano roll to add notes"));
}

bool MainWindow::openModelFile(const QString& path) {
    const ModelFileCheck check = checkModelFile(path);
    if (!check.problem.isEmpty()) {
        QMessageBox::warning(this, tr("Open Model"),
                             tr("%1 is not a model Mozart Studio can use.\n\n%2").arg(QFileInfo(path).fileName(), check.problem));
        message(check.problem, 10000);
        return false;
    }
    SettingsWriter::set({{QStringLiteral("lastModelFolder"), QFileInfo(path).absolutePath()},
                         {QStringLiteral("lastModel"), QFileInfo(path).absoluteFilePath()}});
    message(tr("Model %1 opened: %2").arg(QFileInfo(path).fileName(), check.summary), 10000);
    Q_EMIT modelOpened(QFileInfo(path).absoluteFilePath());
    return true;
}

QMenu* MainWindow::noteContextMenu(const QPointF& canvasPos) {
    // Right-click on an unselected note selects it alone, as in every editor.
    if (auto ref = editor_->canvas()->noteAt(canvasPos); ref && !doc_->isSelected(ref->track, ref->index)) {
        if (ref->track != doc_->currentTrack()) doc_->setCurrentTrack(ref->track);
        doc_->setSelection({*ref});
    }
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("noteMenu"));
    for (const char* name : {"cut", "copy", "paste", "duplicate", "delete", "", "velocityUp", "velocityDown", "quantize"}) {
        if (!*name) menu->addSeparator();
        else menu->addAction(action(QString::fromLatin1(name)));
    }
    auto* transpose = menu->addMenu(tr("&Transpose"));
    const bool any = doc_->hasSelection();
    for (auto [text, semitones] : {std::pair{tr("Up a Semitone (↑)"), 1}, std::pair{tr("Down a Semitone (↓)"), -1},
                                   std::pair{tr("Up an Octave (Shift+↑)"), 12}, std::pair{tr("Down an Octave (Shift+↓)"), -12}}) {
        QAction* a = transpose->addAction(text, this, [this, semitones = semitones] { NoteEdits::transpose(*doc_, semitones); });
        a->setEnabled(any);
    }
    transpose->setEnabled(any);
    menu->addSeparator();
    menu->addAction(action(QStringLiteral("selectAll")));
    menu->addAction(action(QStringLiteral("selectAllTracks")));
    return menu;
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    // QStatusBar hides its normal widgets for a message only if they are visible then: a message given
    // before the window was shown (no sound device) was drawn over the piece's line. Give it again.
    if (const QString shown = statusBar()->currentMessage(); !shown.isEmpty() && loadedLabel_->isVisible()) {
        statusBar()->clearMessage();
        statusBar()->showMessage(shown, 15000);
    }
    if (!defaultLayoutPending_) return;
    defaultLayoutPending_ = false;
    // First run: side panels as wide as their content needs (the playback form, the token names),
    // the piano roll the rest. Done once the window has its size; before, docks ignore it.
    QTimer::singleShot(0, this, [this] {
        auto* tracks = findChild<QDockWidget*>(QStringLiteral("tracksDock"));
        auto* tokens = findChild<QDockWidget*>(QStringLiteral("tokensDock"));
        if (tracks && tokens)
            resizeDocks({tracks, tokens}, {std::max(300, playbackPanel_->minimumSizeHint().width()), tokens_->sizeHint().width() + 8},
                        Qt::Horizontal);
    });
}

void MainWindow::createCallResponseDock(QDockWidget* generateDock) {
#ifdef MOZART_HAVE_AUDIO
    auto* panel = new CallResponsePanel(this);
    panel->setDocument(doc_);
    panel->setEditsGuard([this] { return maybeKeepEdits(tr("start a call and response session")); });
    panel->setModelSource([this] { return generatePanel_->modelPicker()->current().file; });
    panel->setGenerationSource([this] {  // the Generate panel's composer, sampling and constraints
        const auto r = generate::resolveRequest(generatePanel_->form()->request(false),
                                                generatePanel_->modelPicker()->current().labels);
        return r.error.empty() ? r.settings : generate::GenerationSettings{};
    });
    panel->setPlayer([this](midi::Tick from) {  // the answer, from where the pause ended
        pushScoreToEngine();
        engine_->seek(from);
        editor_->setPlayhead(from);
        editor_->resumeFollow();
        engine_->play();
    });
    panel->setOutputs([this] { return engine_->outputs(); },
                      [this](const QString& id) { return playbackPanel_->selectOutput(id); });
    auto* dock = new QDockWidget(tr("Call and Response"), this);
    dock->setObjectName(QStringLiteral("callResponseDock"));
    dock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(generateDock, dock);
#else
    (void)generateDock;
#endif
}

}  // namespace mozart::ui
