// The studio as a musician uses it (issue 14), driven through real key presses, clicks and
// right-clicks on the offscreen platform: shortcuts that do what the menu says (and no key bound
// twice), File > New, context menus, Open Model refusing non-models, the export dialog's choices
// and proposals, the status bar's explanations, files read with warnings, opening dataset rows
// only on purpose, and the piano roll staying put.
#include <QAbstractButton>
#include <QCheckBox>
#include <QSlider>
#include <QTranslator>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <functional>
#include <map>

#include "TestScores.h"
#include "dataset/DatasetBrowser.h"
#include "export/ExportDialog.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/NewPieceDialog.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "pianoroll/TimeRuler.h"
#include "pianoroll/TrackList.h"
#include "playback/PlaybackEngine.h"
#include "playback/PlaybackPanel.h"
#include "tokens/TokenInspector.h"

using namespace mozart;
using namespace mozart::ui;

namespace {

// Runs `act` on the first visible top-level widget of type T once it is shown (modal dialogs are
// answered this way); gives up after 20 s so a dialog that never comes cannot hang a later test.
template <class T>
void whenShown(std::function<void(T*)> act, QDeadlineTimer until = QDeadlineTimer(20000)) {
    QTimer::singleShot(10, [act, until] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* t = qobject_cast<T*>(w); t && t->isVisible()) {
                act(t);
                return;
            }
        if (!until.hasExpired()) whenShown<T>(act, until);
    });
}

void answerMessageBox(QMessageBox::StandardButton button, QString* text = nullptr) {
    whenShown<QMessageBox>([button, text](QMessageBox* box) {
        if (text) *text = box->text();
        box->button(button)->click();
    });
}

// The menu a right-click on `widget` at `pos` opens (the real context-menu event a click sends).
QMenu* rightClick(QWidget* widget, const QPoint& pos) {
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, widget->mapToGlobal(pos));
    QApplication::sendEvent(widget, &event);
    return qobject_cast<QMenu*>(QApplication::activePopupWidget());
}

// The menu's own items first, then its submenus'.
QAction* findAction(QMenu* menu, const QString& textPart) {
    for (QAction* a : menu->actions())
        if (QString(a->text()).remove(QLatin1Char('&')).startsWith(textPart)) return a;
    for (QAction* a : menu->actions())
        if (a->menu())
            if (QAction* inner = findAction(a->menu(), textPart)) return inner;
    return nullptr;
}

QPoint noteCenter(MainWindow& w, int track, int index) {
    const auto& n = w.document()->score().tracks[std::size_t(track)].notes[std::size_t(index)];
    return w.pianoRoll()->canvas()->noteRect(n).center().toPoint();
}

void makeCorpus(const QString& root) {
    QDir(root).mkpath(QStringLiteral("Mozart"));
    testscores::writeFile(root + QStringLiteral("/Mozart/a.mid"), testscores::smallMidi(60, 8));
    testscores::writeFile(root + QStringLiteral("/Mozart/b.mid"), testscores::smallMidi(64, 6));
    testscores::writeFile(root + QStringLiteral("/Mozart/c.mid"), testscores::smallMidi(67, 4));
}

// The window with the corpus open, scanned, sorted by file name.
void openCorpus(MainWindow& w, const QString& root) {
    QSignalSpy finished(w.datasetBrowser(), &DatasetBrowser::scanFinished);
    w.openPath(root);
    QVERIFY(finished.wait(30000));
    w.datasetBrowser()->table()->sortByColumn(DatasetTableModel::File, Qt::AscendingOrder);
}

// Every enabled action of the window that a key can reach, per key sequence.
std::map<QString, QStringList> keyOwners(QMainWindow& w, QStringList* doubled) {
    std::map<QString, QStringList> owners;
    for (QAction* a : w.findChildren<QAction*>()) {
        if (!a->isEnabled() || a->shortcuts().isEmpty()) continue;
        QStringList seen;
        for (const QKeySequence& k : a->shortcuts()) {
            const QString key = k.toString(QKeySequence::PortableText);
            if (seen.contains(key)) *doubled << a->objectName() + QLatin1Char(':') + key;
            seen << key;
            owners[key] << (a->objectName().isEmpty() ? a->text() : a->objectName());
        }
    }
    return owners;
}

}  // namespace

