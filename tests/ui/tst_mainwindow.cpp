// The whole studio window offscreen: opening a file and a folder, the title, counting the notes
// drawn, undo through the Edit menu, seeking and playing (the playhead moves), loop to selection,
// MIDI export that never overwrites without asking, token inspector <-> selection, settings kept,
// and the German translation.
#include <QAbstractButton>
#include <QApplication>
#include <QDeadlineTimer>
#include <QLineEdit>
#include <QTableView>
#include <QDockWidget>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <memory>

#include "TestScores.h"
#include "dataset/DatasetBrowser.h"
#include "export/AudioExportBackend.h"
#include "export/ExportRunner.h"
#include "mainwindow/MainWindow.h"
#include "midi/SmfReader.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "pianoroll/TimeRuler.h"
#include "playback/PlaybackEngine.h"
#include "playback/PlaybackPanel.h"
#include "tokens/TokenInspector.h"

using namespace mozart;
using namespace mozart::ui;

namespace {

// Answers the next message box with `button` once it is shown (gives up after 20 s, so a box
// that never comes cannot be answered in a later test).
void answerMessageBoxWhenShown(QMessageBox::StandardButton button, QDeadlineTimer until,
                               std::shared_ptr<bool> answered) {
    QTimer::singleShot(10, [button, until, answered] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
                box->button(button)->click();
                *answered = true;
                return;
            }
        }
        if (!until.hasExpired()) answerMessageBoxWhenShown(button, until, answered);  // not up yet
    });
}

// Clicks `button` in the next message box; the flag says whether one was shown (a test of
// "asks first" must check it, or it passes when nothing asks).
std::shared_ptr<bool> answerNextMessageBox(QMessageBox::StandardButton button,
                                           QDeadlineTimer until = QDeadlineTimer(20000)) {
    auto answered = std::make_shared<bool>(false);
    answerMessageBoxWhenShown(button, until, answered);
    return answered;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void openFileShowsPieceInTitleAndRoll();
    void undoThroughEditMenu();
    void seekAndPlayMoveThePlayhead();
    void loopSelectedBars();
    void exportMidiAsksBeforeOverwriting();
    void tokenInspectorFollowsSelection();
    void openFolderScansIntoBrowser();
    void settingsAreKept();
    void germanTranslation();
    void reloadsFileChangedOnDisk();
    void audioExportOfDatasetSelection();
};

namespace {

// Stands in for the FluidSynth renderer: writes a small file naming the piece, after checking
// the settings arrived; fails on request.
class FakeAudioBackend : public AudioExportBackend {
public:
    std::atomic<int> calls{0};
    QString render(const midi::Score& score, const AudioExportSettings& settings, const std::string& path,
                   const std::atomic<bool>& cancel, std::atomic<double>& progress) override {
        ++calls;
        if (cancel) return QStringLiteral("cancelled");
        progress = 0.5;
        QFile f(QString::fromStdString(path));
        if (!f.open(QIODevice::WriteOnly)) return QStringLiteral("cannot write");
        f.write(QByteArray::number(qulonglong(score.noteCount())) + ' ' + QByteArray::number(settings.sampleRate) +
                ' ' + QByteArray::number(settings.bitDepth));
        progress = 1.0;
        return QString();
    }
};

}  // namespace


void TestMainWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
    QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
}

void TestMainWindow::openFileShowsPieceInTitleAndRoll() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("arpeggio.mid"));
    QVERIFY(testscores::writeFile(path, testscores::smallMidi(60, 16)));
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.windowTitle().contains(QStringLiteral("arpeggio")));
    w.openPath(path);
    w.waitForLoad();
    QCOMPARE(w.document()->score().noteCount(), std::size_t(16));
    QVERIFY(w.windowTitle().contains(QStringLiteral("arpeggio.mid")));
    QVERIFY(w.windowTitle().contains(QStringLiteral("Mozart Studio")));
    w.pianoRoll()->zoomToFit();
    w.pianoRoll()->canvas()->grab();
    QCOMPARE(w.pianoRoll()->canvas()->lastPaintedNoteCount(), 16);
    // An unreadable path is reported, not a crash.
    w.openPath(dir.filePath(QStringLiteral("missing.mid")));
    QVERIFY(w.lastStatusMessage().contains(QStringLiteral("missing.mid")));
}

