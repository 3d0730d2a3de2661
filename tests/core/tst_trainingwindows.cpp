// Tests of training windows (positions, padding, BOS/EOS, streams kept apart, labels), the batch
// sampler (every window once per epoch, determinism from seed/epoch/batch, buffers, threads) and
// the id-level augmentations (transposition equals tokenizing the transposed score, drums and
// range respected, chord roots, velocity bins).
#include <QtTest/QtTest>

#include <set>
#include <thread>

#include "TinyMidiFolder.h"
#include "data/BatchSampler.h"
#include "data/Dataset.h"
#include "data/TokenAugmentation.h"
#include "data/TokenCacheFormat.h"
#include "data/TrainingWindows.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::data;

namespace {

// A dataset over hand-made streams: piece p has streams[p], ids chosen by the test.
struct SyntheticDataset {
    std::vector<std::uint8_t> image;
    std::optional<Dataset> dataset;
};

std::unique_ptr<SyntheticDataset> synthetic(const std::vector<std::vector<std::vector<std::int32_t>>>& streams,
                                            const std::vector<int>& labels) {
    auto s = std::make_unique<SyntheticDataset>();
    TokenCacheKey key;
    key.vocabularySize = 284;
    TokenCacheImageBuilder builder(key);
    for (std::size_t p = 0; p < streams.size(); ++p) {
        PieceRecord r;
        char name[32];
        std::snprintf(name, sizeof name, "p%03zu.mid", p);
        r.relativePath = name;
        r.usable = true;
        r.noteCount = 1;
        r.noteDigest = Sha256::of(name);
        std::vector<TokenSpan> spans;
        for (const auto& ids : streams[p]) spans.emplace_back(reinterpret_cast<const std::uint8_t*>(ids.data()), ids.size(), 4);
        builder.addPiece(r, spans);
    }
    auto bytes = ReadOnlyBytes::fromBuffer(builder.finish());
    TokenCacheContents contents;
    std::string reason;
    if (!parseTokenCache(bytes->data(), bytes->size(), key, &contents, &reason)) qFatal("%s", reason.c_str());
    std::vector<DatasetPiece> pieces;
    for (std::size_t p = 0; p < contents.records.size(); ++p) pieces.push_back({contents.records[p], labels[p], false});
    auto store = std::make_shared<TokenStore>(bytes, contents.tokens, contents.width, contents.streams);
    s->dataset.emplace("synthetic", std::vector<std::string>{"A", "B"}, std::move(pieces), std::vector<FileError>{}, store);
    return s;
}

std::vector<std::int32_t> range(std::int32_t from, std::size_t count) {
    std::vector<std::int32_t> v(count);
    for (std::size_t i = 0; i < count; ++i) v[i] = from + std::int32_t(i);
    return v;
}

std::vector<std::size_t> all(const Dataset& d) {
    std::vector<std::size_t> v(d.pieces().size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
    return v;
}

std::vector<std::int64_t> row(const TrainingWindows& w, std::size_t i) {
    std::vector<std::int64_t> out(w.rowLength());
    w.fill(i, out.data());
    return out;
}

std::vector<std::int64_t> widen(const std::vector<std::int32_t>& ids) { return {ids.begin(), ids.end()}; }

// The score with its pitched (non-drum) notes moved by k semitones.
midi::Score transposed(midi::Score s, int k) {
    for (auto& t : s.tracks)
        if (!t.isDrum)
            for (auto& n : t.notes) n.pitch = std::uint8_t(n.pitch + k);
    return s;
}

// Chords, a melody and drums.
midi::Score band() {
    midi::Score s = tiny::melody(3, 16);
    midi::Track chords;
    chords.program = 48;
    chords.channel = 1;
    const int roots[] = {48, 53, 55, 50};
    for (int i = 0; i < 4; ++i) {
        const midi::Tick t = i * 1920;
        for (int interval : {0, 4, 7}) chords.notes.push_back({t, 1800, std::uint8_t(roots[i] + interval + (i == 3 ? (interval == 4 ? -1 : 0) : 0)), 70});
    }
    midi::Track drums;
    drums.isDrum = true;
    drums.channel = 9;
    for (int i = 0; i < 16; ++i) drums.notes.push_back({midi::Tick(i) * 480, 120, std::uint8_t(i % 2 ? 38 : 36), 100});
    s.tracks.push_back(chords);
    s.tracks.push_back(drums);
    return s;
}

std::vector<std::int64_t> flat(const std::vector<std::vector<std::int32_t>>& streams) {
    std::vector<std::int64_t> out;
    for (const auto& s : streams) out.insert(out.end(), s.begin(), s.end());
    return out;
}

}  // namespace

class TestTrainingWindows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowPositions() {
        // Piece 0: one stream of 20 ids; piece 1: streams of 3, 7, 0 and 11 ids; piece 2: 2 ids.
        const auto s = synthetic({{range(100, 20)}, {range(10, 3), range(30, 7), {}, range(50, 11)}, {range(200, 2)}}, {1, 0, -1});
        const Dataset& d = *s->dataset;
        const remi::Vocabulary vocab{remi::TokenizerConfig()};
        WindowConfig config;
        config.length = 8;  // rows of 9
        config.stride = 4;
        config.minStreamTokens = 3;
        std::string error;
        const auto w = TrainingWindows::build(d, all(d), config, vocab, &error);
        QVERIFY2(w, error.c_str());
        QCOMPARE(w->rowLength(), std::size_t(9));
        const std::int64_t pad = vocab.id("PAD_None"), bos = vocab.id("BOS_None"), eos = vocab.id("EOS_None");

