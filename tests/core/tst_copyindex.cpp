// The copy check (core/eval/CopyIndex.h): a piece copied (transposed, shifted, at another
// resolution) from a training piece is found with its exact run length; an unrelated piece is
// not; the index survives a save/load round trip and a damaged or foreign file is refused.
#include <QtTest/QtTest>

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "eval/CopyIndex.h"
#include "eval/TrainingCopyIndex.h"

using namespace mozart;
using namespace mozart::eval;

namespace {

// A melody of `count` notes whose steps (interval, onset gap) come from a small random generator.
midi::Score melody(std::uint32_t seed, int count, int tpq = 480, int transpose = 0, midi::Tick shift = 0) {
    midi::Score s;
    s.ticksPerQuarter = tpq;
    midi::Track t;
    int pitch = 60;
    midi::Tick time = 0;
    std::uint32_t x = seed;
    for (int i = 0; i < count; ++i) {
        t.notes.push_back({shift + time, tpq / 2, std::uint8_t(pitch + transpose), 80});
        x = x * 1664525u + 1013904223u;
        pitch = 48 + int((x >> 8) % 30);
        time += tpq / 4 * midi::Tick(1 + (x >> 20) % 4);
    }
    s.tracks = {t};
    return s;
}

// Notes [from, from + count) of a score, as a piece of their own.
midi::Score excerpt(const midi::Score& s, int from, int count) {
    midi::Score e = s;
    e.tracks[0].notes.assign(s.tracks[0].notes.begin() + from, s.tracks[0].notes.begin() + from + count);
    return e;
}

CopyIndex trainingIndex() {
    std::vector<CopyIndex::Entry> pieces;
    for (std::uint32_t seed : {11u, 22u, 33u}) pieces.push_back({"Mozart/piece" + std::to_string(seed) + ".mid",
                                                                 noteSteps(melody(seed, 60))});
    return CopyIndex("test-key", std::move(pieces));
}

}  // namespace

class TestCopyIndex : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void stepsAreIntervals() {
        midi::Score s = melody(5, 3);
        const auto steps = noteSteps(s);
        QCOMPARE(steps.size(), std::size_t(2));
        // A transposed copy at another resolution has the same steps.
        QCOMPARE(noteSteps(melody(5, 3, 96, 7, 960)), steps);
        midi::Score drums = s;
        drums.tracks[0].isDrum = true;
        QVERIFY(noteSteps(drums).empty());
    }

    void transposedCopyIsFound() {
        const CopyIndex index = trainingIndex();
        // 21 notes of piece 22 from its note 10, a fourth up, two bars later, at 960 ticks per beat.
        midi::Score copied = excerpt(melody(22, 60, 960, 5, 8 * 960), 10, 21);
        midi::Score piece = melody(99, 12, 960);  // something of its own before the copy
        for (auto n : copied.tracks[0].notes) {
            n.start += 40 * 960;
            piece.tracks[0].notes.push_back(n);
        }
        const CopyMatch m = copyCheck(piece, index);
        QCOMPARE(m.notes, 21);
        QCOMPARE(m.trainingPiece, std::string("Mozart/piece22.mid"));
        QCOMPARE(m.trainingNote, 10);
        QCOMPARE(m.pieceNote, 12);
        QCOMPARE(m.pieceNotes, 33);
    }

    void unrelatedPieceIsNotACopy() {
        const CopyMatch m = copyCheck(melody(12345, 60), trainingIndex());
        QCOMPARE(m.notes, 0);
        QVERIFY(m.trainingPiece.empty());
        QCOMPARE(m.pieceNotes, 60);
        QCOMPARE(copyCheck(midi::Score{}, trainingIndex()).notes, 0);
    }

    void wholePieceCopied() {
        const CopyMatch m = copyCheck(melody(33, 60), trainingIndex());
        QCOMPARE(m.notes, 60);
        QCOMPARE(m.trainingPiece, std::string("Mozart/piece33.mid"));
    }

    void saveAndLoad() {
        const CopyIndex index = trainingIndex();
        const std::string path = dir_.filePath("copy.idx").toStdString();
        std::string error;
        QVERIFY2(index.save(path, &error), error.c_str());
        auto loaded = CopyIndex::load(path, &error);
        QVERIFY2(loaded, error.c_str());
        QCOMPARE(loaded->key(), std::string("test-key"));
        QCOMPARE(loaded->pieceCount(), std::size_t(3));
        QCOMPARE(loaded->stepCount(), index.stepCount());
        QCOMPARE(copyCheck(melody(33, 60), *loaded).notes, 60);
    }

    void damagedFilesAreRefused() {
        const std::string path = dir_.filePath("damaged.idx").toStdString();
        std::string error;
        QVERIFY(trainingIndex().save(path, &error));
        std::string bytes;
        {
            std::ifstream in(path, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        auto writeAndLoad = [&](const std::string& contents) {
            std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
            error.clear();
            return CopyIndex::load(path, &error);
        };
        std::string flipped = bytes;
        flipped[bytes.size() / 2] ^= 0x10;
        QVERIFY(!writeAndLoad(flipped));
        QVERIFY2(error.find("damaged") != std::string::npos && error.find(path) != std::string::npos, error.c_str());
        QVERIFY(!writeAndLoad(bytes.substr(0, bytes.size() - 7)));
        QVERIFY(!error.empty());
        QVERIFY(!writeAndLoad("MThd not an index at all"));
        QVERIFY2(error.find("not a copy index") != std::string::npos, error.c_str());
        QVERIFY(!writeAndLoad(""));
        QVERIFY(!CopyIndex::load(dir_.filePath("missing.idx").toStdString(), &error));
        QVERIFY(writeAndLoad(bytes));  // the intact bytes still load
    }

    // The cache is used when its key matches, rebuilt when the training pieces changed.
    void cachedIndexFollowsItsKey() {
        const std::string path = dir_.filePath("cache/corpus-copy.mzci").toStdString();
        int builds = 0;
        auto build = [&]() -> std::optional<std::vector<CopyIndex::Entry>> {
            ++builds;
            return std::vector<CopyIndex::Entry>{{"a.mid", noteSteps(melody(11, 60))}};
        };
        auto first = openCopyIndex(path, "key-1", build);
        QVERIFY(first.index && first.written && !first.fromCache && first.note.empty());
        auto second = openCopyIndex(path, "key-1", build);
        QVERIFY(second.index && second.fromCache && !second.written);
        QCOMPARE(builds, 1);
        auto third = openCopyIndex(path, "key-2", build);
        QVERIFY(third.index && third.written);
        QVERIFY2(third.note.find("other training pieces") != std::string::npos, third.note.c_str());
        QCOMPARE(builds, 2);
        QCOMPARE(CopyIndex::load(path, nullptr)->key(), std::string("key-2"));
        auto cancelled = openCopyIndex("", "key-3", [] { return std::optional<std::vector<CopyIndex::Entry>>(); });
        QVERIFY(!cancelled.index);
    }
};

QTEST_APPLESS_MAIN(TestCopyIndex)
#include "tst_copyindex.moc"