void TestMainWindow::undoThroughEditMenu() {
    MainWindow w;
    w.show();
    w.showScore(testscores::twoTrackScore(), QString());
    w.document()->setSelection({{0, 0}, {0, 1}});
    w.action(QStringLiteral("delete"))->trigger();
    QCOMPARE(w.document()->score().tracks[0].notes.size(), std::size_t(6));
    QVERIFY(w.isWindowModified());
    w.action(QStringLiteral("undo"))->trigger();
    QCOMPARE(w.document()->score().tracks[0].notes.size(), std::size_t(8));
    QVERIFY(!w.isWindowModified());
    w.action(QStringLiteral("redo"))->trigger();
    QCOMPARE(w.document()->score().tracks[0].notes.size(), std::size_t(6));
    // Both redo shortcuts are bound.
    const auto keys = w.action(QStringLiteral("redo"))->shortcuts();
    QVERIFY(keys.contains(QKeySequence(QStringLiteral("Ctrl+Shift+Z"))));
    QVERIFY(keys.contains(QKeySequence(QStringLiteral("Ctrl+Y"))));
    w.document()->markSaved();  // no prompt on close
}

void TestMainWindow::seekAndPlayMoveThePlayhead() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    auto* editor = w.pianoRoll();
    auto* ruler = editor->timeRuler();
    const auto* vp = editor->viewport();
    QTest::mouseClick(ruler, Qt::LeftButton, Qt::NoModifier, QPoint(int(vp->xForTick(1920)), 10));
    const double onePixel = 1.0 / vp->pixelsPerTick() + 1;
    QVERIFY(qAbs(w.playbackEngine()->position() - 1920) <= onePixel);
    QVERIFY(qAbs(editor->canvas()->playhead() - 1920) <= onePixel);
    QVERIFY(w.playbackPanel()->positionText().startsWith(QStringLiteral("2:1")) ||
            w.playbackPanel()->positionText().startsWith(QStringLiteral("1:4")));
    w.action(QStringLiteral("playPause"))->trigger();
    QCOMPARE(w.playbackEngine()->state(), PlaybackState::Playing);
    QTRY_VERIFY_WITH_TIMEOUT(editor->canvas()->playhead() > 1920 + onePixel, 5000);
    w.action(QStringLiteral("stop"))->trigger();
    QCOMPARE(w.playbackEngine()->state(), PlaybackState::Stopped);
    w.action(QStringLiteral("toStart"))->trigger();
    QCOMPARE(editor->canvas()->playhead(), midi::Tick(0));
}

void TestMainWindow::loopSelectedBars() {
    MainWindow w;
    w.show();
    w.showScore(testscores::twoTrackScore(), QString());
    QVERIFY(!w.action(QStringLiteral("loop"))->isEnabled());
    w.document()->setSelection({{0, 5}});
    w.action(QStringLiteral("loopSelection"))->trigger();
    QVERIFY(w.pianoRoll()->loopRange().has_value());
    QCOMPARE(w.pianoRoll()->loopRange()->first, midi::Tick(1920));
    QVERIFY(w.action(QStringLiteral("loop"))->isChecked());
}