        // [BOS 100..119 EOS] has 22 ids: starts 0, 4, 8, 12, then 13 for the tail.
        std::vector<std::uint64_t> starts;
        for (std::size_t i = 0; i < w->size(); ++i)
            if ((*w)[i].piece == 0) starts.push_back((*w)[i].start);
        QCOMPARE(starts, (std::vector<std::uint64_t>{0, 4, 8, 12, 13}));
        QCOMPARE(row(*w, 0), (std::vector<std::int64_t>{bos, 100, 101, 102, 103, 104, 105, 106, 107}));
        QCOMPARE(row(*w, 1), (std::vector<std::int64_t>{103, 104, 105, 106, 107, 108, 109, 110, 111}));
        QCOMPARE(row(*w, 4), (std::vector<std::int64_t>{112, 113, 114, 115, 116, 117, 118, 119, eos}));
        QCOMPARE((*w)[0].label, 1);

        // Piece 1: 3 ids -> one padded window; 7 ids -> [BOS 30..36 EOS] fits exactly; the
        // empty stream is skipped; 11 ids -> 13 ids, starts 0 and 4 (4 + 9 = 13: no tail).
        std::vector<std::vector<std::int64_t>> rows;
        std::set<std::uint32_t> streams;
        for (std::size_t i = 0; i < w->size(); ++i) {
            if ((*w)[i].piece != 1) continue;
            rows.push_back(row(*w, i));
            streams.insert((*w)[i].stream);
            QCOMPARE((*w)[i].label, 0);
        }
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(streams.size(), std::size_t(3));
        QCOMPARE(rows[0], (std::vector<std::int64_t>{bos, 10, 11, 12, eos, pad, pad, pad, pad}));
        QCOMPARE(rows[1], (std::vector<std::int64_t>{bos, 30, 31, 32, 33, 34, 35, 36, eos}));
        QCOMPARE(rows[2], (std::vector<std::int64_t>{bos, 50, 51, 52, 53, 54, 55, 56, 57}));
        QCOMPARE(rows[3], (std::vector<std::int64_t>{53, 54, 55, 56, 57, 58, 59, 60, eos}));
        // Piece 2 (2 ids) is below minStreamTokens.
        for (std::size_t i = 0; i < w->size(); ++i) QVERIFY((*w)[i].piece != 2);
        QCOMPARE(w->size(), std::size_t(9));

        // Without BOS/EOS, only the part's pieces, stride larger than the window.
        config.addBosEos = false;
        config.stride = 10;
        const auto bare = TrainingWindows::build(d, {0}, config, vocab, &error);
        QVERIFY(bare);
        QCOMPARE(bare->size(), std::size_t(3));  // starts 0, 10, and 11 for the tail
        QCOMPARE(row(*bare, 0), widen(range(100, 9)));
        QCOMPARE(row(*bare, 1), widen(range(110, 9)));
        QCOMPARE(row(*bare, 2), widen(range(111, 9)));
    }

