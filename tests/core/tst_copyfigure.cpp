// The copy figure around the copy index (core/eval/CopyCheck.h): the bar where the shared run
// starts, through time-signature changes; the sentence and JSON `mozart generate --copy-check`
// prints and writes; the training data a model's notes name (mozart train's "data_folder",
// "split", "split_seed"), with defaults and refusals for what is missing or malformed.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include "eval/CopyCheck.h"

using namespace mozart;
using namespace mozart::eval;

namespace {

// Eighth notes from `start` with pitches from a small generator: no two seeds share 5 notes.
std::vector<midi::Note> line(std::uint32_t seed, int count, midi::Tick start) {
    std::vector<midi::Note> notes;
    std::uint32_t x = seed * 2654435761u + 7u;
    for (int i = 0; i < count; ++i) {
        x = x * 1664525u + 1013904223u;
        notes.push_back({start + midi::Tick(i) * 240, 240, std::uint8_t(50 + (x >> 16) % 30), 80});
    }
    return notes;
}

midi::Score scoreOf(std::vector<midi::Note> notes, std::vector<midi::TimeSignature> signatures) {
    midi::Score s;
    s.ticksPerQuarter = 480;
    s.timeSignatures = std::move(signatures);
    midi::Track t;
    t.notes = std::move(notes);
    s.tracks = {t};
    return s;
}

CopyIndex indexOf(const midi::Score& training) {
    return CopyIndex("test", {{"Set/training.mid", noteSteps(training)}});
}

}  // namespace

class TestCopyFigure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Two 4/4 bars of 1920 ticks, then 3/4 bars of 1440 from tick 3840: a run starting at tick
    // 3840 + 2 x 1440 opens bar 5 (in 4/4 throughout it would be in bar 4).
    void barThroughTimeSignatureChanges() {
        const midi::Score training = scoreOf(line(1, 20, 0), {});
        std::vector<midi::Note> piece = line(2, 6, 0);
        const midi::Tick start = 3840 + 2 * 1440;
        for (const midi::Note& n : line(1, 10, start)) piece.push_back(n);
        const CopyFigure f = copyFigure(scoreOf(piece, {{0, 4, 4}, {3840, 3, 4}}), indexOf(training));
        QCOMPARE(f.match.notes, 10);
        QCOMPARE(f.match.pieceNote, 6);
        QCOMPARE(f.bar, 5);
        QCOMPARE(describeCopy(f, 1), std::string("longest run shared with training piece Set/training.mid: 10 notes (at bar 5)"));
        const nlohmann::json j = copyFigureJson(f);
        QCOMPARE(j["notes"].get<int>(), 10);
        QCOMPARE(j["bar"].get<int>(), 5);
        QCOMPARE(j["training_piece"].get<std::string>(), std::string("Set/training.mid"));
        QCOMPARE(j["piece_notes"].get<int>(), 16);
        // Without a time signature the piece is in 4/4: tick 6720 is in bar 4 (3 x 1920 = 5760).
        QCOMPARE(copyFigure(scoreOf(piece, {}), indexOf(training)).bar, 4);
    }

    void noRunSaysSo() {
        const CopyFigure f = copyFigure(scoreOf(line(3, 12, 0), {}), indexOf(scoreOf(line(4, 12, 0), {})));
        QCOMPARE(f.match.notes, 0);
        QCOMPARE(f.bar, 0);
        QCOMPARE(describeCopy(f, 7), std::string("no run of 5 notes or more shared with the 7 training pieces"));
    }

    void recordedTrainingDataFromNotes() {
        RecordedTrainingData r = recordedTrainingData(
            {{"data_folder", "/music/set"}, {"trained_on", "set"}, {"split", "0.8,0.1,0.1"}, {"split_seed", "42"}});
        QCOMPARE(r.folder, std::string("/music/set"));
        QCOMPARE(r.folderName, std::string("set"));
        QCOMPARE(r.split.train, 0.8);
        QCOMPARE(r.split.test, 0.1);
        QCOMPARE(r.split.seed, std::uint64_t(42));
        // A model from before: only the folder's name; mozart train's default split.
        r = recordedTrainingData({{"trained_on", "corpus"}});
        QVERIFY(r.folder.empty());
        QCOMPARE(r.split.train, 0.9);
        QCOMPARE(r.split.seed, std::uint64_t(0));
        // Malformed fields fall back to the defaults rather than half-read values.
        r = recordedTrainingData({{"split", "0.5,oops"}, {"split_seed", "12x"}});
        QCOMPARE(r.split.train, 0.9);
        QCOMPARE(r.split.seed, std::uint64_t(0));
        QVERIFY(!parseSplitFractions("0.9,0.05", 0));
        QVERIFY(!parseSplitFractions("0.9,0.05,0.05,", 0));
        QCOMPARE(parseSplitFractions("1,0,0", 5)->seed, std::uint64_t(5));
    }
};

QTEST_APPLESS_MAIN(TestCopyFigure)
#include "tst_copyfigure.moc"
