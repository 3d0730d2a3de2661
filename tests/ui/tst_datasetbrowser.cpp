// The dataset browser on folders written here: a background scan fills the table, files that fail
// to read stay listed with their error, byte-identical files are flagged, composers come from the
// first folder level, filtering and the folder tree narrow the table, and a scan can be cancelled.
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "TestScores.h"
#include "dataset/DatasetBrowser.h"
#include "dataset/DatasetSummaryView.h"

using namespace mozart::ui;

class TestDatasetBrowser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scansFolderWithBrokenFile();
    void filterAndFolderTreeNarrowTable();
    void selectingARowEmitsItsPath();
    void cancelKeepsRowsListed();
    void cancelledTaskStopsAtOnce();
    void scanDoesNotBlockTheEventLoop();

private:
    void makeCorpus(const QString& root);
};

void TestDatasetBrowser::makeCorpus(const QString& root) {
    QDir(root).mkpath(QStringLiteral("Bach"));
    QDir(root).mkpath(QStringLiteral("Haydn/sonatas"));
    QVERIFY(testscores::writeFile(root + QStringLiteral("/Bach/a.mid"), testscores::smallMidi(60, 8)));
    QVERIFY(testscores::writeFile(root + QStringLiteral("/Bach/copy of a.mid"), testscores::smallMidi(60, 8)));
    QVERIFY(testscores::writeFile(root + QStringLiteral("/Haydn/sonatas/b.MID"), testscores::smallMidi(48, 24)));
    QVERIFY(testscores::writeFile(root + QStringLiteral("/Haydn/broken.mid"), QByteArray("this is not a MIDI file")));
    QVERIFY(testscores::writeFile(root + QStringLiteral("/Haydn/notes.txt"), QByteArray("ignored")));
}

void TestDatasetBrowser::scansFolderWithBrokenFile() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    DatasetBrowser browser;
    browser.resize(1200, 700);
    browser.show();
    QSignalSpy finished(&browser, &DatasetBrowser::scanFinished);
    browser.openFolder(dir.path());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    const auto& pieces = browser.model()->pieces();
    QCOMPARE(pieces.size(), std::size_t(4));  // the .txt is not a piece
    int errors = 0, duplicates = 0;
    for (const auto& p : pieces) {
        QVERIFY(p.scanned);
        if (p.fileName == "broken.mid") {
            ++errors;
            QVERIFY(!p.error.empty());
            QVERIFY2(QString::fromStdString(p.error).contains(QStringLiteral("broken.mid")), p.error.c_str());
            QCOMPARE(p.composer, std::string("Haydn"));
        } else {
            QVERIFY2(p.error.empty(), p.error.c_str());
            QVERIFY(p.notes > 0 && p.tokens > 0 && p.seconds > 0);
        }
        if (!p.duplicateOf.empty()) {
            ++duplicates;
            QCOMPARE(p.duplicateOf, std::string("Bach/a.mid"));
        }
        if (p.fileName == "b.MID") {
            QCOMPARE(p.composer, std::string("Haydn"));
            QCOMPARE(p.notes, std::size_t(24));
            QCOMPARE(p.tracks, 1);
            QCOMPARE(qRound(p.tempo), 120);
            QCOMPARE(qRound(p.seconds), 12);
        }
    }
    QCOMPARE(errors, 1);
    QCOMPARE(duplicates, 1);
    // The status column says so, and the summary counts composers.
    bool sawError = false;
    for (int r = 0; r < browser.model()->rowCount(); ++r) {
        const QString status = browser.model()->index(r, DatasetTableModel::Status).data().toString();
        sawError |= status.startsWith(QStringLiteral("error"));
    }
    QVERIFY(sawError);
    QCOMPARE(browser.summary()->piecesPerComposer().value(QStringLiteral("Bach")), 2);
    QCOMPARE(browser.summary()->piecesPerComposer().value(QStringLiteral("Haydn")), 2);
    double notesAtC4 = browser.summary()->pitchHistogram()[60];
    QCOMPARE(notesAtC4, 1.0);  // a.mid once (its duplicate is not counted twice)
    // Sorting by notes puts the biggest piece first when descending.
    browser.table()->sortByColumn(DatasetTableModel::Notes, Qt::DescendingOrder);
    QCOMPARE(browser.filterModel()->index(0, DatasetTableModel::File).data().toString(), QStringLiteral("b.MID"));
}

