// Tests of Dataset: style labels from the first folder level, which files are listed, duplicate
// detection (same bytes, same notes under another name) with a deterministic choice of the copy
// kept, errors, statistics, and the real corpus (duplicate counts, split invariant, warm open).
#include <QtTest/QtTest>

#include "../SharedData.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "TinyMidiFolder.h"
#include "data/ParallelFor.h"
#include "data/Dataset.h"
#include "data/DatasetSplit.h"
#include "data/DatasetStatistics.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::data;

namespace {

Dataset openInMemory(const QTemporaryDir& dir, const remi::RemiTokenizer& tokenizer) {
    TokenCacheOptions o;
    o.threads = 2;
    DatasetOpenResult r = Dataset::open(dir.path().toStdString(), tokenizer, o);
    if (!r.dataset) qFatal("open failed: %s", r.error.c_str());
    return *r.dataset;
}

std::vector<std::string> paths(const Dataset& d) {
    std::vector<std::string> out;
    for (const auto& p : d.pieces()) out.push_back(p.record.relativePath);
    return out;
}

std::size_t indexOf(const Dataset& d, const std::string& path) {
    for (std::size_t i = 0; i < d.pieces().size(); ++i)
        if (d.pieces()[i].record.relativePath == path) return i;
    qFatal("%s not in the dataset", path.c_str());
    return 0;
}

midi::Score withDrums() {
    midi::Score s = tiny::melody(7, 8);
    midi::Track drums;
    drums.isDrum = true;
    drums.channel = 9;
    drums.notes = {{0, 120, 36, 100}, {480, 120, 38, 100}, {960, 120, 42, 90}};
    s.tracks.push_back(drums);
    return s;
}

}  // namespace

class TestDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // An exception in a worker (a stranger's file running out of memory) comes back to the
    // caller, after every worker joined, instead of std::terminate on the worker's thread.
    void parallelForRethrowsOnTheCaller() {
        std::atomic<int> ran{0};
        QVERIFY_THROWS_EXCEPTION(std::bad_alloc, parallelFor(1000, 4, [&](std::size_t i) {
                                     ++ran;
                                     if (i == 37) throw std::bad_alloc();
                                 }));
        QVERIFY(ran.load() >= 38);  // every index handed out before the failure ran
        int sum = 0;
        parallelFor(10, 1, [&](std::size_t i) { sum += int(i); });  // and without one, all run
        QCOMPARE(sum, 45);
    }

    void labelsFromFirstFolderLevel() {
        QTemporaryDir dir;
        tiny::write(tiny::path(dir, "Mozart/a.mid"), tiny::melody(1));
        tiny::write(tiny::path(dir, "Mozart/Sonatas/k331/b.MID"), tiny::melody(2));
        tiny::write(tiny::path(dir, "Beethoven/c.midi"), tiny::melody(3));
        tiny::write(tiny::path(dir, "Beethoven/d.kar"), tiny::melody(4));
        tiny::write(tiny::path(dir, "loose.mid"), tiny::melody(5));
        tiny::write(tiny::path(dir, ".git/objects/x.mid"), tiny::melody(6));  // hidden: skipped
        tiny::write(tiny::path(dir, "Mozart/.draft.mid"), tiny::melody(7));
        tiny::writeBytes(tiny::path(dir, "Beethoven/notes.txt"), "not music");
        tiny::writeBytes(tiny::path(dir, "Empty/readme.md"), "no MIDI here");  // no label without files

        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        const Dataset d = openInMemory(dir, tokenizer);
        QCOMPARE(d.labels(), (std::vector<std::string>{"Beethoven", "Mozart"}));
        QCOMPARE(paths(d), (std::vector<std::string>{"Beethoven/c.midi", "Beethoven/d.kar", "Mozart/Sonatas/k331/b.MID",
                                                     "Mozart/a.mid", "loose.mid"}));
        const std::vector<int> labels{0, 0, 1, 1, -1};
        for (std::size_t i = 0; i < labels.size(); ++i) QCOMPARE(d.pieces()[i].label, labels[i]);
        QCOMPARE(d.fileCount(), std::size_t(5));
        QVERIFY(d.duplicates().empty());

        const DatasetStatistics stats = computeStatistics(d);
        QCOMPARE(stats.byLabel.size(), std::size_t(3));  // Beethoven, Mozart, root files
        QCOMPARE(stats.byLabel[0].label, std::string("Beethoven"));
        QCOMPARE(stats.byLabel[2].label, std::string());
        QCOMPARE(stats.byLabel[2].pieces, std::size_t(1));

        DatasetOpenResult missing = Dataset::open(tiny::path(dir, "nowhere"), tokenizer, {});
        QVERIFY(!missing.dataset);
        QVERIFY(missing.error.find("nowhere") != std::string::npos);
    }

    void duplicatesKeepTheFirstPath() {
        QTemporaryDir dir;
        tiny::write(tiny::path(dir, "Mozart/a.mid"), tiny::melody(1));
        // Same bytes in another label folder, sorting first: it is the one kept.
        tiny::writeBytes(tiny::path(dir, "Beethoven/copy of a.mid"), tiny::readBytes(tiny::path(dir, "Mozart/a.mid")));
        // Same notes, other bytes: other track name, velocities, resolution and tempo.
        tiny::write(tiny::path(dir, "Mozart/b.mid"), tiny::melody(2));
        midi::Score renamed = tiny::melody(2);
        renamed.ticksPerQuarter = 960;
        renamed.tempos = {{0, 600000}};
        renamed.tracks[0].name = "Klavier";
        for (auto& n : renamed.tracks[0].notes) {
            n.start *= 2;
            n.duration *= 2;
            n.velocity = 99;
        }
        tiny::write(tiny::path(dir, "Mozart/z renamed.mid"), renamed);
        tiny::writeBytes(tiny::path(dir, "Mozart/c.mid"), tiny::readBytes(tiny::path(dir, "Mozart/z renamed.mid")));
        // Almost the same notes: not a duplicate.
        midi::Score almost = tiny::melody(2);
        almost.tracks[0].notes.back().pitch += 1;
        tiny::write(tiny::path(dir, "Mozart/d.mid"), almost);
        // Files without notes: equal bytes are duplicates, different ones are not.
        midi::Score silence;
        silence.tempos = {{0, 500000}};
        midi::Track emptyTrack;
        emptyTrack.controls = {{0, 7, 100}};
        silence.tracks = {emptyTrack};
        tiny::write(tiny::path(dir, "Mozart/silence 1.mid"), silence);
        tiny::writeBytes(tiny::path(dir, "Mozart/silence 2.mid"), tiny::readBytes(tiny::path(dir, "Mozart/silence 1.mid")));
        silence.tempos = {{0, 400000}};
        tiny::write(tiny::path(dir, "Mozart/silence 3.mid"), silence);
        tiny::writeBytes(tiny::path(dir, "Mozart/broken.mid"), "MThd but nothing more");

        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        const Dataset d = openInMemory(dir, tokenizer);
        QCOMPARE(d.errors().size(), std::size_t(1));
        QCOMPARE(d.errors()[0].relativePath, std::string("Mozart/broken.mid"));
        QCOMPARE(d.errors()[0].label, 1);
        QVERIFY(!d.errors()[0].message.empty());

        std::map<std::string, std::pair<std::string, DuplicateKind>> dropped;
        for (const auto& dup : d.duplicates())
            dropped[d.pieces()[dup.piece].record.relativePath] = {d.pieces()[dup.kept].record.relativePath, dup.kind};
        const std::map<std::string, std::pair<std::string, DuplicateKind>> expected{
            {"Mozart/a.mid", {"Beethoven/copy of a.mid", DuplicateKind::SameBytes}},
            {"Mozart/c.mid", {"Mozart/b.mid", DuplicateKind::SameNotes}},
            {"Mozart/z renamed.mid", {"Mozart/b.mid", DuplicateKind::SameNotes}},
            {"Mozart/silence 2.mid", {"Mozart/silence 1.mid", DuplicateKind::SameBytes}},
        };
        QCOMPARE(dropped.size(), expected.size());
        for (const auto& [file, keptAndKind] : expected) {
            QVERIFY2(dropped.count(file), file.c_str());
            QCOMPARE(dropped[file].first, keptAndKind.first);
            QVERIFY(dropped[file].second == keptAndKind.second);
        }
        for (const auto& dup : d.duplicates()) {
            QVERIFY(d.pieces()[dup.piece].duplicate);
            QVERIFY(!d.pieces()[dup.kept].duplicate);
        }
        QCOMPARE(d.uniquePieces().size(), d.pieces().size() - 4);
        for (std::size_t i : d.uniquePieces()) QVERIFY(!d.pieces()[i].duplicate);
        const std::size_t a = indexOf(d, "Mozart/a.mid");
        const auto it = std::find_if(d.duplicates().begin(), d.duplicates().end(), [&](const DuplicateFile& x) { return x.piece == a; });
        QCOMPARE(d.describe(*it), std::string("same bytes as Beethoven/copy of a.mid"));

        const DatasetStatistics stats = computeStatistics(d);
        QCOMPARE(stats.total.files, std::size_t(10));
        QCOMPARE(stats.total.duplicates, std::size_t(4));
        QCOMPARE(stats.total.errors, std::size_t(1));
        QCOMPARE(stats.total.pieces, std::size_t(5));
        QCOMPARE(stats.byLabel[0].pieces, std::size_t(1));  // Beethoven: the kept copy
        QCOMPARE(stats.byLabel[1].duplicates, std::size_t(4));
        QCOMPARE(stats.byLabel[1].errors, std::size_t(1));
    }

    void statisticsCountUniquePieces() {
        QTemporaryDir dir;
        tiny::write(tiny::path(dir, "A/one.mid"), tiny::melody(1, 16));  // 16 notes, 4 s at 120 bpm
        tiny::write(tiny::path(dir, "A/two.mid"), tiny::melody(2, 8));   // 8 notes, 2 s
        tiny::writeBytes(tiny::path(dir, "A/two again.mid"), tiny::readBytes(tiny::path(dir, "A/two.mid")));
        midi::Score slow = tiny::melody(3, 8);
        slow.tempos = {{0, 1000000}};  // 60 bpm: 4 s
        tiny::write(tiny::path(dir, "B/slow.mid"), slow);
        tiny::write(tiny::path(dir, "B/drums.mid"), withDrums());  // 8 + 3 notes, 2 s

        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        const Dataset d = openInMemory(dir, tokenizer);
        const DatasetStatistics s = computeStatistics(d);
        QCOMPARE(s.total.files, std::size_t(5));
        QCOMPARE(s.total.pieces, std::size_t(4));
        QCOMPARE(s.total.notes, std::uint64_t(16 + 8 + 8 + 11));
        QCOMPARE(s.total.seconds, 4.0 + 2.0 + 4.0 + 2.0);
        std::uint64_t pitched = 0;
        for (auto n : s.total.pitchHistogram) pitched += n;
        QCOMPARE(pitched, std::uint64_t(16 + 8 + 8 + 8));  // drum notes are not pitches
        QCOMPARE(s.total.pitchHistogram[36], std::uint64_t(0));
        std::uint64_t tokens = 0;
        for (std::size_t i : d.uniquePieces()) tokens += d.pieces()[i].record.tokenCount;
        QCOMPARE(s.total.tokens, tokens);
        QVERIFY(tokens > 0);

        const GroupStatistics& a = s.byLabel[0];
        QCOMPARE(a.label, std::string("A"));
        QCOMPARE(a.files, std::size_t(3));
        QCOMPARE(a.pieces, std::size_t(2));
        QCOMPARE(a.notes, std::uint64_t(24));
        QCOMPARE(a.density.pieces, std::size_t(2));
        QCOMPARE(a.density.mean, 4.0);
        const GroupStatistics& b = s.byLabel[1];
        QCOMPARE(b.density.min, 2.0);   // 8 notes in 4 s
        QCOMPARE(b.density.max, 5.5);   // 11 notes in 2 s
        QCOMPARE(b.density.median, 3.75);
        QCOMPARE(s.total.density.median, 4.0);  // 2, 4, 4, 5.5
    }

    // The real corpus: 357 files, 6 byte-identical pairs and one piece saved twice with other
    // bytes (see corpus/README.md); the split keeps every piece and its copies in one part.
    void corpus() {
        const char* shared = std::getenv("MOZART_SHARED_DIR");
        const std::string folder = shared ? std::string(shared) + "/corpus" : std::string();
        if (folder.empty() || !std::filesystem::is_directory(folder)) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/corpus not available");

        QTemporaryDir cacheDir;
        TokenCacheOptions o;
        o.cacheDirectory = cacheDir.path().toStdString();
        o.threads = 2;
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        auto t0 = std::chrono::steady_clock::now();
        DatasetOpenResult cold = Dataset::open(folder, tokenizer, o);
        auto t1 = std::chrono::steady_clock::now();
        DatasetOpenResult warm = Dataset::open(folder, tokenizer, o);
        auto t2 = std::chrono::steady_clock::now();
        QVERIFY(cold.dataset && warm.dataset);
        qInfo("corpus: cold open (2 threads) %.3f s, warm open %.3f s",
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
        QCOMPARE(cold.cache.analyzed, std::size_t(357));
        QCOMPARE(warm.cache.reused, std::size_t(357));
        QCOMPARE(warm.cache.analyzed, std::size_t(0));
        QVERIFY(!warm.cache.written);

        const Dataset& d = *warm.dataset;
        QCOMPARE(d.labels(), (std::vector<std::string>{"Beethoven", "Mozart", "Tchaikovsky"}));
        QCOMPARE(d.fileCount(), std::size_t(357));
        QCOMPARE(d.errors().size(), std::size_t(0));
        std::size_t sameBytes = 0, sameNotes = 0;
        for (const auto& dup : d.duplicates()) (dup.kind == DuplicateKind::SameBytes ? sameBytes : sameNotes)++;
        QCOMPARE(sameBytes, std::size_t(6));
        QCOMPARE(sameNotes, std::size_t(1));
        QCOMPARE(d.uniquePieces().size(), std::size_t(350));
        const std::size_t beet = indexOf(d, "Beethoven/beet27m3.mid");
        QVERIFY(d.pieces()[beet].duplicate);
        for (const auto& dup : d.duplicates())
            if (dup.piece == beet) QCOMPARE(d.pieces()[dup.kept].record.relativePath, std::string("Beethoven/131.mid"));
        QCOMPARE(computeStatistics(d).total.pieces, std::size_t(350));

        for (std::uint64_t seed : {0ull, 1ull, 12345ull}) {
            SplitConfig config;
            config.seed = seed;
            std::string error;
            const auto split = splitDataset(d, config, &error);
            QVERIFY(split);
            std::map<std::size_t, int> partOf;
            std::map<Sha256Digest, int> partOfNotes, partOfBytes;
            for (int part = 0; part < 3; ++part) {
                for (std::size_t i : split->part(DatasetPart(part))) {
                    QVERIFY2(partOf.emplace(i, part).second, "a piece in two parts");
                    const PieceRecord& r = d.pieces()[i].record;
                    QVERIFY(!d.pieces()[i].duplicate);
                    if (r.noteCount > 0) QVERIFY2(partOfNotes.emplace(r.noteDigest, part).second, "same notes twice");
                    QVERIFY2(partOfBytes.emplace(r.contentDigest, part).second, "same bytes twice");
                }
            }
            QCOMPARE(partOf.size(), d.uniquePieces().size());
            // Every dropped copy would have fallen into its kept piece's part anyway.
            for (const auto& dup : d.duplicates())
                QVERIFY(partForKey(splitKey(d.pieces()[dup.piece].record), config) == DatasetPart(partOf.at(dup.kept)));
            QVERIFY(split->train.size() > 280 && split->validation.size() >= 8 && split->test.size() >= 8);
        }
    }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
