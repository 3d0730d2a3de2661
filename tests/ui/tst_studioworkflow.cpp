// The studio as a musician uses it (issue 14), driven through real key presses, clicks and
// right-clicks on the offscreen platform: shortcuts that do what the menu says (and no key bound
// twice), File > New, the right-click menus, Open Model refusing non-models, and the hover
// read-out following keyboard edits.
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

#include "StudioTestUtil.h"
#include "TestScores.h"
#include "dataset/DatasetBrowser.h"
#include "export/ExportDialog.h"
#include "generate/GeneratePanel.h"
#include "generate/ModelPicker.h"
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

using namespace studiotest;

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

    // A real model is accepted and becomes the Generate panel's model.
    const QString mine = dir.filePath(QStringLiteral("mine.safetensors"));
    QVERIFY(QFile::copy(QStringLiteral(MOZART_SOURCE_DIR "/resources/models/default/model.safetensors"), mine));
    QVERIFY(w.openModelFile(mine));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(w.generatePanel()->modelPicker()->current().file, QFileInfo(mine).absoluteFilePath());
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