void TestDatasetBrowser::filterAndFolderTreeNarrowTable() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    DatasetBrowser browser;
    QSignalSpy finished(&browser, &DatasetBrowser::scanFinished);
    browser.openFolder(dir.path());
    QVERIFY(finished.wait(30000));
    QCOMPARE(browser.filterModel()->rowCount(), 4);
    browser.filterEdit()->setText(QStringLiteral("bach"));
    QCOMPARE(browser.filterModel()->rowCount(), 2);
    browser.filterEdit()->setText(QStringLiteral("error"));
    QCOMPARE(browser.filterModel()->rowCount(), 1);
    browser.filterEdit()->clear();
    // The tree: root folder, then Bach and Haydn; Haydn holds a sub-folder.
    auto* tree = browser.folderTree();
    const QModelIndex root = tree->model()->index(0, 0);
    QCOMPARE(tree->model()->rowCount(root), 2);
    const QModelIndex haydn = tree->model()->index(1, 0, root);
    QVERIFY(haydn.data().toString().startsWith(QStringLiteral("Haydn (2)")));
    tree->setCurrentIndex(tree->model()->index(0, 0, haydn));  // Haydn/sonatas
    QCOMPARE(browser.filterModel()->rowCount(), 1);
    tree->setCurrentIndex(root);
    QCOMPARE(browser.filterModel()->rowCount(), 4);
}

void TestDatasetBrowser::selectingARowEmitsItsPath() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    DatasetBrowser browser;
    QSignalSpy finished(&browser, &DatasetBrowser::scanFinished);
    QSignalSpy selected(&browser, &DatasetBrowser::pieceSelected);
    browser.openFolder(dir.path());
    QVERIFY(finished.wait(30000));
    browser.table()->sortByColumn(DatasetTableModel::File, Qt::AscendingOrder);
    browser.table()->selectRow(0);
    QCOMPARE(selected.count(), 0);  // selecting does not open: Enter (or a double-click) does
    QTest::keyClick(browser.table(), Qt::Key_Return);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().toString(), dir.path() + QStringLiteral("/Bach/a.mid"));
    QCOMPARE(browser.selectedPaths().size(), 1);
}

void TestDatasetBrowser::cancelKeepsRowsListed() {
    QTemporaryDir dir;
    // Enough music that reading all of it takes far longer than the cancel takes to arrive.
    const QByteArray big = testscores::smallMidi(40, 6000);
    for (int i = 0; i < 300; ++i)
        QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("p%1.mid").arg(i, 3, 10, QLatin1Char('0'))), big));
    DatasetBrowser browser;
    QSignalSpy finished(&browser, &DatasetBrowser::scanFinished);
    QSignalSpy progress(&browser, &DatasetBrowser::scanProgress);
    browser.openFolder(dir.path());
    browser.cancelScan();  // at once: the files are listed, but (almost) none is read
    QVERIFY(finished.count() == 1 || finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!browser.isScanning());
    QCOMPARE(browser.model()->rowCount(), 300);  // every file stays listed
    int scanned = 0;
    for (const auto& p : browser.model()->pieces()) scanned += p.scanned ? 1 : 0;
    QVERIFY2(scanned < 300, qPrintable(QString::number(scanned)));
    QVERIFY(progress.count() > 0);
}

void TestDatasetBrowser::cancelledTaskStopsAtOnce() {
    QTemporaryDir dir;
    makeCorpus(dir.path());
    DatasetScanTask task(dir.path().toStdString(), mozart::remi::TokenizerConfig());
    task.list();
    QVERIFY(task.isListed());
    task.cancel();
    task.run();
    QCOMPARE(task.done(), std::size_t(0));
    QCOMPARE(task.pieces().size(), std::size_t(4));
    QVERIFY(task.takeFinished().empty());
}

void TestDatasetBrowser::scanDoesNotBlockTheEventLoop() {
    // The GUI thread keeps turning while the folder is read: a 0 ms timer keeps firing.
    QTemporaryDir dir;
    const QByteArray big = testscores::smallMidi(50, 6000);  // reading all of it takes a while
    for (int i = 0; i < 100; ++i) QVERIFY(testscores::writeFile(dir.filePath(QStringLiteral("p%1.mid").arg(i)), big));
    DatasetBrowser browser;
    QSignalSpy finished(&browser, &DatasetBrowser::scanFinished);
    QSignalSpy progress(&browser, &DatasetBrowser::scanProgress);
    int ticks = 0;
    QTimer probe;
    connect(&probe, &QTimer::timeout, [&] { ++ticks; });
    probe.start(0);
    browser.openFolder(dir.path());
    QVERIFY(finished.wait(30000));
    QVERIFY(ticks > 10);
    QVERIFY(progress.count() >= 2);  // the GUI thread polled the scan while it ran
}

QTEST_MAIN(TestDatasetBrowser)
#include "tst_datasetbrowser.moc"