    void windowConfigIsChecked() {
        const auto s = synthetic({{range(100, 20)}}, {0});
        const remi::Vocabulary vocab{remi::TokenizerConfig()};
        std::string error;
        QVERIFY(!TrainingWindows::build(*s->dataset, {0}, WindowConfig{0, 4, true, 1}, vocab, &error));
        QVERIFY(!TrainingWindows::build(*s->dataset, {0}, WindowConfig{8, 0, true, 1}, vocab, &error));
        remi::TokenizerConfig noPad;
        noPad.specialTokens = {"BOS_None", "EOS_None"};  // not normalized: no PAD
        QVERIFY(!TrainingWindows::build(*s->dataset, {0}, WindowConfig{}, remi::Vocabulary(noPad), &error));
        QVERIFY(error.find("PAD") != std::string::npos);
    }

    void samplerVisitsEveryWindowOncePerEpoch() {
        std::vector<std::vector<std::vector<std::int32_t>>> streams;
        std::vector<int> labels;
        for (int p = 0; p < 23; ++p) {
            streams.push_back({range(4 + p * 10, 9 + p % 5)});
            labels.push_back(p % 2);
        }
        const auto s = synthetic(streams, labels);
        const remi::Vocabulary vocab{remi::TokenizerConfig()};
        std::string error;
        auto windows = std::make_shared<TrainingWindows>(
            *TrainingWindows::build(*s->dataset, all(*s->dataset), WindowConfig{6, 3, true, 1}, vocab, &error));
        const std::size_t n = windows->size();
        QVERIFY(n > 40);

        SamplerConfig config;
        config.batchSize = 8;
        config.seed = 99;
        config.dropLast = false;
        const auto sampler = BatchSampler::create(windows, config, nullptr, &error);
        QVERIFY2(sampler, error.c_str());
        QCOMPARE(sampler->batchesPerEpoch(), (n + 7) / 8);
        std::vector<std::vector<std::size_t>> epochs;
        for (std::uint64_t e = 0; e < 3; ++e) {
            std::vector<std::size_t> order;
            for (std::size_t b = 0; b < sampler->batchesPerEpoch(); ++b) {
                const auto batch = sampler->batchWindows(e, b);
                order.insert(order.end(), batch.begin(), batch.end());
            }
            QCOMPARE(order.size(), n);
            QCOMPARE(std::set<std::size_t>(order.begin(), order.end()).size(), n);
            epochs.push_back(order);
        }
        QVERIFY(epochs[0] != epochs[1] && epochs[1] != epochs[2]);

        // Same seed, same batches, asked in any order; another seed, other batches.
        const auto again = BatchSampler::create(windows, config, nullptr, &error);
        QVERIFY(again->batchWindows(2, 1) == sampler->batchWindows(2, 1));
        QVERIFY(again->batchWindows(0, 0) == sampler->batchWindows(0, 0));
        config.seed = 100;
        QVERIFY(BatchSampler::create(windows, config, nullptr, &error)->batchWindows(0, 0) != sampler->batchWindows(0, 0));

        // Without shuffling: in order.
        config.shuffle = false;
        const auto ordered = BatchSampler::create(windows, config, nullptr, &error);
        QCOMPARE(ordered->batchWindows(5, 1), (std::vector<std::size_t>{8, 9, 10, 11, 12, 13, 14, 15}));

        // dropLast leaves out the incomplete batch.
        config.dropLast = true;
        QCOMPARE(BatchSampler::create(windows, config, nullptr, &error)->batchesPerEpoch(), n / 8);
        config.batchSize = 0;
        QVERIFY(!BatchSampler::create(windows, config, nullptr, &error));
    }