class TestStudioWorkflow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void velocityKeysChangeVelocityNotPitch();
    void zoomOutAndQuitKeysWork();
    void noKeyIsBoundTwice();
    void selectAllIsTheEditedTrack();
    void newPieceTakesDoubleClickedNotes();
    void noteContextMenu();
    void trackContextMenu();
    void datasetAndTokenContextMenus();
    void openModelRefusesOtherFiles();
    void exportRangeButtonsAreExclusive();
    void exportProposesAnEditedCopyOutsideTheDataset();
    void exportRemembersAudioOptions();
    void silentPlaybackIsExplainedOnce();
    void warningsAreListedAndShown();
    void layoutAt1600x1000();
    void filterAndMultiSelectKeepTheOpenPiece();
    void playDoesNotShiftThePianoRoll();
    void fourDigitBarNumbersDoNotCollide();
    void hoverFollowsKeyboardEdits();
};

void TestStudioWorkflow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
    QApplication::setApplicationName(QStringLiteral("tst_studioworkflow"));
}

void TestStudioWorkflow::velocityKeysChangeVelocityNotPitch() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* canvas = w.pianoRoll()->canvas();
    canvas->setFocus();
    w.document()->setSelection({{0, 2}});
    const auto before = w.document()->score().tracks[0].notes[2];
    QTest::keyClick(canvas, Qt::Key_Up, Qt::ControlModifier | Qt::AltModifier);
    auto after = w.document()->score().tracks[0].notes[2];
    QCOMPARE(int(after.pitch), int(before.pitch));  // not an octave up
    QCOMPARE(int(after.velocity), int(before.velocity) + 8);
    QTest::keyClick(canvas, Qt::Key_Down, Qt::ControlModifier | Qt::AltModifier);
    QTest::keyClick(canvas, Qt::Key_Down, Qt::ControlModifier | Qt::AltModifier);
    after = w.document()->score().tracks[0].notes[2];
    QCOMPARE(int(after.pitch), int(before.pitch));
    QCOMPARE(int(after.velocity), int(before.velocity) - 8);
    // Plain and Ctrl arrows still transpose.
    QTest::keyClick(canvas, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(int(w.document()->score().tracks[0].notes[2].pitch), int(before.pitch) + 12);
    w.document()->markSaved();
}