void TestMainWindow::exportMidiAsksBeforeOverwriting() {
    QTemporaryDir dir;
    MainWindow w;
    w.show();
    w.showScore(testscores::twoTrackScore(), QString());
    ExportChoice choice;
    choice.destination = dir.filePath(QStringLiteral("out.mid"));
    QVERIFY(w.startExport(choice));
    w.exportRunner()->wait();
    QVERIFY(QFileInfo::exists(choice.destination));
    const auto back = midi::SmfReader::readFile(choice.destination.toStdString());
    QVERIFY(back.ok());
    QCOMPARE(back.score->noteCount(), std::size_t(12));
    // The file exists now: answering No leaves it alone.
    QFile marker(choice.destination);
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.write("keep me");
    marker.close();
    answerNextMessageBox(QMessageBox::No);
    QVERIFY(!w.startExport(choice));
    QFile check(choice.destination);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("keep me"));
    // Audio export without a renderer is refused with an explanation, not attempted.
    w.setAudioExportBackend(nullptr);
    ExportChoice audio = choice;
    audio.audio = true;
    audio.destination = dir.filePath(QStringLiteral("out.wav"));
    answerNextMessageBox(QMessageBox::Ok);
    QVERIFY(!w.startExport(audio));
    QVERIFY(!QFileInfo::exists(audio.destination));
}

void TestMainWindow::tokenInspectorFollowsSelection() {
    MainWindow w;
    w.show();
    w.showScore(testscores::twoTrackScore(), QString());
    auto* inspector = w.tokenInspector();
    inspector->waitUntilReady();
    auto* model = inspector->model();
    QVERIFY(model->rowCount() > 8 * 3);
    w.document()->setSelection({{0, 2}});  // E4
    int highlighted = 0;
    bool pitch64 = false;
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->isHighlighted(r)) {
            ++highlighted;
            pitch64 |= model->tokens()[std::size_t(r)] == "Pitch_64";
        }
    QVERIFY(pitch64);
    QCOMPARE(highlighted, 3);  // Pitch, Velocity, Duration
    // Selecting tokens selects their notes.
    int row = -1;
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->tokens()[std::size_t(r)] == "Pitch_71") row = r;
    QVERIFY(row >= 0);
    inspector->view()->selectionModel()->select(model->index(row), QItemSelectionModel::ClearAndSelect);
    QCOMPARE(w.document()->selection().size(), std::size_t(1));
    QVERIFY(w.document()->isSelected(0, 6));
}

void TestMainWindow::openFolderScansIntoBrowser() {
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("Mozart"));
    QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("Mozart/k1.mid")), testscores::smallMidi(60, 4)));
    QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("Mozart/bad.mid")), QByteArray("MThd")));
    MainWindow w;
    w.show();
    QSignalSpy finished(w.datasetBrowser(), &DatasetBrowser::scanFinished);
    w.openPath(dir.path());
    QVERIFY(finished.wait(30000));
    QCOMPARE(w.datasetBrowser()->model()->rowCount(), 2);
    // Opening the good piece (Enter on its row) shows it in the piano roll.
    auto* table = w.datasetBrowser()->table();
    w.datasetBrowser()->filterEdit()->setText(QStringLiteral("k1"));
    table->selectRow(0);
    QTest::keyClick(table, Qt::Key_Return);
    w.waitForLoad();
    QCOMPARE(w.document()->score().noteCount(), std::size_t(4));
    QVERIFY(w.windowTitle().contains(QStringLiteral("k1.mid")));
}

void TestMainWindow::settingsAreKept() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("recent.mid"));
    QVERIFY(testscores::writeFile(path, testscores::smallMidi(60, 4)));
    {
        MainWindow w;
        w.show();
        w.playbackPanel()->setVolume(42);
        w.pianoRoll()->setGridDivision(8);
        w.openMidiFile(path);
        w.waitForLoad();
        w.close();
    }
    MainWindow again;
    QCOMPARE(again.playbackPanel()->volume(), 42);
    QCOMPARE(again.pianoRoll()->gridDivision(), 8);
    QVERIFY(QSettings().value(QStringLiteral("recentFiles")).toStringList().contains(QFileInfo(path).absoluteFilePath()));
}

