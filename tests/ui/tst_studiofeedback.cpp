// The studio as a musician uses it (issue 14), second part: the export dialog's choices and
// proposals, the status bar's explanations (no sound device, files read with warnings), the
// layout at 1600x1000, opening dataset rows only on purpose, and a piano roll that stays put.
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
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
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

class TestStudioFeedback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void exportRangeButtonsAreExclusive();
    void exportProposesAnEditedCopyOutsideTheDataset();
    void exportRemembersAudioOptions();
    void silentPlaybackIsExplainedOnce();
    void warningsAreListedAndShown();
    void layoutAt1600x1000();
    void filterAndMultiSelectKeepTheOpenPiece();
    void playDoesNotShiftThePianoRoll();
    void fourDigitBarNumbersDoNotCollide();
};

void TestStudioFeedback::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
    QApplication::setApplicationName(QStringLiteral("tst_studiofeedback"));
}

void TestStudioFeedback::exportRangeButtonsAreExclusive() {
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

void TestStudioFeedback::exportProposesAnEditedCopyOutsideTheDataset() {
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

void TestStudioFeedback::exportRemembersAudioOptions() {
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

void TestStudioFeedback::silentPlaybackIsExplainedOnce() {
    qputenv("MOZART_AUDIO_DRIVER", "none");
    MainWindow w;
    qunsetenv("MOZART_AUDIO_DRIVER");
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    if (w.playbackEngine()->unavailableReason().isEmpty()) QSKIP("this build plays without a sound device");
    QVERIFY2(w.lastStatusMessage().contains(QStringLiteral("silent")), qPrintable(w.lastStatusMessage()));
    QVERIFY(w.soundStatusButton()->isVisible());
    // The message is not drawn over the piece's status line (it was, when given before the window showed).
    QCOMPARE(w.statusBar()->currentMessage(), w.lastStatusMessage());
    for (auto* label : w.statusBar()->findChildren<QLabel*>(QString(), Qt::FindDirectChildrenOnly))
        QVERIFY2(!label->isVisible() || label->text().isEmpty(), qPrintable(label->text()));
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

void TestStudioFeedback::warningsAreListedAndShown() {
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

void TestStudioFeedback::layoutAt1600x1000() {
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

void TestStudioFeedback::filterAndMultiSelectKeepTheOpenPiece() {
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

void TestStudioFeedback::playDoesNotShiftThePianoRoll() {
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

void TestStudioFeedback::fourDigitBarNumbersDoNotCollide() {
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

QTEST_MAIN(TestStudioFeedback)
#include "tst_studiofeedback.moc"