void TestStudioWorkflow::zoomOutAndQuitKeysWork() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* canvas = w.pianoRoll()->canvas();
    canvas->setFocus();
    const double ppt = w.pianoRoll()->viewport()->pixelsPerTick();
    QTest::keyClick(canvas, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY2(w.pianoRoll()->viewport()->pixelsPerTick() < ppt, "Ctrl+- did not zoom out");
    const double out = w.pianoRoll()->viewport()->pixelsPerTick();
    QTest::keyClick(canvas, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY2(w.pianoRoll()->viewport()->pixelsPerTick() > out, "Ctrl++ did not zoom in");
    QTest::keyClick(canvas, Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY2(!w.isVisible(), "Ctrl+Q did not quit");
}

void TestStudioWorkflow::noKeyIsBoundTwice() {
    // Checked with a piece open and notes selected (most actions enabled) and with nothing open:
    // two enabled actions on one key, or one action given the same key twice, make Qt drop the
    // key as ambiguous. Every action of the window counts, whichever panel added it.
    MainWindow w;
    w.show();
    for (int state = 0; state < 2; ++state) {
        if (state == 1) {
            w.showScore(testscores::twoTrackScore(), QString());
            w.document()->setSelection({{0, 0}});
        }
        QStringList doubled;
        const auto owners = keyOwners(w, &doubled);
        QVERIFY2(doubled.isEmpty(), qPrintable(doubled.join(QStringLiteral(", "))));
        for (const auto& [key, names] : owners)
            QVERIFY2(names.size() == 1, qPrintable(key + QStringLiteral(" is bound to ") + names.join(QStringLiteral(", "))));
        QVERIFY(owners.count(QStringLiteral("Ctrl+Q")) == 1);
        QVERIFY(owners.count(QStringLiteral("Ctrl+-")) == 1);
    }
    // The standard keys are bound as the platform defines them.
    for (const QKeySequence& k : QKeySequence::keyBindings(QKeySequence::ZoomOut))
        QVERIFY(w.action(QStringLiteral("zoomOut"))->shortcuts().contains(k));
    for (const QKeySequence& k : QKeySequence::keyBindings(QKeySequence::Quit))
        QVERIFY(w.action(QStringLiteral("quit"))->shortcuts().contains(k));
}

void TestStudioWorkflow::selectAllIsTheEditedTrack() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* canvas = w.pianoRoll()->canvas();
    canvas->setFocus();
    w.document()->setCurrentTrack(1);
    QTest::keyClick(canvas, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(w.document()->selection().size(), std::size_t(4));  // the cello's notes only
    for (const auto& r : w.document()->selection()) QCOMPARE(r.track, 1);
    QTest::keyClick(canvas, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.document()->selection().size(), std::size_t(12));
}

void TestStudioWorkflow::newPieceTakesDoubleClickedNotes() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    whenShown<NewPieceDialog>([](NewPieceDialog* d) {
        d->tempoBox()->setValue(90);
        d->numeratorBox()->setValue(3);
        d->denominatorBox()->setCurrentIndex(d->denominatorBox()->findData(4));
        d->instrumentBox()->setCurrentIndex(d->instrumentBox()->findData(40));  // violin
        d->accept();
    });
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);
    const auto& s = w.document()->score();
    QCOMPARE(w.document()->trackCount(), 1);
    QCOMPARE(s.tracks[0].program, 40);
    QCOMPARE(s.noteCount(), std::size_t(0));
    QCOMPARE(qRound(s.tempos.at(0).qpm()), 90);
    QCOMPARE(s.timeSignatures.at(0).numerator, 3);
    QVERIFY(w.windowTitle().contains(w.document()->title()));
    auto* canvas = w.pianoRoll()->canvas();
    const QPoint at(canvas->width() / 3, canvas->height() / 2);
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(w.document()->score().noteCount(), std::size_t(1));
    QCOMPARE(int(w.document()->score().tracks[0].notes[0].pitch), w.pianoRoll()->viewport()->pitchForY(at.y()));
    // The track menu adds a second instrument to the new piece.
    QMenu* menu = w.trackList()->contextMenu(-1);
    QAction* add = menu->findChild<QAction*>(QStringLiteral("addTrack"));
    QVERIFY(add && add->isEnabled());
    add->trigger();
    delete menu;
    QCOMPARE(w.document()->trackCount(), 2);
    w.document()->markSaved();
}

void TestStudioWorkflow::noteContextMenu() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* canvas = w.pianoRoll()->canvas();
    QMenu* menu = rightClick(canvas, noteCenter(w, 0, 3));
    QVERIFY(menu);
    QCOMPARE(w.document()->selection(), NoteRefs({{0, 3}}));  // the clicked note, alone
    for (const char* item : {"Delete", "Duplicate", "Velocity +8", "Quantize", "Up a Semitone"})
        QVERIFY2(findAction(menu, QString::fromLatin1(item)), item);
    findAction(menu, QStringLiteral("Up a Semitone"))->trigger();
    menu->close();
    QCOMPARE(int(w.document()->score().tracks[0].notes[3].pitch), 66);
    menu = rightClick(canvas, noteCenter(w, 0, 3));
    QVERIFY(menu);
    findAction(menu, QStringLiteral("Delete"))->trigger();
    menu->close();
    QCOMPARE(w.document()->score().tracks[0].notes.size(), std::size_t(7));
    w.document()->markSaved();
}

void TestStudioWorkflow::trackContextMenu() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* table = w.trackList()->table();
    const QPoint row1 = table->visualRect(table->model()->index(1, TrackList::NameColumn)).center();
    QMenu* menu = rightClick(table->viewport(), row1);
    QVERIFY(menu);
    for (const char* item : {"Instrument", "Mute", "Solo", "Delete Track", "Add Track"})
        QVERIFY2(findAction(menu, QString::fromLatin1(item)), item);
    findAction(menu, QStringLiteral("Flute"))->trigger();
    menu->close();
    QCOMPARE(w.document()->score().tracks[1].program, 73);
    menu = rightClick(table->viewport(), row1);
    findAction(menu, QStringLiteral("Mute"))->trigger();
    menu->close();
    QVERIFY(w.document()->trackState(1).muted);
    menu = rightClick(table->viewport(), row1);
    findAction(menu, QStringLiteral("Delete Track"))->trigger();
    menu->close();
    QCOMPARE(w.document()->trackCount(), 1);
    QCOMPARE(table->rowCount(), 1);
    w.action(QStringLiteral("undo"))->trigger();  // each track edit is one undo step
    QCOMPARE(w.document()->trackCount(), 2);
    w.action(QStringLiteral("undo"))->trigger();
    QCOMPARE(w.document()->score().tracks[1].program, 42);
    w.document()->markSaved();
}

