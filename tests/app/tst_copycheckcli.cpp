// `mozart generate --copy-check` as a user runs it (issue 12): a tiny model trained in the test on
// a folder of six made-up melodies records that folder, so --copy-check needs no other option;
// a piece whose notes are a transposed copy of a training melody, or of a part of one placed
// after two bars of other notes, reports exactly that run, the training piece and the bar, on
// stdout and in its recipe; a model that does not record its data (the bundled one) refuses
// before generating and names --data, and with --data it checks against that folder.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"

#include "../core/TinyMidiFolder.h"

namespace {

using mozart::midi::Note;
using mozart::midi::Score;
using mozart::midi::Tick;

constexpr int kNotes = 24;  // notes per training melody, eighth notes, 8 to a 4/4 bar
constexpr Tick kEighth = 240;

// A made-up melody: pitches from a small generator per seed, so two melodies share no run of
// five notes (the shortest run the index reports).
std::vector<int> melodyPitches(unsigned seed) {
    std::vector<int> pitches;
    std::uint32_t x = seed * 2654435761u + 12345u;
    for (int i = 0; i < kNotes; ++i) {
        x = x * 1664525u + 1013904223u;
        pitches.push_back(50 + int((x >> 16) % 30));
    }
    return pitches;
}

Score scoreOf(const std::vector<int>& pitches) {
    Score s = tiny::melody(0, 0);
    for (std::size_t i = 0; i < pitches.size(); ++i)
        s.tracks[0].notes.push_back(Note{Tick(i) * kEighth, kEighth, std::uint8_t(pitches[i]), std::uint8_t(80)});
    return s;
}

QJsonObject copyOfRecipe(const QString& recipe) {
    QFile f(recipe);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object()["copy_check"].toObject();
}

}  // namespace

class TestCopyCheckCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, model_;

    QString path(const QString& name) const { return dir_.filePath(name); }
    clitest::Run generate(QStringList args) const {
        args = QStringList{"generate", "--threads", "1", "--seed", "3", "--cache", path("cache")} + args;
        return clitest::runMozart(args);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        for (unsigned i = 0; i < 6; ++i)
            tiny::write(tiny::path(dir_, QString("data/%1/p%2.mid").arg(i % 2 ? "B" : "A").arg(i)),
                        scoreOf(melodyPitches(i)));
        data_ = dir_.path() + "/data";
        QFile shape(path("tiny.json"));
        QVERIFY(shape.open(QIODevice::WriteOnly));
        shape.write(R"({"width": 32, "heads": 4, "layers": 2, "feed_forward": 64, "max_context": 128})");
        shape.close();
        const auto r = clitest::runMozart({"train", "--data", data_, "--out", path("run"), "--no-cache", "--split",
                                           "1,0,0", "--batch", "4", "--seq", "32", "--threads", "1", "--model-config",
                                           shape.fileName(), "--steps", "2", "--validate-every", "0"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        model_ = path("run");
    }

    // The model records its folder: --copy-check alone checks against its six training pieces.
    void recordedFolderIsUsed() {
        const auto r = generate({"--model", model_, "--bars", "2", "--out", path("free.mid"), "--copy-check"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("copy check against the training part of " + QDir(data_).absolutePath()), qPrintable(r.err));
        QVERIFY2(r.out.contains("longest run shared with training piece ") ||
                     r.out.contains("no run of 5 notes or more shared with the 6 training pieces"),
                 qPrintable(r.out));
        const QJsonObject copy = copyOfRecipe(path("free.json"));
        QCOMPARE(copy["training_pieces"].toInt(), 6);
        QCOMPARE(copy["data"].toString(), QDir(data_).absolutePath());
        QVERIFY(!QDir(path("cache")).entryList({"*.mzci"}, QDir::Files).isEmpty());  // the index is cached
    }

    // A transposed copy of a whole training melody: all 24 notes, from bar 1.
    void transposedCopyIsFound() {
        std::vector<int> copied = melodyPitches(3);
        for (int& p : copied) p += 5;
        tiny::write(tiny::path(dir_, "copy.mid"), scoreOf(copied));
        const auto r = generate({"--model", model_, "--prompt-midi", path("copy.mid"), "--tokens", "1", "--out",
                                 path("whole.mid"), "--copy-check"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("longest run shared with training piece B/p3.mid: 24 notes (at bar 1)"), qPrintable(r.out));
        const QJsonObject copy = copyOfRecipe(path("whole.json"));
        QCOMPARE(copy["notes"].toInt(), kNotes);
        QCOMPARE(copy["training_piece"].toString(), QString("B/p3.mid"));
        QCOMPARE(copy["bar"].toInt(), 1);
        QCOMPARE(copy["piece_notes"].toInt(), kNotes);
    }

    // Two bars of other notes, then notes 5..16 of a training melody a tone lower: 12 notes at bar 3.
    void partialCopyIsMeasuredExactly() {
        const std::vector<int> source = melodyPitches(4);
        std::vector<int> piece = melodyPitches(100);
        piece.resize(16);
        // The step into the copy must differ from the melody's own step there, so the run starts at note 5.
        piece.back() = source[4] - 2 + 1;
        for (int i = 5; i < 17; ++i) piece.push_back(source[std::size_t(i)] - 2);
        tiny::write(tiny::path(dir_, "part.mid"), scoreOf(piece));
        const auto r = generate({"--model", model_, "--prompt-midi", path("part.mid"), "--tokens", "1", "--out",
                                 path("part-out.mid"), "--copy-check"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("longest run shared with training piece A/p4.mid: 12 notes (at bar 3)"), qPrintable(r.out));
        const QJsonObject copy = copyOfRecipe(path("part-out.json"));
        QCOMPARE(copy["training_note"].toInt(), 5);
        QCOMPARE(copy["piece_note"].toInt(), 16);
    }

    // The bundled model names only its folder's name: --copy-check wants --data, before generating.
    void modelWithoutRecordNeedsData() {
        const QString bundled = QStringLiteral(MOZART_SOURCE_DIR "/resources/models/default/model.safetensors");
        if (!QFile::exists(bundled)) QSKIP("the bundled model is not in this tree");
        auto r = generate({"--model", bundled, "--tokens", "8", "--out", path("bundled.mid"), "--copy-check"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("does not record where it is") && r.err.contains("--data DIR"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("bundled.mid")));
        r = generate({"--model", bundled, "--tokens", "8", "--out", path("bundled.mid"), "--copy-check", "--data", data_,
                      "--split", "1,0,0"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("training piece") || r.out.contains("shared with the 6 training pieces"), qPrintable(r.out));
        QCOMPARE(copyOfRecipe(path("bundled.json"))["training_pieces"].toInt(), 6);
        // --data without --copy-check is named as ignored, not taken silently.
        r = generate({"--model", model_, "--tokens", "8", "--out", path("plain.mid"), "--data", data_});
        QVERIFY2(r.exitCode == 0 && r.err.contains("--data is used only with --copy-check"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCopyCheckCli)
#include "tst_copycheckcli.moc"
