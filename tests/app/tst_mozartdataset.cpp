// Runs `mozart dataset` on a small generated folder: JSON and text reports, exit codes, the
// cache used on the second run, and usage errors.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"

#include "../core/TinyMidiFolder.h"

namespace {

using clitest::Run;
using clitest::runMozart;

}  // namespace

class TestMozartDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsAFolder() {
        QTemporaryDir dir;
        const QString music = dir.path() + "/music", cache = dir.path() + "/cache";
        tiny::write(tiny::path(dir, "music/Bach/a.mid"), tiny::melody(1));
        tiny::writeBytes(tiny::path(dir, "music/Bach/b.mid"), tiny::readBytes(tiny::path(dir, "music/Bach/a.mid")));
        tiny::write(tiny::path(dir, "music/Haydn/c.mid"), tiny::melody(2, 30));
        tiny::writeBytes(tiny::path(dir, "music/Haydn/bad.mid"), "not a MIDI file");

        Run r = runMozart({"dataset", music, "--cache", cache, "--json", "-j", "2"});
        QCOMPARE(r.exitCode, 1);  // a file failed
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["labels"].toArray(), QJsonArray({"Bach", "Haydn"}));
        const QJsonObject total = j["total"].toObject();
        QCOMPARE(total["files"].toInt(), 4);
        QCOMPARE(total["pieces"].toInt(), 2);
        QCOMPARE(total["duplicates"].toInt(), 1);
        QCOMPARE(total["errors"].toInt(), 1);
        QCOMPARE(total["notes"].toInt(), 16 + 30);
        QCOMPARE(total["pitch_histogram"].toArray().size(), 128);
        QCOMPARE(j["by_label"].toArray().size(), 2);
        const QJsonObject dup = j["duplicates"].toArray()[0].toObject();
        QCOMPARE(dup["file"].toString(), QString("Bach/b.mid"));
        QCOMPARE(dup["kept"].toString(), QString("Bach/a.mid"));
        QCOMPARE(dup["reason"].toString(), QString("same bytes"));
        QCOMPARE(j["errors"].toArray()[0].toObject()["file"].toString(), QString("Haydn/bad.mid"));
        const QJsonObject split = j["split"].toObject();
        QCOMPARE(split["train"].toInt() + split["validation"].toInt() + split["test"].toInt(), 2);
        QCOMPARE(j["cache"].toObject()["tokenized"].toInt(), 4);

        r = runMozart({"dataset", music, "--cache", cache, "--json"});
        const QJsonObject again = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(again["cache"].toObject()["reused"].toInt(), 4);
        QCOMPARE(again["cache"].toObject()["tokenized"].toInt(), 0);
        QCOMPARE(again["total"].toObject(), total);

        r = runMozart({"dataset", music, "--cache", cache, "--split", "1,1,0", "--seed", "3"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("Duplicates dropped (1):"));
        QVERIFY(r.out.contains("Bach/b.mid: same bytes as Bach/a.mid"));
        QVERIFY(r.out.contains("Files skipped (1):"));
        QVERIFY(r.out.contains("Split (seed 3, 1/1/0, per piece)"));
        QVERIFY(r.out.contains("test 0 pieces"));

        QFile::remove(music + "/Haydn/bad.mid");
        r = runMozart({"dataset", music, "--no-cache", "--tokenizer", "rich"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("vocabulary 564"));
    }

    void usageErrors() {
        QTemporaryDir dir;
        QCOMPARE(runMozart({"dataset", dir.path(), "--split", "0.9,0.1"}).exitCode, 2);
        QCOMPARE(runMozart({"dataset", dir.path(), "--split", "-1,1,1", "--no-cache"}).exitCode, 2);
        QCOMPARE(runMozart({"dataset", dir.path(), "--tokenizer", dir.path() + "/none.json"}).exitCode, 2);
        const Run missing = runMozart({"dataset", dir.path() + "/missing", "--no-cache"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("not a folder"));
        const Run empty = runMozart({"dataset", dir.path(), "--no-cache"});  // an empty folder is no error
        QCOMPARE(empty.exitCode, 0);
    }
};

QTEST_APPLESS_MAIN(TestMozartDataset)
#include "tst_mozartdataset.moc"