void TestStudioWorkflow::datasetAndTokenContextMenus() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    openCorpus(w, dir.path());
    auto* table = w.datasetBrowser()->table();
    const QPoint row0 = table->visualRect(table->model()->index(0, DatasetTableModel::File)).center();
    QMenu* menu = rightClick(table->viewport(), row0);
    QVERIFY(menu);
    QVERIFY(findAction(menu, QStringLiteral("Show in Folder")));
    QVERIFY(findAction(menu, QStringLiteral("Export Selected")));
    findAction(menu, QStringLiteral("Open"))->trigger();
    menu->close();
    w.waitForLoad();
    QCOMPARE(w.document()->filePath(), dir.filePath(QStringLiteral("Mozart/a.mid")));
    // Export from the row menu opens the export dialog for the selection.
    menu = rightClick(table->viewport(), row0);
    bool dialogShown = false;
    whenShown<ExportDialog>([&dialogShown](ExportDialog* d) {
        dialogShown = true;
        d->reject();
    });
    findAction(menu, QStringLiteral("Export Selected"))->trigger();
    menu->close();
    QVERIFY(dialogShown);
    // The token list copies MidiTok's token names.
    w.tokenInspector()->waitUntilReady();
    auto* view = w.tokenInspector()->view();
    menu = rightClick(view->viewport(), QPoint(10, 10));
    QVERIFY(menu);
    findAction(menu, QStringLiteral("Copy All Tokens"))->trigger();
    menu->close();
    const QStringList copied = QApplication::clipboard()->text().split(QLatin1Char('\n'));
    QCOMPARE(copied.size(), w.tokenInspector()->model()->rowCount());
    QCOMPARE(copied.first(), QStringLiteral("Bar_None"));
}

void TestStudioWorkflow::openModelRefusesOtherFiles() {
    QTemporaryDir dir;
    const QString empty = dir.filePath(QStringLiteral("empty.mozart"));
    const QString text = dir.filePath(QStringLiteral("notes.mozart"));
    QVERIFY(testscores::writeFile(empty, QByteArray()));
    QVERIFY(testscores::writeFile(text, QByteArray("these are my notes, not a model\n")));
    MainWindow w;
    w.show();
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    QString shown;
    answerMessageBox(QMessageBox::Ok, &shown);
    QVERIFY(!w.openModelFile(empty));
    QVERIFY2(shown.contains(QStringLiteral("empty")), qPrintable(shown));
    answerMessageBox(QMessageBox::Ok, &shown);
    QVERIFY(!w.openModelFile(text));
    QVERIFY2(shown.contains(QStringLiteral("notes.mozart")) && shown.contains(QStringLiteral("not a model")), qPrintable(shown));
    QCOMPARE(opened.count(), 0);
    QVERIFY(QSettings().value(QStringLiteral("lastModel")).toString().isEmpty());
    QVERIFY(!w.lastStatusMessage().contains(QStringLiteral("panel")));
}

void TestStudioWorkflow::exportRangeButtonsAreExclusive() {
    ExportDialog::Context c;
    c.pieceTitle = QStringLiteral("sonata.mid");
    c.datasetSelection = 2;
    c.hasLoop = true;
    c.audioAvailable = true;
    ExportDialog d(c, false);
    d.show();
    QRadioButton *whole = nullptr, *loop = nullptr, *piece = nullptr;
    for (auto* r : d.findChildren<QRadioButton*>()) {
        if (r->text().contains(QStringLiteral("Whole"))) whole = r;
        if (r->text().contains(QStringLiteral("Loop"))) loop = r;
        if (r->text().contains(QStringLiteral("open piece"))) piece = r;
    }
    QVERIFY(whole && loop && piece);
    QVERIFY(whole->isChecked() && piece->isChecked());
    QTest::mouseClick(whole, Qt::LeftButton);
    QVERIFY2(whole->isChecked(), "clicking the checked 'Whole piece' unticked it");
    QTest::mouseClick(loop, Qt::LeftButton);
    QVERIFY(loop->isChecked());
    QVERIFY(!whole->isChecked());
    QVERIFY2(piece->isChecked(), "the part buttons changed the source");
    QVERIFY(d.choice().loopOnly);
    QTest::mouseClick(whole, Qt::LeftButton);
    QVERIFY(whole->isChecked() && !loop->isChecked());
    QVERIFY(!d.choice().loopOnly);
}