void TestMainWindow::germanTranslation() {
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German), QStringLiteral("mozart_studio"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")));
    QApplication::installTranslator(&translator);
    {
        MainWindow w;
        QStringList menus;
        for (QAction* a : w.menuBar()->actions()) menus << a->text();
        QVERIFY2(menus.contains(QStringLiteral("&Datei")), qPrintable(menus.join(QLatin1Char(','))));
        QVERIFY(menus.contains(QStringLiteral("&Bearbeiten")));
        QCOMPARE(w.action(QStringLiteral("undo"))->text().startsWith(QStringLiteral("&Rückgängig")), true);
    }
    QApplication::removeTranslator(&translator);
}

void TestMainWindow::reloadsFileChangedOnDisk() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("changing.mid"));
    QVERIFY(testscores::writeFile(path, testscores::smallMidi(60, 4)));
    MainWindow w;
    w.show();
    w.openMidiFile(path);
    w.waitForLoad();
    QCOMPARE(w.document()->score().noteCount(), std::size_t(4));
    // Another program rewrites the file: with no edits here, the studio reloads it.
    QVERIFY(testscores::writeFile(path, testscores::smallMidi(60, 9)));
    QTRY_COMPARE_WITH_TIMEOUT(w.document()->score().noteCount(), std::size_t(9), 10000);
    // With unsaved edits it asks first; answering No keeps the edits.
    w.document()->setSelection({{0, 0}});
    w.action(QStringLiteral("delete"))->trigger();
    QVERIFY(w.document()->isModified());
    const auto asked = answerNextMessageBox(QMessageBox::No);
    QVERIFY(testscores::writeFile(path, testscores::smallMidi(60, 2)));
    QTRY_VERIFY_WITH_TIMEOUT(*asked, 20000);  // it did ask
    QCOMPARE(w.document()->score().noteCount(), std::size_t(8));
    w.document()->markSaved();
}

void TestMainWindow::audioExportOfDatasetSelection() {
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("in"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("in/p%1.mid").arg(i)), testscores::smallMidi(60, 4 + i)));
    QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("in/broken.mid")), QByteArray("nope")));
    MainWindow w;
    w.show();
    auto backend = std::make_unique<FakeAudioBackend>();
    FakeAudioBackend* fake = backend.get();
    w.setAudioExportBackend(std::move(backend));
    QSignalSpy finished(w.datasetBrowser(), &DatasetBrowser::scanFinished);
    w.openDatasetFolder(dir.filePath(QStringLiteral("in")));
    QVERIFY(finished.wait(30000));
    w.datasetBrowser()->table()->selectAll();
    QCOMPARE(w.datasetBrowser()->selectedPaths().size(), 4);
    ExportChoice choice;
    choice.source = ExportChoice::Source::DatasetSelection;
    choice.audio = true;
    choice.settings.format = AudioExportSettings::Format::Flac;
    choice.settings.sampleRate = 48000;
    choice.settings.bitDepth = 24;
    choice.destination = dir.filePath(QStringLiteral("out"));
    QSignalSpy done(w.exportRunner(), &ExportRunner::finished);
    answerNextMessageBox(QMessageBox::Ok);  // the broken piece is reported at the end
    QVERIFY(w.startExport(choice));
    QVERIFY(done.wait(30000));
    QCOMPARE(done.first().at(1).toInt(), 1);  // one failure: broken.mid
    QCOMPARE(fake->calls.load(), 3);
    const QStringList outputs = QDir(choice.destination).entryList(QDir::Files, QDir::Name);
    QCOMPARE(outputs, (QStringList{QStringLiteral("p0.flac"), QStringLiteral("p1.flac"), QStringLiteral("p2.flac")}));
    QFile p2(QDir(choice.destination).filePath(QStringLiteral("p2.flac")));
    QVERIFY(p2.open(QIODevice::ReadOnly));
    QCOMPARE(p2.readAll(), QByteArray("6 48000 24"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
