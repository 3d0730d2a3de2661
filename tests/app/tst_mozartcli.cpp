// Runs the `mozart` command line on small files written here, and on corpus files when
// MOZART_SHARED_DIR is set: exit codes, outputs, error reports, and MidiTok's layout.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "../SharedData.h"

#include "CliRun.h"

namespace {

using clitest::Run;
using clitest::vlq;

Run mozart(const QStringList& args) { return clitest::runMozart(args); }

// A format 1 file: a tempo track (120 bpm, 4/4) and a piano track with a C major arpeggio.
QByteArray smallMidi(int firstPitch) {
    QByteArray tempo;
    tempo += vlq(0) + QByteArray::fromHex("ff510307a120");
    tempo += vlq(0) + QByteArray::fromHex("ff580404021808");
    tempo += vlq(0) + QByteArray::fromHex("ff2f00");
    QByteArray piano;
    piano += vlq(0) + QByteArray::fromHex("c000");
    for (int i = 0; i < 8; ++i) {
        const int pitch = firstPitch + (i % 3) * 4;
        piano += vlq(0) + QByteArray(1, char(0x90)) + char(pitch) + char(80);
        piano += vlq(240) + QByteArray(1, char(0x80)) + char(pitch) + char(0);
    }
    piano += vlq(0) + QByteArray::fromHex("ff2f00");
    auto chunk = [](const char* id, const QByteArray& body) {
        QByteArray c(id, 4);
        const quint32 n = quint32(body.size());
        c += char(n >> 24) + QByteArray(1, char(n >> 16)) + char(n >> 8) + char(n);
        return c + body;
    };
    return chunk("MThd", QByteArray::fromHex("000100020060")) + chunk("MTrk", tempo) +
           chunk("MTrk", piano);
}

// A violin (program 40, channel 2) and a drum track (channel 10).
QByteArray violinAndDrums() {
    QByteArray violin = vlq(0) + QByteArray::fromHex("ff0306") + "Violin";
    violin += vlq(0) + QByteArray::fromHex("c128");
    QByteArray drums = vlq(0) + QByteArray::fromHex("ff0305") + "Drums";
    for (int i = 0; i < 4; ++i) {
        violin += vlq(0) + QByteArray::fromHex("9148") + char(90);
        violin += vlq(96) + QByteArray::fromHex("814800");
        drums += vlq(0) + QByteArray::fromHex("9924") + char(100);
        drums += vlq(96) + QByteArray::fromHex("892400");
    }
    violin += vlq(0) + QByteArray::fromHex("ff2f00");
    drums += vlq(0) + QByteArray::fromHex("ff2f00");
    auto chunk = [](const char* id, const QByteArray& body) {
        QByteArray c(id, 4);
        const quint32 n = quint32(body.size());
        c += char(n >> 24) + QByteArray(1, char(n >> 16)) + char(n >> 8) + char(n);
        return c + body;
    };
    return chunk("MThd", QByteArray::fromHex("000100020060")) + chunk("MTrk", violin) +
           chunk("MTrk", drums);
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

class TestMozartCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void usageErrorsExitTwo() {
        QCOMPARE(mozart({}).exitCode, 2);
        QCOMPARE(mozart({"tokenize", "x.mid"}).exitCode, 2);           // --out missing
        QCOMPARE(mozart({"inspect", "--no-such-option", "x"}).exitCode, 2);
        QCOMPARE(mozart({"bench", "tokenize", "--runs", "0", "x"}).exitCode, 2);
        QCOMPARE(mozart({"frobnicate"}).exitCode, 2);
        const Run bad = mozart({"inspect", "--tokenizer", "/nonexistent.json", "x.mid"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("/nonexistent.json"));
    }

    // `mozart bench train` checks its arguments and finds the reference before training anything.
    void benchTrainRefusesBadSetup() {
        QCOMPARE(mozart({"bench", "train", "--steps", "0"}).exitCode, 2);
        const Run missing = mozart({"bench", "train", "--shared", "/nonexistent-shared"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("/nonexistent-shared/bench/seed_reference.py"),
                 qPrintable(missing.err));
    }

    void helpForEveryCommand() {
        for (const QStringList& args :
             {QStringList{"--help"}, QStringList{"tokenize", "--help"},
              QStringList{"detokenize", "--help"}, QStringList{"inspect", "--help"},
              QStringList{"bench", "--help"}, QStringList{"bench", "tokenize", "--help"}}) {
            const Run r = mozart(args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("Usage") || r.out.contains("USAGE"), qPrintable(r.out));
        }
    }

    void tokenizeFolderReportsBrokenFilesAndContinues() {
        QTemporaryDir dir;
        const QString in = dir.filePath("in"), out = dir.filePath("out");
        writeFile(in + "/Mozart/a.mid", smallMidi(60));
        writeFile(in + "/Beethoven/b.mid", smallMidi(64));
        writeFile(in + "/Beethoven/broken.mid", QByteArray("this is not a MIDI file at all"));
        writeFile(in + "/notes.txt", QByteArray("ignored"));

        const Run r = mozart({"tokenize", "--out", out, in});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("broken.mid"), qPrintable(r.err));

        const QJsonObject a = readJson(out + "/Mozart/a.mid.json");
        QCOMPARE(a.value("file").toString(), QStringLiteral("Mozart/a.mid"));
        const QJsonArray tokens = a.value("tokens").toArray(), ids = a.value("ids").toArray();
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(ids.size(), 1);
        const QJsonArray stream = tokens.at(0).toArray();
        QCOMPARE(stream.size(), ids.at(0).toArray().size());
        QCOMPARE(stream.at(0).toString(), QStringLiteral("Bar_None"));
        QCOMPARE(stream.at(1).toString(), QStringLiteral("Position_0"));
        QCOMPARE(stream.at(2).toString(), QStringLiteral("Pitch_60"));
        QVERIFY(QFile::exists(out + "/Beethoven/b.mid.json"));
        QVERIFY(!QFile::exists(out + "/Beethoven/broken.mid.json"));

        const QJsonObject tokenizer = readJson(out + "/tokenizer.json");
        QCOMPARE(tokenizer.value("tokenization").toString(), QStringLiteral("REMI"));
        QVERIFY(tokenizer.value("config").isObject());

        QFile errors(out + "/errors.txt");
        QVERIFY(errors.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(errors.readAll());
        QCOMPARE(text.count('\n'), 1);
        QVERIFY2(text.contains("broken.mid") && text.contains("byte"), qPrintable(text));
    }

    void tokenizeCleanInputExitsZero() {
        QTemporaryDir dir;
        writeFile(dir.filePath("one.mid"), smallMidi(67));
        const Run r = mozart({"tokenize", "-o", dir.filePath("out"), "--tokenizer", "rich",
                              dir.filePath("one.mid")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = readJson(dir.filePath("out/one.mid.json"));
        QCOMPARE(j.value("return_type").toString(), QStringLiteral("TokSequence"));
        const QJsonArray stream = j.value("tokens").toArray().at(0).toArray();
        QCOMPARE(stream.at(1).toString(), QStringLiteral("TimeSig_4/4"));
        QFile errors(dir.filePath("out/errors.txt"));
        QVERIFY(errors.open(QIODevice::ReadOnly));
        QCOMPARE(errors.size(), 0);
    }

    void tokensOutsideTheVocabularyFailTheFile() {
        // With max_bar_embedding 2 the vocabulary has Bar_0 and Bar_1 only; MidiTok raises
        // KeyError on a longer piece, and we report the file instead of writing id -1.
        QTemporaryDir dir;
        writeFile(dir.filePath("long.mid"), smallMidi(60));  // five bars
        QCOMPARE(mozart({"tokenize", "-o", dir.filePath("first"), dir.filePath("long.mid")}).exitCode, 0);
        QJsonObject tokenizer = readJson(dir.filePath("first/tokenizer.json"));
        QJsonObject config = tokenizer.value("config").toObject();
        QJsonObject extra = config.value("additional_params").toObject();
        extra.insert("max_bar_embedding", 2);
        config.insert("additional_params", extra);
        tokenizer.insert("config", config);
        writeFile(dir.filePath("bars2.json"), QJsonDocument(tokenizer).toJson());

        const Run r = mozart({"tokenize", "-t", dir.filePath("bars2.json"), "-o", dir.filePath("out"),
                              dir.filePath("long.mid")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Bar_2") && r.err.contains("not in the tokenizer's vocabulary"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("out/long.mid.json")));
    }

    void missingInputIsAFailure() {
        QTemporaryDir dir;
        const Run r = mozart({"tokenize", "-o", dir.filePath("out"), dir.filePath("absent.mid")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("absent.mid"));
    }

    void detokenizeRoundTripAndNoSilentOverwrite() {
        QTemporaryDir dir;
        writeFile(dir.filePath("in/piece.mid"), smallMidi(60));
        QCOMPARE(mozart({"tokenize", "-o", dir.filePath("tok"), dir.filePath("in")}).exitCode, 0);
        const QString json = dir.filePath("tok/piece.mid.json"), mid = dir.filePath("back.mid");
        const Run d = mozart({"detokenize", json, "--out", mid});
        QCOMPARE(d.exitCode, 0);
        QVERIFY(QFile::exists(mid));

        // The decoded file tokenizes to the same tokens.
        QCOMPARE(mozart({"tokenize", "-o", dir.filePath("tok2"), mid}).exitCode, 0);
        QCOMPARE(readJson(dir.filePath("tok2/back.mid.json")).value("ids"),
                 readJson(json).value("ids"));

        const QByteArray before = [&] { QFile f(mid); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        const Run again = mozart({"detokenize", json, "--out", mid});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("--force"));
        QFile f(mid);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        QCOMPARE(mozart({"detokenize", json, "--out", mid, "--force"}).exitCode, 0);
    }

    void detokenizeKeepsInstrumentsOfPerTrackStreams() {
        QTemporaryDir dir;
        writeFile(dir.filePath("in/band.mid"), violinAndDrums());
        QCOMPARE(mozart({"tokenize", "-o", dir.filePath("tok"), dir.filePath("in")}).exitCode, 0);
        const QJsonArray tracks = readJson(dir.filePath("tok/band.mid.json")).value("tracks").toArray();
        QCOMPARE(tracks.size(), 2);
        QCOMPARE(tracks.at(0).toObject().value("program").toInt(), 40);
        QCOMPARE(tracks.at(0).toObject().value("name").toString(), QStringLiteral("Violin"));
        QCOMPARE(tracks.at(1).toObject().value("is_drum").toBool(), true);
        QCOMPARE(mozart({"detokenize", dir.filePath("tok/band.mid.json"), "-o", dir.filePath("back.mid")}).exitCode, 0);
        const Run r = mozart({"inspect", dir.filePath("back.mid")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("\"Violin\"") && r.out.contains("Violin ") && r.out.contains("Drums"),
                 qPrintable(r.out));
    }

    void inspectShowsContentsAndErrors() {
        QTemporaryDir dir;
        writeFile(dir.filePath("p.mid"), smallMidi(60));
        const Run r = mozart({"inspect", dir.filePath("p.mid"), "--tokens"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Notes:      8 in 1 tracks"), qPrintable(r.out));
        QVERIFY(r.out.contains("Acoustic Grand Piano"));
        QVERIFY(r.out.contains("120.00"));
        QVERIFY(r.out.contains("Pitch_64"));

        writeFile(dir.filePath("cut.mid"), smallMidi(60).left(30));
        const Run cut = mozart({"inspect", dir.filePath("cut.mid")});
        QVERIFY(cut.exitCode == 0 || cut.exitCode == 1);
        QVERIFY2(cut.err.contains("cut.mid") && cut.err.contains("byte"), qPrintable(cut.err));
    }

    void tokenizeMatchesMidiTokOnCorpusFiles() {
        const QString shared = qEnvironmentVariable("MOZART_SHARED_DIR");
        const QString corpus = shared + "/corpus", reference = shared + "/reference/miditok-remi";
        if (shared.isEmpty() || !QDir(reference).exists()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/reference absent");
        QTemporaryDir dir;
        for (const QString config : {"default", "rich"}) {
            const QString out = dir.filePath(config);
            const Run r = mozart({"tokenize", "-t", config, "-o", out,
                                  corpus + "/Beethoven/furelise.mid",
                                  corpus + "/Tchaikovsky/14b_(VarI)Tarantella.mid"});
            QCOMPARE(r.exitCode, 0);
            for (const QString file : {"Beethoven/furelise.mid", "Tchaikovsky/14b_(VarI)Tarantella.mid"}) {
                const QJsonObject ours = readJson(out + "/" + QFileInfo(file).fileName() + ".json");
                const QJsonObject theirs = readJson(reference + "/" + config + "/" + file + ".json");
                QVERIFY(!theirs.isEmpty());
                QCOMPARE(ours.value("return_type"), theirs.value("return_type"));
                QVERIFY2(ours.value("tokens") == theirs.value("tokens"), qPrintable(config + " " + file));
                QVERIFY(ours.value("ids") == theirs.value("ids"));
                QCOMPARE(ours.value("tracks"), theirs.value("tracks"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestMozartCli)
#include "tst_mozartcli.moc"