void TestStudioWorkflow::exportProposesAnEditedCopyOutsideTheDataset() {
    QTemporaryDir dir;
    makeCorpus(dir.filePath(QStringLiteral("corpus")));
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    openCorpus(w, dir.filePath(QStringLiteral("corpus")));
    w.openPath(dir.filePath(QStringLiteral("corpus/Mozart/a.mid")));
    w.waitForLoad();
    const QString music = QStandardPaths::writableLocation(QStandardPaths::MusicLocation);
    auto proposal = [&w] {
        QString dest;
        whenShown<ExportDialog>([&dest](ExportDialog* d) {
            dest = d->findChild<QLineEdit*>(QStringLiteral("destination"))->text();
            d->reject();
        });
        w.action(QStringLiteral("exportMidi"))->trigger();
        return dest;
    };
    // First time: the music folder.
    QString dest = proposal();
    QCOMPARE(QFileInfo(dest).fileName(), QStringLiteral("a (edited).mid"));
    QCOMPARE(QFileInfo(dest).absolutePath(), QFileInfo(music.isEmpty() ? QDir::homePath() : music).absoluteFilePath());
    // A last export folder inside the dataset is not proposed again.
    QSettings().setValue(QStringLiteral("lastExportFolder"), dir.filePath(QStringLiteral("corpus/Mozart")));
    dest = proposal();
    QVERIFY2(!dest.isEmpty() && !dest.startsWith(dir.filePath(QStringLiteral("corpus"))), qPrintable(dest));
    // Any other last folder is.
    QSettings().setValue(QStringLiteral("lastExportFolder"), dir.filePath(QStringLiteral("exports")));
    dest = proposal();
    QCOMPARE(dest, dir.filePath(QStringLiteral("exports/a (edited).mid")));
    // Never the open file itself, even when it is an earlier edited copy in that folder.
    QDir(dir.path()).mkpath(QStringLiteral("exports"));
    const QString copy = dir.filePath(QStringLiteral("exports/a (edited).mid"));
    QVERIFY(QFile::copy(dir.filePath(QStringLiteral("corpus/Mozart/a.mid")), copy));
    w.openPath(copy);
    w.waitForLoad();
    dest = proposal();
    QVERIFY2(!dest.isEmpty() && dest != copy && dest.startsWith(dir.filePath(QStringLiteral("exports/"))), qPrintable(dest));
}

void TestStudioWorkflow::exportRemembersAudioOptions() {
    ExportDialog::Context c;
    c.pieceTitle = QStringLiteral("sonata.mid");
    c.suggestedPath = QDir::temp().filePath(QStringLiteral("sonata (edited)"));
    c.audioAvailable = true;
    {
        ExportDialog d(c, true);
        d.show();
        d.setFormat(AudioExportSettings::Format::Flac);
        auto* rate = d.findChild<QComboBox*>(QStringLiteral("sampleRate"));
        rate->setCurrentIndex(rate->findData(48000));
        auto* depth = d.findChild<QComboBox*>(QStringLiteral("bitDepth"));
        depth->setCurrentIndex(depth->findData(24));
        d.findChild<QSlider*>()->setValue(3);
        QTest::mouseClick(d.findChild<QCheckBox*>(QStringLiteral("normalize")), Qt::LeftButton);
        d.accept();
    }
    ExportDialog again(c, true);
    const ExportChoice choice = again.choice();
    QCOMPARE(choice.settings.format, AudioExportSettings::Format::Flac);
    QCOMPARE(choice.settings.sampleRate, 48000);
    QCOMPARE(choice.settings.bitDepth, 24);
    QCOMPARE(choice.settings.oggQuality, 0.3);
    QVERIFY(!choice.settings.normalize);
    // Export MIDI still opens on MIDI.
    ExportDialog midi(c, false);
    QVERIFY(!midi.choice().audio);
}