    void fillBatchWritesRowsAndLabels() {
        std::vector<std::vector<std::vector<std::int32_t>>> streams;
        for (int p = 0; p < 5; ++p) streams.push_back({range(4 + p * 20, 12)});
        const auto s = synthetic(streams, {0, 1, -1, 1, 0});
        const remi::Vocabulary vocab{remi::TokenizerConfig()};
        std::string error;
        auto windows = std::make_shared<TrainingWindows>(
            *TrainingWindows::build(*s->dataset, all(*s->dataset), WindowConfig{16, 8, false, 1}, vocab, &error));
        QCOMPARE(windows->size(), std::size_t(5));
        SamplerConfig config;
        config.batchSize = 3;
        config.dropLast = false;
        config.seed = 4;
        const auto sampler = BatchSampler::create(windows, config, nullptr, &error);
        QCOMPARE(sampler->batchesPerEpoch(), std::size_t(2));
        const std::size_t L1 = sampler->rowLength();
        QCOMPARE(L1, std::size_t(17));
        std::vector<std::int64_t> ids(3 * L1, -7), labels(3, -7);
        QCOMPARE(sampler->fillBatch(1, 1, ids.data(), labels.data()), std::size_t(2));
        const auto chosen = sampler->batchWindows(1, 1);
        for (std::size_t r = 0; r < 2; ++r) {
            QCOMPARE(std::vector<std::int64_t>(ids.begin() + r * L1, ids.begin() + (r + 1) * L1), row(*windows, chosen[r]));
            QCOMPARE(labels[r], std::int64_t((*windows)[chosen[r]].label));
        }
        QCOMPARE(std::vector<std::int64_t>(ids.begin() + 2 * L1, ids.end()), std::vector<std::int64_t>(L1, windows->padId()));
        QCOMPARE(labels[2], std::int64_t(-1));
        QCOMPARE(sampler->fillBatch(1, 0, ids.data(), nullptr), std::size_t(3));  // labels are optional
        QCOMPARE(sampler->fillBatch(1, 2, ids.data(), nullptr), std::size_t(0));   // past the epoch: all PAD
    }

    void transpositionMatchesTokenizingTheTransposedScore_data() {
        QTest::addColumn<int>("configuration");
        QTest::newRow("default (one stream per track)") << 0;
        QTest::newRow("rich (one stream, programs, chords)") << 1;
        QTest::newRow("rich with chord roots") << 2;
        QTest::newRow("drums as Program_-1 Pitch") << 3;
    }

    void transpositionMatchesTokenizingTheTransposedScore() {
        QFETCH(int, configuration);
        remi::TokenizerConfig config = configuration == 0 ? remi::TokenizerConfig() : remi::TokenizerConfig::rich();
        if (configuration == 2) config.chordTokensWithRootNote = true;
        if (configuration == 3) {
            config.usePitchdrumTokens = false;
            config.useChords = false;
        }
        config.normalize();
        const remi::RemiTokenizer tokenizer(config);
        const TokenAugmenter augmenter(tokenizer);
        QVERIFY(augmenter.canTranspose());
        QCOMPARE(augmenter.needsProgramContext(), configuration == 3);
        const midi::Score score = band();
        const std::vector<std::int64_t> ids = flat(tokenizer.encodeIds(score));
        // The drums are there, as PitchDrum tokens or as Pitch tokens after Program_-1.
        std::size_t drumNotes = 0;
        bool inDrums = false;
        for (std::int64_t id : ids) {
            const std::string& t = tokenizer.vocabulary().token(std::int32_t(id));
            if (t.rfind("Program_", 0) == 0) inDrums = t == "Program_-1";
            drumNotes += t.rfind("PitchDrum_", 0) == 0 || (inDrums && t.rfind("Pitch_", 0) == 0);
        }
        QCOMPARE(drumNotes, std::size_t(16));
        const ShiftRange allowed = augmenter.allowedShifts(ids.data(), ids.size(), false, 12);
        QCOMPARE(allowed.lowest, -12);
        QCOMPARE(allowed.highest, 12);
        bool sawChordRoot = false;
        for (int k : {-12, -5, -1, 1, 2, 7, 12}) {
            std::vector<std::int64_t> shifted = ids;
            augmenter.apply(shifted.data(), shifted.size(), false, k, 0);
            QCOMPARE(shifted, flat(tokenizer.encodeIds(transposed(score, k))));
            for (std::size_t i = 0; i < ids.size(); ++i)
                sawChordRoot |= tokenizer.vocabulary().token(std::int32_t(ids[i])).find(':') != std::string::npos &&
                                shifted[i] != ids[i];
        }
        QCOMPARE(sawChordRoot, configuration == 2);
        // Drum notes stayed put: a transposed score with drums equal is what we compared with.
        // Windows that start inside a drum section know it from the tokens before them.
        if (configuration == 3) {
            const remi::Vocabulary& v = tokenizer.vocabulary();
            const std::vector<std::int32_t> before{v.id("Bar_None"), v.id("Program_0"), v.id("Pitch_60"), v.id("Program_-1")};
            const TokenSpan span(reinterpret_cast<const std::uint8_t*>(before.data()), before.size(), 4);
            QVERIFY(augmenter.startsInDrums(span));
            QVERIFY(!augmenter.startsInDrums(span.subspan(0, 3)));
            std::vector<std::int64_t> window{v.id("Pitch_36"), v.id("Velocity_95"), v.id("Program_0"), v.id("Pitch_60")};
            augmenter.apply(window.data(), window.size(), true, 3, 0);
            QCOMPARE(window[0], std::int64_t(v.id("Pitch_36")));
            QCOMPARE(window[3], std::int64_t(v.id("Pitch_63")));
        }
    }

