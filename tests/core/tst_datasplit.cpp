// Tests of the per-piece split: valid fractions, determinism, stability when files are added,
// duplicates always on the side of their kept copy, monotone response to changed fractions, and
// part sizes near the fractions.
#include <QtTest/QtTest>

#include <cmath>
#include <limits>
#include <map>

#include "data/Dataset.h"
#include "data/DatasetSplit.h"

using namespace mozart::data;

namespace {

PieceRecord piece(const std::string& path, const std::string& notes, const std::string& bytes, std::uint64_t noteCount = 10) {
    PieceRecord r;
    r.relativePath = path;
    r.usable = true;
    r.noteCount = noteCount;
    r.noteDigest = noteCount ? Sha256::of(notes) : Sha256Digest{};
    r.contentDigest = Sha256::of(bytes);
    return r;
}

Dataset datasetOf(std::vector<PieceRecord> records) {
    std::sort(records.begin(), records.end(),
              [](const PieceRecord& a, const PieceRecord& b) { return a.relativePath < b.relativePath; });
    std::vector<DatasetPiece> pieces;
    for (auto& r : records) pieces.push_back({std::move(r), 0, false});
    return Dataset("synthetic", {"L"}, std::move(pieces), {}, std::make_shared<TokenStore>(nullptr, nullptr, 2,
                                                                                           std::vector<TokenStreamRef>{}));
}

std::vector<PieceRecord> pieces(int from, int to) {
    std::vector<PieceRecord> out;
    for (int i = from; i < to; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "p%05d.mid", i);
        out.push_back(piece(name, "notes " + std::to_string(i), "bytes " + std::to_string(i)));
    }
    return out;
}

// Part of each piece, by path.
std::map<std::string, DatasetPart> partsByPath(const Dataset& d, const SplitConfig& config) {
    std::string error;
    const auto split = splitDataset(d, config, &error);
    if (!split) qFatal("split failed: %s", error.c_str());
    std::map<std::string, DatasetPart> out;
    for (int p = 0; p < 3; ++p)
        for (std::size_t i : split->part(DatasetPart(p))) out[d.pieces()[i].record.relativePath] = DatasetPart(p);
    return out;
}

}  // namespace

class TestDatasetSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fractionsAreChecked() {
        const Dataset d = datasetOf(pieces(0, 10));
        std::string error;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        for (SplitConfig bad : {SplitConfig{0, -0.1, 0.5, 0.6}, SplitConfig{0, nan, 0.1, 0.1},
                                SplitConfig{0, 0, 0, 0}, SplitConfig{0, 1, std::numeric_limits<double>::infinity(), 0}}) {
            error.clear();
            QVERIFY(!splitDataset(d, bad, &error));
            QVERIFY(!error.empty());
        }
        // Fractions are relative: 18/1/1 is 0.9/0.05/0.05.
        QVERIFY(partsByPath(d, SplitConfig{3, 18, 1, 1}) == partsByPath(d, SplitConfig{3, 0.9, 0.05, 0.05}));
        // A part with fraction 0 stays empty; a single part takes everything.
        const Dataset big = datasetOf(pieces(0, 300));
        std::string e;
        const auto noTest = splitDataset(big, SplitConfig{1, 0.8, 0.2, 0}, &e);
        QVERIFY(noTest && noTest->test.empty() && !noTest->validation.empty());
        const auto allTest = splitDataset(big, SplitConfig{1, 0, 0, 1}, &e);
        QVERIFY(allTest && allTest->test.size() == 300);
    }

    void deterministicAndSeeded() {
        const Dataset d = datasetOf(pieces(0, 400));
        const auto a = partsByPath(d, SplitConfig{7});
        QVERIFY(a == partsByPath(d, SplitConfig{7}));
        QCOMPARE(a.size(), std::size_t(400));
        std::size_t moved = 0;
        const auto b = partsByPath(d, SplitConfig{8});
        for (const auto& [path, part] : a) moved += b.at(path) != part;
        QVERIFY(moved > 20);  // another seed, another split (about 19 % of pieces move)
    }

    void stableWhenFilesAreAdded() {
        const auto before = partsByPath(datasetOf(pieces(0, 500)), SplitConfig{42});
        std::vector<PieceRecord> more = pieces(0, 500);
        for (auto& r : pieces(500, 800)) more.push_back(r);
        more.push_back(piece("aaa first.mid", "new", "new bytes"));  // sorts before everything
        const auto after = partsByPath(datasetOf(more), SplitConfig{42});
        QCOMPARE(after.size(), std::size_t(801));
        for (const auto& [path, part] : before) QVERIFY2(after.at(path) == part, path.c_str());
    }

    void duplicatesFollowTheirPiece() {
        std::vector<PieceRecord> base = pieces(0, 200);
        const auto without = partsByPath(datasetOf(base), SplitConfig{5});
        // Copies of every tenth piece: same notes (other bytes) sorting first, and same bytes sorting last.
        std::vector<PieceRecord> with = base;
        for (int i = 0; i < 200; i += 10) {
            with.push_back(piece("0 copy " + std::to_string(i) + ".mid", "notes " + std::to_string(i), "other bytes " + std::to_string(i)));
            with.push_back(piece("z copy " + std::to_string(i) + ".mid", "notes " + std::to_string(i), "bytes " + std::to_string(i)));
        }
        const Dataset d = datasetOf(with);
        QCOMPARE(d.duplicates().size(), std::size_t(40));
        const auto parts = partsByPath(d, SplitConfig{5});
        QCOMPARE(parts.size(), std::size_t(200));  // duplicates are in no part
        for (int i = 0; i < 200; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "p%05d.mid", i);
            const std::string original = name;
            if (i % 10 == 0) {
                // The "0 copy" sorts first and is kept instead of the original: same part.
                QVERIFY(!parts.count(original));
                QVERIFY(parts.at("0 copy " + std::to_string(i) + ".mid") == without.at(original));
            } else {
                QVERIFY(parts.at(original) == without.at(original));
            }
        }
        // Pieces without notes are split by their bytes.
        std::vector<PieceRecord> silent{piece("s1.mid", "", "silence one", 0), piece("s2.mid", "", "silence two", 0)};
        const Dataset s = datasetOf(silent);
        QVERIFY(s.duplicates().empty());
        QVERIFY(splitKey(s.pieces()[0].record) == Sha256::of("silence one"));
    }

    void largerValidationOnlyTakesFromTrain() {
        const Dataset d = datasetOf(pieces(0, 1000));
        const auto small = partsByPath(d, SplitConfig{9, 0.9, 0.05, 0.05});
        const auto large = partsByPath(d, SplitConfig{9, 0.8, 0.15, 0.05});
        std::size_t moved = 0;
        for (const auto& [path, part] : small) {
            if (part == large.at(path)) continue;
            QVERIFY(part == DatasetPart::Train && large.at(path) == DatasetPart::Validation);
            ++moved;
        }
        QVERIFY(moved > 50);
    }

    void sizesFollowTheFractions() {
        const Dataset d = datasetOf(pieces(0, 4000));
        for (std::uint64_t seed : {0ull, 1ull, 2ull, 3ull}) {
            std::string error;
            const auto split = splitDataset(d, SplitConfig{seed, 0.9, 0.05, 0.05}, &error);
            QVERIFY(split);
            QCOMPARE(split->train.size() + split->validation.size() + split->test.size(), std::size_t(4000));
            // Binomial: 200 +- 13.8 (one standard deviation); allow four.
            for (std::size_t n : {split->validation.size(), split->test.size()}) QVERIFY2(n > 145 && n < 255, qPrintable(QString::number(n)));
        }
    }
};

QTEST_APPLESS_MAIN(TestDatasetSplit)
#include "tst_datasplit.moc"