void TestStudioWorkflow::silentPlaybackIsExplainedOnce() {
    qputenv("MOZART_AUDIO_DRIVER", "none");
    MainWindow w;
    qunsetenv("MOZART_AUDIO_DRIVER");
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    if (w.playbackEngine()->unavailableReason().isEmpty()) QSKIP("this build plays without a sound device");
    QVERIFY2(w.lastStatusMessage().contains(QStringLiteral("silent")), qPrintable(w.lastStatusMessage()));
    QVERIFY(w.soundStatusButton()->isVisible());
    // Playing does not say it again: the message is there once, the button stays.
    w.showScore(testscores::twoTrackScore(), QString());
    const QString said = w.lastStatusMessage();
    w.action(QStringLiteral("playPause"))->trigger();
    w.action(QStringLiteral("playPause"))->trigger();
    QCOMPARE(w.lastStatusMessage(), said);
    // The full explanation is one click away.
    QString shown;
    answerMessageBox(QMessageBox::Ok, &shown);
    QTest::mouseClick(w.soundStatusButton(), Qt::LeftButton);
    QVERIFY2(shown.contains(w.playbackEngine()->unavailableReason()), qPrintable(shown));
    // The Output list's entry is short, with the reason on hover.
    auto* output = w.playbackPanel()->findChild<QComboBox*>(QStringLiteral("output"));
    QVERIFY2(output->currentText().size() <= 30, qPrintable(output->currentText()));
    QVERIFY(output->toolTip().contains(w.playbackEngine()->unavailableReason()));
    // The About box agrees with the build: FluidSynth is built in, only the device is missing.
    answerMessageBox(QMessageBox::Ok, &shown);
    w.action(QStringLiteral("about"))->trigger();
    if (!shown.contains(QStringLiteral("FluidSynth not found")))
        QVERIFY2(!shown.contains(QStringLiteral("no synthesizer built in")), qPrintable(shown));
    // The German translation covers the message.
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German), QStringLiteral("mozart_studio"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")));
    QApplication::installTranslator(&translator);
    {
        qputenv("MOZART_AUDIO_DRIVER", "none");
        MainWindow german;
        qunsetenv("MOZART_AUDIO_DRIVER");
        QVERIFY2(!german.lastStatusMessage().contains(QStringLiteral("silent")), qPrintable(german.lastStatusMessage()));
        QVERIFY(!german.soundStatusButton()->text().contains(QStringLiteral("No sound")));
    }
    QApplication::removeTranslator(&translator);
}

void TestStudioWorkflow::warningsAreListedAndShown() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    // A track chunk cut short: the reader keeps what is there and warns.
    QByteArray cut = testscores::smallMidi(60, 12);
    cut.chop(20);
    QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("Mozart/cut.mid")), cut));
    const QString longError = QStringLiteral("MThd") + QString(200, QLatin1Char('x'));
    QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("Mozart/bad.mid")), longError.toLatin1()));
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    openCorpus(w, dir.path());
    auto* filter = w.datasetBrowser()->filterModel();
    QModelIndex cutStatus, badStatus;
    for (int r = 0; r < filter->rowCount(); ++r) {
        const QString file = filter->index(r, DatasetTableModel::File).data().toString();
        if (file == QLatin1String("cut.mid")) cutStatus = filter->index(r, DatasetTableModel::Status);
        if (file == QLatin1String("bad.mid")) badStatus = filter->index(r, DatasetTableModel::Status);
    }
    QVERIFY(cutStatus.isValid() && badStatus.isValid());
    const QString status = cutStatus.data().toString();
    QVERIFY2(status != QLatin1String("ok") && status.startsWith(QStringLiteral("warnings (")), qPrintable(status));
    QVERIFY(cutStatus.data(Qt::ToolTipRole).toString().contains(QStringLiteral("cut.mid")));
    // A long error: its start in the column, all of it on hover.
    const QString error = badStatus.data().toString();
    const QString full = badStatus.data(Qt::ToolTipRole).toString();
    QVERIFY2(error.startsWith(QStringLiteral("error: ")) && error.size() <= 60, qPrintable(error));
    QVERIFY(full.size() > 0 && full.startsWith(error.left(error.size() - 1).mid(7)));
    // Opening it says what was recovered and what was lost.
    w.openPath(dir.filePath(QStringLiteral("Mozart/cut.mid")));
    w.waitForLoad();
    QVERIFY(w.readWarningsButton()->isVisible());
    const QString count = status.section(QLatin1Char('('), 1).section(QLatin1Char(')'), 0, 0);  // "warnings (2): …"
    QVERIFY2(w.readWarningsButton()->text().endsWith(QLatin1Char(' ') + count), qPrintable(w.readWarningsButton()->text()));
    QVERIFY(w.readWarningsButton()->toolTip().contains(QStringLiteral("Recovered")));
    QVERIFY(w.readWarningsButton()->toolTip().contains(QStringLiteral("Lost")));
    w.openPath(dir.filePath(QStringLiteral("Mozart/a.mid")));
    w.waitForLoad();
    QVERIFY(!w.readWarningsButton()->isVisible());
}