    void transpositionStaysInRange() {
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};  // Pitch_21 .. Pitch_109
        const TokenAugmenter augmenter(tokenizer);
        const remi::Vocabulary& v = tokenizer.vocabulary();
        std::vector<std::int64_t> ids{v.id("Bar_None"), v.id("Position_0"), v.id("Pitch_105"), v.id("Velocity_63"),
                                      v.id("Pitch_30"), v.id("PitchDrum_88"), v.id("PitchDrum_27")};
        ShiftRange r = augmenter.allowedShifts(ids.data(), ids.size(), false, 12);
        QCOMPARE(r.lowest, -9);   // 30 -> 21
        QCOMPARE(r.highest, 4);   // 105 -> 109 (drum pitches do not count)
        r = augmenter.allowedShifts(ids.data(), ids.size(), false, 2);
        QCOMPARE(r.lowest, -2);
        QCOMPARE(r.highest, 2);
        augmenter.apply(ids.data(), ids.size(), false, 4, 0);
        QCOMPARE(ids[2], std::int64_t(v.id("Pitch_109")));
        QCOMPARE(ids[4], std::int64_t(v.id("Pitch_34")));
        QCOMPARE(ids[5], std::int64_t(v.id("PitchDrum_88")));
        QCOMPARE(ids[3], std::int64_t(v.id("Velocity_63")));
        // Nothing pitched: no shift needed.
        std::vector<std::int64_t> none{v.id("Bar_None"), v.id("PitchDrum_40")};
        r = augmenter.allowedShifts(none.data(), none.size(), false, 5);
        QCOMPARE(r.lowest, 0);
        QCOMPARE(r.highest, 0);
    }

    void velocityShiftIsClamped() {
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};  // 32 bins: 3, 7, ..., 127
        const TokenAugmenter augmenter(tokenizer);
        const remi::Vocabulary& v = tokenizer.vocabulary();
        std::vector<std::int64_t> ids{v.id("Velocity_3"), v.id("Velocity_63"), v.id("Velocity_123"), v.id("Velocity_127"),
                                      v.id("Pitch_60")};
        std::vector<std::int64_t> up = ids, down = ids;
        augmenter.apply(up.data(), up.size(), false, 0, 2);
        augmenter.apply(down.data(), down.size(), false, 0, -3);
        QCOMPARE(up, (std::vector<std::int64_t>{v.id("Velocity_11"), v.id("Velocity_71"), v.id("Velocity_127"),
                                                v.id("Velocity_127"), v.id("Pitch_60")}));
        QCOMPARE(down, (std::vector<std::int64_t>{v.id("Velocity_3"), v.id("Velocity_51"), v.id("Velocity_111"),
                                                  v.id("Velocity_115"), v.id("Pitch_60")}));
    }

    void transpositionRefusedWhenUnsafe() {
        remi::TokenizerConfig intervals;
        intervals.usePitchIntervals = true;
        intervals.normalize();
        std::string why;
        QVERIFY(!TokenAugmenter(remi::RemiTokenizer(intervals)).canTranspose(&why));
        QVERIFY(why.find("interval") != std::string::npos);
        remi::TokenizerConfig noDrumTokens;
        noDrumTokens.usePitchdrumTokens = false;
        noDrumTokens.normalize();
        const remi::RemiTokenizer tokenizer(noDrumTokens);
        auto augmenter = std::make_shared<TokenAugmenter>(tokenizer);
        QVERIFY(!augmenter->canTranspose(&why));
        QVERIFY(why.find("drum") != std::string::npos);

        const auto s = synthetic({{range(100, 20)}}, {0});
        std::string error;
        auto windows = std::make_shared<TrainingWindows>(
            *TrainingWindows::build(*s->dataset, {0}, WindowConfig{8, 4, true, 1}, tokenizer.vocabulary(), &error));
        SamplerConfig config;
        config.augmentation.maxTranspose = 2;
        QVERIFY(!BatchSampler::create(windows, config, augmenter, &error));
        QVERIFY(error.find("drum") != std::string::npos);
        config.augmentation.maxTranspose = 0;
        config.augmentation.maxVelocityShift = 2;
        QVERIFY(BatchSampler::create(windows, config, augmenter, &error));  // velocities are fine
        QVERIFY(!BatchSampler::create(windows, config, nullptr, &error));
    }

    // End to end on real files: augmented batches differ from plain ones only in Pitch and
    // Velocity ids, stay in range, are reproducible, and are the same from several threads.
    void augmentedBatchesFromFiles() {
        QTemporaryDir dir;
        for (int i = 0; i < 6; ++i) tiny::write(tiny::path(dir, (i % 2 ? "A/" : "B/") + QString::number(i) + ".mid"), i == 3 ? band() : tiny::melody(i, 60));
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        TokenCacheOptions o;
        DatasetOpenResult opened = Dataset::open(dir.path().toStdString(), tokenizer, o);
        QVERIFY(opened.dataset);
        const Dataset& d = *opened.dataset;
        std::string error;
        auto windows = std::make_shared<TrainingWindows>(
            *TrainingWindows::build(d, d.uniquePieces(), WindowConfig{32, 16, true, 4}, tokenizer.vocabulary(), &error));
        auto augmenter = std::make_shared<TokenAugmenter>(tokenizer);
        SamplerConfig config;
        config.batchSize = 4;
        config.seed = 11;
        config.augmentation = {5, 2};
        const auto augmented = BatchSampler::create(windows, config, augmenter, &error);
        QVERIFY2(augmented, error.c_str());
        config.augmentation = {};
        const auto plain = BatchSampler::create(windows, config, nullptr, &error);
        const std::size_t L1 = augmented->rowLength();
        const remi::Vocabulary& v = tokenizer.vocabulary();
        auto kind = [&](std::int64_t id) { return v.token(std::int32_t(id)).substr(0, v.token(std::int32_t(id)).find('_')); };

        std::size_t changedRows = 0;
        std::vector<std::vector<std::int64_t>> sequential;
        for (std::uint64_t epoch = 0; epoch < 2; ++epoch) {
            for (std::size_t b = 0; b < augmented->batchesPerEpoch(); ++b) {
                std::vector<std::int64_t> a(4 * L1), p(4 * L1);
                augmented->fillBatch(epoch, b, a.data(), nullptr);
                plain->fillBatch(epoch, b, p.data(), nullptr);
                sequential.push_back(a);
                for (std::size_t r = 0; r < 4; ++r) {
                    int shift = 1000;
                    bool changed = false;
                    for (std::size_t j = r * L1; j < (r + 1) * L1; ++j) {
                        QCOMPARE(kind(a[j]), kind(p[j]));
                        if (a[j] == p[j]) continue;
                        changed = true;
                        QVERIFY(kind(a[j]) == "Pitch" || kind(a[j]) == "Velocity");
                        if (kind(a[j]) == "Pitch") {
                            const int k = std::stoi(v.token(std::int32_t(a[j])).substr(6)) - std::stoi(v.token(std::int32_t(p[j])).substr(6));
                            if (shift == 1000) shift = k;
                            QCOMPARE(k, shift);  // one transposition per row
                            QVERIFY(std::abs(k) <= 5);
                        }
                    }
                    changedRows += changed;
                }
            }
        }
        QVERIFY(changedRows > sequential.size());  // most rows vary

        // The same batches from four threads at once.
        std::vector<std::vector<std::int64_t>> parallel(sequential.size(), std::vector<std::int64_t>(4 * L1));
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (std::size_t i = std::size_t(t); i < parallel.size(); i += 4) {
                    const std::uint64_t epoch = i / augmented->batchesPerEpoch();
                    augmented->fillBatch(epoch, i % augmented->batchesPerEpoch(), parallel[i].data(), nullptr);
                }
            });
        for (auto& t : threads) t.join();
        QVERIFY(parallel == sequential);
    }
};

QTEST_APPLESS_MAIN(TestTrainingWindows)
#include "tst_trainingwindows.moc"