void TestStudioWorkflow::layoutAt1600x1000() {
    QTemporaryDir dir;
    for (int i = 0; i < 30; ++i)
        QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("p%1.mid").arg(i, 2, 10, QLatin1Char('0'))),
                                      testscores::smallMidi(50 + i, 6)));
    MainWindow w;
    w.setWindowState(Qt::WindowNoState);
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    openCorpus(w, dir.path());
    w.openPath(dir.filePath(QStringLiteral("p00.mid")));
    w.waitForLoad();
    QCoreApplication::processEvents();
    QVERIFY2(w.pianoRoll()->height() >= w.height() / 2,
             qPrintable(QStringLiteral("piano roll %1 px of %2").arg(w.pianoRoll()->height()).arg(w.height())));
    auto* table = w.datasetBrowser()->table();
    const int rows = table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
    QVERIFY2(rows >= 8, qPrintable(QStringLiteral("the dataset table shows %1 rows").arg(rows)));
    // Side panels: wide enough for their content, not so wide that the roll is squeezed.
    auto* tokensDock = w.findChild<QDockWidget*>(QStringLiteral("tokensDock"));
    auto* tracksDock = w.findChild<QDockWidget*>(QStringLiteral("tracksDock"));
    QVERIFY(tokensDock->width() >= w.tokenInspector()->sizeHint().width() - 4);
    // Not wider than the widest minimum of the panels sharing the right side (the Generate panel
    // is tabbed with the tokens), nor than 420 px when they are narrow.
    int rightMinimum = 0;
    for (auto* dock : w.findChildren<QDockWidget*>())
        if (w.dockWidgetArea(dock) == Qt::RightDockWidgetArea) rightMinimum = std::max(rightMinimum, dock->minimumSizeHint().width());
    QVERIFY2(tokensDock->width() <= std::max(420, rightMinimum + 20),
             qPrintable(QStringLiteral("tokens dock %1, right side minimum %2").arg(tokensDock->width()).arg(rightMinimum)));
    QVERIFY(tracksDock->width() >= w.playbackPanel()->minimumSizeHint().width());
    QVERIFY(tracksDock->width() <= 420);
    QVERIFY2(w.pianoRoll()->width() >= w.width() * 2 / 5,
             qPrintable(QStringLiteral("roll %1, tracks %2, tokens %3")
                            .arg(w.pianoRoll()->width()).arg(tracksDock->width()).arg(tokensDock->width())));
    // Nothing in the playback panel is cut: every field is at least its minimum width.
    for (auto* field : w.playbackPanel()->findChildren<QWidget*>())
        if (field->isVisible() && (qobject_cast<QComboBox*>(field) || qobject_cast<QLineEdit*>(field)))
            QVERIFY2(field->width() >= field->minimumSizeHint().width(), qPrintable(field->objectName()));
    // The dataset table's columns fit without scrolling sideways.
    QVERIFY2(table->horizontalHeader()->length() <= table->viewport()->width() + 1,
             qPrintable(QStringLiteral("columns %1 px in %2").arg(table->horizontalHeader()->length()).arg(table->viewport()->width())));
}

void TestStudioWorkflow::filterAndMultiSelectKeepTheOpenPiece() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    openCorpus(w, dir.path());
    auto* table = w.datasetBrowser()->table();
    auto cell = [table](int row) { return table->visualRect(table->model()->index(row, DatasetTableModel::File)).center(); };
    // A click selects; it does not open.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell(0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, cell(1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ShiftModifier, cell(2));
    w.waitForLoad();
    QVERIFY(w.document()->filePath().isEmpty());
    QCOMPARE(w.datasetBrowser()->selectedPaths().size(), 3);
    // Enter opens the current row; a double-click opens the row clicked.
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return);
    w.waitForLoad();
    QCOMPARE(w.document()->filePath(), dir.filePath(QStringLiteral("Mozart/c.mid")));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell(0));  // a double-click's first half
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell(0));
    w.waitForLoad();
    QCOMPARE(w.document()->filePath(), dir.filePath(QStringLiteral("Mozart/a.mid")));
    // Typing a filter moves the rows, not the open piece.
    auto* filter = w.datasetBrowser()->filterEdit();
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("b.m"));
    w.waitForLoad();
    QCOMPARE(w.datasetBrowser()->filterModel()->rowCount(), 1);
    QCOMPARE(w.document()->filePath(), dir.filePath(QStringLiteral("Mozart/a.mid")));
    filter->clear();
    w.waitForLoad();
    QCOMPARE(w.document()->filePath(), dir.filePath(QStringLiteral("Mozart/a.mid")));
}

void TestStudioWorkflow::playDoesNotShiftThePianoRoll() {
    MainWindow w;
    w.setWindowState(Qt::WindowNoState);
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    QCoreApplication::processEvents();
    const QRect before(w.pianoRoll()->mapTo(&w, QPoint(0, 0)), w.pianoRoll()->size());
    w.action(QStringLiteral("playPause"))->trigger();
    QTRY_COMPARE(w.action(QStringLiteral("playPause"))->text(), QStringLiteral("Pause"));
    QTest::qWait(100);  // the position label ticks
    const QRect playing(w.pianoRoll()->mapTo(&w, QPoint(0, 0)), w.pianoRoll()->size());
    w.action(QStringLiteral("playPause"))->trigger();
    QCOMPARE(playing, before);
}

void TestStudioWorkflow::fourDigitBarNumbersDoNotCollide() {
    midi::Score s = testscores::twoTrackScore();
    s.tracks[0].notes.push_back({1500 * 1920, 480, 60, 80});  // 1500 bars of 4/4
    s.timeSignatures.push_back({1000 * 1920, 2, 4});          // shorter bars later on
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(s, QString());
    auto* ruler = w.pianoRoll()->timeRuler();
    auto* viewport = w.pianoRoll()->viewport();
    for (double barsAcross : {20.0, 60.0, 150.0, 400.0}) {
        viewport->setPixelsPerTick(viewport->width() / (barsAcross * 1920.0));
        viewport->scrollTo(995 * 1920.0, viewport->originY());
        ruler->grab();
        const auto& labels = ruler->labelRects();
        QVERIFY(labels.size() >= 2);
        for (std::size_t i = 1; i < labels.size(); ++i)
            QVERIFY2(labels[i].left() > labels[i - 1].right() + 2,
                     qPrintable(QStringLiteral("bar labels overlap at %1 bars across").arg(barsAcross)));
    }
}

void TestStudioWorkflow::hoverFollowsKeyboardEdits() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* canvas = w.pianoRoll()->canvas();
    const QPoint at = noteCenter(w, 0, 1);
    QMouseEvent move(QEvent::MouseMove, at, canvas->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QVERIFY2(canvas->hoverText().contains(QStringLiteral("velocity 68")), qPrintable(canvas->hoverText()));
    w.document()->setSelection({{0, 1}});
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_Up, Qt::ControlModifier | Qt::AltModifier);
    QVERIFY2(canvas->hoverText().contains(QStringLiteral("velocity 76")), qPrintable(canvas->hoverText()));
    QTest::keyClick(canvas, Qt::Key_Up);
    QVERIFY2(canvas->hoverText().contains(QStringLiteral("(63)")), qPrintable(canvas->hoverText()));
    w.document()->markSaved();
}

QTEST_MAIN(TestStudioWorkflow)
#include "tst_studioworkflow.moc"
