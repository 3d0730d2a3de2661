// Tests of REMI decoding (RemiTokenizer::decode / decodeIds): hand-made sequences decode to the
// exact Score MidiTok builds, malformed and random sequences decode safely with counted errors,
// sequences the grammar accepts decode without errors, and encode -> decode -> encode is the
// identity on hand-built scores and on MidiTok's reference token files.
#include <QtTest>

#include "../SharedData.h"

#include <chrono>
#include <random>

#include "RemiTestFixtures.h"
#include "remi/RemiGrammar.h"
#include "remi/RemiTimeline.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::remi;
using namespace mozart::remi::testing;
using midi::Note;

namespace {

DecodeResult decodeTokens(const RemiTokenizer& tok, const std::vector<std::vector<std::string>>& seqs) {
    std::vector<TokenSequence> sequences;
    for (const auto& s : seqs) {
        TokenSequence seq;
        seq.tokens = s;
        sequences.push_back(seq);
    }
    return tok.decode(sequences);
}

// What must hold for any decoded score, whatever the input.
void verifyScoreInvariants(const DecodeResult& r, const TokenizerConfig& config, std::size_t tokenCount) {
    QVERIFY(r.errors >= 0);
    QVERIFY(static_cast<std::size_t>(r.errors) <= tokenCount);
    QVERIFY(!r.score.tempos.empty() && r.score.tempos.front().time == 0);
    QVERIFY(!r.score.timeSignatures.empty() && r.score.timeSignatures.front().time == 0);
    for (std::size_t i = 1; i < r.score.tempos.size(); ++i) {
        QVERIFY(r.score.tempos[i - 1].time <= r.score.tempos[i].time);
    }
    for (const auto& track : r.score.tracks) {
        QVERIFY(!(track.notes.empty() && track.controls.empty() && track.pitchBends.empty()));
        for (const Note& n : track.notes) {
            QVERIFY(n.start >= 0 && n.duration >= 0 && n.end() <= kMaxDecodedTick);
            QVERIFY(n.pitch >= config.pitchRange.first && n.pitch <= config.pitchRange.second);
        }
        for (const auto& p : track.pedals) QVERIFY(p.start >= 0 && p.start + p.duration <= kMaxDecodedTick);
    }
}

}  // namespace

class TestRemiDecode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultSingleTrack();
    void defaultOneTrackPerSequence();
    void streamTracksRestoreInstruments();
    void richOneStream();
    void programsPerTrack();
    void pedalsAndPitchBends();
    void pedalDurations();
    void withoutVelocitiesOrDurations();
    void pitchIntervals();
    void malformedSequences();
    void stringsOutsideTheVocabulary();
    void enormousBarCount();
    void randomIdsAreSafe();
    void grammarAcceptedSequencesDecodeCleanly_data();
    void grammarAcceptedSequencesDecodeCleanly();
    void referenceFilesDecode_data();
    void referenceFilesDecode();
    void referenceFilesRoundTrip_data();
    void referenceFilesRoundTrip();
};

void TestRemiDecode::defaultSingleTrack() {
    const RemiTokenizer tok{TokenizerConfig()};
    const auto r = decodeTokens(tok, {{"Bar_None", "Position_16", "Pitch_76", "Velocity_83",
                                       "Duration_0.5.8", "Pitch_60", "Velocity_63", "Duration_1.0.8",
                                       "Bar_None", "Bar_None", "Position_4", "Pitch_62",
                                       "Velocity_127", "Duration_12.0.4"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.ticksPerQuarter, 8);
    QCOMPARE(r.score.tracks.size(), std::size_t{1});
    const auto& t = r.score.tracks[0];
    QCOMPARE(t.program, 0);
    QVERIFY(!t.isDrum);
    QCOMPARE(t.name, std::string("Acoustic Grand Piano"));
    const std::vector<Note> expected{{16, 5, 76, 83}, {16, 8, 60, 63}, {68, 96, 62, 127}};
    QVERIFY(t.notes == expected);
    QCOMPARE(r.score.tempos.size(), std::size_t{1});
    QVERIFY((r.score.tempos[0] == midi::Tempo{0, 500000}));
    QCOMPARE(r.score.timeSignatures.size(), std::size_t{1});
    QVERIFY((r.score.timeSignatures[0] == midi::TimeSignature{0, 4, 4}));
}

void TestRemiDecode::defaultOneTrackPerSequence() {
    const RemiTokenizer tok{TokenizerConfig()};
    // The middle sequence has no note: its track is dropped, as MidiTok does.
    const auto r = decodeTokens(tok, {{"Bar_None", "Position_0", "Pitch_60", "Velocity_63", "Duration_1.0.8"},
                                      {"Bar_None", "Bar_None"},
                                      {"Bar_None", "Bar_None", "Position_31", "PitchDrum_36", "Velocity_63",
                                       "Duration_0.1.8"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.tracks.size(), std::size_t{2});
    QVERIFY((r.score.tracks[0].notes == std::vector<Note>{{0, 8, 60, 63}}));
    // Without programs a sequence's track is program 0, not a drum track, even with PitchDrum.
    QVERIFY(!r.score.tracks[1].isDrum);
    QVERIFY((r.score.tracks[1].notes == std::vector<Note>{{63, 1, 36, 63}}));
    // No sequences at all: an empty score with the default tempo and time signature.
    const auto empty = tok.decodeIds({});
    QCOMPARE(empty.errors, 0);
    QVERIFY(empty.score.tracks.empty());
    QCOMPARE(empty.score.tempos.size(), std::size_t{1});
}

// streamTracks() describes each stream; handed back to decode it restores what per-track streams
// cannot carry (MidiTok's `programs` argument), and names merged tracks as MidiTok does.
void TestRemiDecode::streamTracksRestoreInstruments() {
    midi::Score score;
    score.ticksPerQuarter = 8;
    midi::Track violin;
    violin.name = "Violin";
    violin.program = 40;
    violin.notes = {{0, 8, 72, 90}};
    midi::Track empty;  // dropped by preprocessing, so it has no stream
    empty.name = "Empty";
    midi::Track drums;
    drums.name = "Kit";
    drums.isDrum = true;
    drums.channel = 9;
    drums.notes = {{4, 1, 36, 100}, {4, 1, 10, 100}};  // 10 is outside the drum range
    score.tracks = {violin, empty, drums};

    const RemiTokenizer tok{TokenizerConfig()};
    const auto tracks = tok.streamTracks(score);
    QCOMPARE(tracks.size(), std::size_t{2});
    QCOMPARE(tracks[0].program, 40);
    QCOMPARE(tracks[0].name, std::string("Violin"));
    QCOMPARE(tracks[1].isDrum, true);
    QCOMPARE(tracks[1].name, std::string("Kit"));
    QCOMPARE(tracks[1].notes, std::size_t{1});

    const auto sequences = tok.encode(score);
    const auto bare = tok.decode(sequences);
    QCOMPARE(bare.score.tracks.size(), std::size_t{2});
    QCOMPARE(bare.score.tracks[0].program, 0);
    QVERIFY(!bare.score.tracks[1].isDrum);
    const auto restored = tok.decode(sequences, &tracks);
    QCOMPARE(restored.errors, 0);
    QCOMPARE(restored.score.tracks[0].program, 40);
    QCOMPARE(restored.score.tracks[0].name, std::string("Violin"));
    QVERIFY(restored.score.tracks[1].isDrum);
    QCOMPARE(restored.score.tracks[1].channel, 9);
    QCOMPARE(tok.encodeIds(restored.score), tok.encodeIds(score));

    // One stream: same-program tracks merge and their names join with " / ".
    midi::Score two = score;
    two.tracks = {violin, violin};
    two.tracks[1].name = "Violin II";
    const RemiTokenizer rich{TokenizerConfig::rich()};
    const auto merged = rich.streamTracks(two);
    QCOMPARE(merged.size(), std::size_t{1});
    QCOMPARE(merged[0].name, std::string("Violin / Violin II"));
    QCOMPARE(merged[0].notes, std::size_t{2});
}

void TestRemiDecode::richOneStream() {
    const RemiTokenizer tok{TokenizerConfig::rich()};
    const auto r = decodeTokens(
        tok, {{"Bar_None", "TimeSig_3/4", "Position_0", "Tempo_121.29", "Program_0", "Chord_maj",
               "Pitch_60", "Velocity_63", "Duration_1.0.8", "Program_-1", "PitchDrum_36",
               "Velocity_99", "Duration_0.1.8", "Position_12", "Tempo_40.0", "Program_0", "Pitch_64",
               "Velocity_63", "Duration_0.4.8",
               // 3/4 at 16 ticks per quarter: bar 48 ticks, position 2 ticks.
               "Bar_None", "TimeSig_6/8", "Position_3", "Pitch_62", "Velocity_63", "Duration_1.0.8",
               // 6/8: beat = eighth = 8 ticks, position 1 tick. The note ends at 59 and a 4-beat
               // Rest from there reaches 91, still in bar 1 (ticks 48..95).
               "Rest_4.0.2", "Position_44", "Program_5", "Pitch_67", "Velocity_63", "Duration_2.0.8",
               // A Rest from the note end 108 to 124 crosses into bar 2 (96..143), no Bar token.
               "Rest_2.0.2", "Position_13", "Pitch_69", "Velocity_63", "Duration_0.1.8"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.ticksPerQuarter, 16);
    QCOMPARE(r.score.tracks.size(), std::size_t{3});
    const auto& piano = r.score.tracks[0];
    const auto& drums = r.score.tracks[1];
    const auto& five = r.score.tracks[2];
    QCOMPARE(piano.name, std::string("Acoustic Grand Piano"));
    QVERIFY(drums.isDrum);
    QCOMPARE(drums.program, 0);
    QCOMPARE(drums.name, std::string("Drums"));
    QCOMPARE(drums.channel, 9);
    QCOMPARE(five.program, 5);
    QCOMPARE(five.name, std::string("Electric Piano 2"));
    QVERIFY((piano.notes == std::vector<Note>{{0, 16, 60, 63}, {24, 8, 64, 63}, {51, 8, 62, 63}}));
    QVERIFY((drums.notes == std::vector<Note>{{0, 2, 36, 99}}));
    QVERIFY((five.notes == std::vector<Note>{{92, 16, 67, 63}, {109, 1, 69, 63}}));
    QVERIFY((r.score.tempos == std::vector<midi::Tempo>{{0, 494682}, {24, 1500000}}));
    QVERIFY((r.score.timeSignatures == std::vector<midi::TimeSignature>{{0, 3, 4}, {48, 6, 8}}));
}

void TestRemiDecode::programsPerTrack() {
    TokenizerConfig config;
    config.usePrograms = true;
    config.programChanges = true;
    config.normalize();
    const RemiTokenizer tok{config};
    // program_changes without one stream: a Program opens each sequence and sets its track.
    auto r = decodeTokens(tok, {{"Program_-1", "Bar_None", "Position_0", "PitchDrum_40", "Velocity_63",
                                 "Duration_1.0.8"},
                                {"Program_33", "Bar_None", "Position_2", "Pitch_40", "Velocity_63",
                                 "Duration_1.0.8"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.tracks.size(), std::size_t{2});
    QVERIFY(r.score.tracks[0].isDrum);
    QCOMPARE(r.score.tracks[0].program, 0);
    // MidiTok names the track from the program after mapping drums to 0.
    QCOMPARE(r.score.tracks[0].name, std::string("Acoustic Grand Piano"));
    QCOMPARE(r.score.tracks[1].program, 33);
    QCOMPARE(r.score.tracks[1].name, std::string("Electric Bass (finger)"));

    TokenizerConfig perNote;
    perNote.usePrograms = true;
    perNote.normalize();
    const RemiTokenizer tok2{perNote};
    r = decodeTokens(tok2, {{"Bar_None", "Position_0", "Program_12", "Pitch_60", "Velocity_63",
                             "Duration_1.0.8", "Program_12", "Pitch_64", "Velocity_63", "Duration_1.0.8"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.tracks.size(), std::size_t{1});
    QCOMPARE(r.score.tracks[0].program, 12);
    QCOMPARE(r.score.tracks[0].notes.size(), std::size_t{2});
}

void TestRemiDecode::pedalsAndPitchBends() {
    TokenizerConfig config;
    config.useSustainPedals = true;
    config.usePitchBends = true;
    config.normalize();
    const RemiTokenizer tok{config};
    const auto r = decodeTokens(tok, {{"Bar_None", "Position_0", "Pedal_0", "PitchBend_-8192", "Pitch_60",
                                       "Velocity_63", "Duration_1.0.8", "Position_8", "PedalOff_0",
                                       "PedalOff_0", "Pedal_0", "Pedal_0"}});
    // The second PedalOff has nothing to close and the second Pedal is already held; the pedal
    // still held at the end is dropped, as in MidiTok.
    QCOMPARE(r.errors, 2);
    QCOMPARE(r.score.tracks.size(), std::size_t{1});
    const auto& t = r.score.tracks[0];
    QVERIFY((t.pedals == std::vector<midi::Pedal>{{0, 8}}));
    QVERIFY((t.controls == std::vector<midi::ControlChange>{{0, 64, 127}, {8, 64, 0}}));
    QVERIFY((t.pitchBends == std::vector<midi::PitchBend>{{0, -8192}}));
}

void TestRemiDecode::pedalDurations() {
    TokenizerConfig config;
    config.useSustainPedals = true;
    config.sustainPedalDuration = true;
    config.usePrograms = true;
    config.oneTokenStreamForPrograms = true;
    config.programChanges = true;
    config.normalize();
    const RemiTokenizer tok{config};
    const auto r = decodeTokens(tok, {{"Bar_None", "Position_4", "Pedal_3", "Duration_2.0.8",
                                       "Program_3", "Pitch_60", "Velocity_63", "Duration_1.0.8",
                                       "Pedal_3", "Pitch_61"}});
    // The last Pedal is not followed by its Duration, and the Pitch after it has no Velocity:
    // two errors.
    QCOMPARE(r.errors, 2);
    QCOMPARE(r.score.tracks.size(), std::size_t{1});
    QCOMPARE(r.score.tracks[0].program, 3);
    QVERIFY((r.score.tracks[0].pedals == std::vector<midi::Pedal>{{4, 16}}));
    QVERIFY((r.score.tracks[0].controls == std::vector<midi::ControlChange>{{4, 64, 127}, {20, 64, 0}}));
}

void TestRemiDecode::withoutVelocitiesOrDurations() {
    TokenizerConfig config;
    config.useVelocities = false;
    config.usePrograms = true;
    config.oneTokenStreamForPrograms = true;
    config.programChanges = true;
    config.useNoteDurationPrograms = {0};
    config.normalize();
    const RemiTokenizer tok{config};
    const auto r = decodeTokens(tok, {{"Bar_None", "Position_0", "Program_0", "Pitch_60", "Duration_1.0.8",
                                       "Program_1", "Pitch_62", "Position_3", "Pitch_64"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.tracks.size(), std::size_t{2});
    // Velocity 100 without velocity tokens; int(0.5 * 8) = 4 ticks without duration tokens.
    QVERIFY((r.score.tracks[0].notes == std::vector<Note>{{0, 8, 60, 100}}));
    QVERIFY((r.score.tracks[1].notes == std::vector<Note>{{0, 4, 62, 100}, {3, 4, 64, 100}}));
}

void TestRemiDecode::pitchIntervals() {
    TokenizerConfig config;
    config.usePitchIntervals = true;
    config.normalize();
    const RemiTokenizer tok{config};
    const auto r = decodeTokens(tok, {{"Bar_None", "Position_0", "PitchIntervalTime_5", // no reference
                                       "Pitch_60", "Velocity_63", "Duration_1.0.8",
                                       "PitchIntervalChord_4", "Velocity_63", "Duration_1.0.8",
                                       "Position_8", "PitchIntervalTime_-2", "Velocity_63", "Duration_1.0.8",
                                       "PitchIntervalChord_3", "Velocity_63", "Duration_1.0.8"}});
    // The first interval has no reference pitch yet (-128 + 5 is out of range): one error.
    QCOMPARE(r.errors, 1);
    // Time intervals count from the previous onset pitch (60, not the chord's 64), chord
    // intervals from the previous note: 60, 64, then 58 and 61.
    QVERIFY((r.score.tracks[0].notes ==
             std::vector<Note>{{0, 8, 60, 63}, {0, 8, 64, 63}, {8, 8, 58, 63}, {8, 8, 61, 63}}));
}

void TestRemiDecode::malformedSequences() {
    const RemiTokenizer tok{TokenizerConfig()};
    const Vocabulary& vocab = tok.vocabulary();
    struct Case {
        std::vector<std::int32_t> ids;
        int errors;
        std::size_t notes;
    };
    const auto id = [&](const char* t) { return vocab.id(t); };
    const std::int32_t size = static_cast<std::int32_t>(vocab.size());
    const std::vector<Case> cases{
        {{}, 0, 0},
        {{-1, size, 1 << 30, -2147483647 - 1}, 4, 0},
        {{id("PAD_None"), id("BOS_None"), id("EOS_None"), id("MASK_None")}, 0, 0},
        // Pitch at the very end, Pitch + Velocity at the end.
        {{id("Bar_None"), id("Position_0"), id("Pitch_60")}, 1, 0},
        {{id("Bar_None"), id("Position_0"), id("Pitch_60"), id("Velocity_63")}, 2, 0},
        // Velocity and Duration on their own.
        {{id("Velocity_63"), id("Duration_1.0.8")}, 2, 0},
        // Pitch without Position or Bar still decodes at tick 0, as in MidiTok.
        {{id("Pitch_60"), id("Velocity_63"), id("Duration_1.0.8")}, 0, 1},
        // Special tokens inside a note break it (MidiTok looks at fixed offsets).
        {{id("Bar_None"), id("Position_0"), id("Pitch_60"), id("PAD_None"), id("Velocity_63"),
          id("Duration_1.0.8")}, 3, 0},
        // A bad id between notes costs one error only.
        {{id("Bar_None"), id("Position_0"), id("Pitch_60"), id("Velocity_63"), id("Duration_1.0.8"),
          size + 5, id("Pitch_62"), id("Velocity_63"), id("Duration_1.0.8")}, 1, 2},
        // Position going backwards is decoded where it points, as MidiTok does.
        {{id("Bar_None"), id("Position_20"), id("Pitch_60"), id("Velocity_63"), id("Duration_1.0.8"),
          id("Position_2"), id("Pitch_62"), id("Velocity_63"), id("Duration_1.0.8")}, 0, 2},
    };
    for (const auto& c : cases) {
        const auto r = tok.decodeIds({c.ids});
        QCOMPARE(r.errors, c.errors);
        QCOMPARE(r.score.noteCount(), c.notes);
        verifyScoreInvariants(r, tok.config(), c.ids.size());
    }
    // Position beyond the bar (rich: Position_95 in 4/4) lands in the next bar, as in MidiTok.
    const RemiTokenizer rich{TokenizerConfig::rich()};
    const auto r = decodeTokens(rich, {{"Bar_None", "TimeSig_4/4", "Position_95", "Program_0", "Pitch_60",
                                        "Velocity_63", "Duration_1.0.8"}});
    QCOMPARE(r.errors, 0);
    QCOMPARE(r.score.tracks.at(0).notes.at(0).start, midi::Tick{190});
}

void TestRemiDecode::stringsOutsideTheVocabulary() {
    const RemiTokenizer tok{TokenizerConfig::rich()};
    const auto r = decodeTokens(tok, {{"Bar_None", "TimeSig_0/4", "TimeSig_4", "TimeSig_4/0", "Tempo_abc",
                                       "Tempo_nan", "Tempo_-5", "Position_0", "Position_-1", "Program_0",
                                       "Pitch_60x", "Pitch_60", "Velocity_63", "Duration_1.0.8", "",
                                       "_", "Pitch__60", "Duration_1.0", "Rest_0.0.0"}});
    QCOMPARE(r.errors, 13);
    QCOMPARE(r.score.noteCount(), std::size_t{1});
    // A TokenSequence with ids only is decoded from its ids.
    TokenSequence seq;
    seq.ids = {tok.vocabulary().id("Bar_None"), tok.vocabulary().id("TimeSig_4/4"),
               tok.vocabulary().id("Position_4"), tok.vocabulary().id("Program_0"),
               tok.vocabulary().id("Pitch_60"), tok.vocabulary().id("Velocity_63"),
               tok.vocabulary().id("Duration_1.0.8")};
    const auto fromIds = tok.decode({seq});
    QCOMPARE(fromIds.errors, 0);
    QCOMPARE(fromIds.score.tracks.at(0).notes.at(0).start, midi::Tick{8});
}

void TestRemiDecode::enormousBarCount() {
    const RemiTokenizer tok{TokenizerConfig()};
    const auto bar = tok.vocabulary().id("Bar_None");
    // 4-beat bars of 32 ticks: kMaxDecodedTick / 32 bars fit, the rest are refused.
    const std::size_t bars = 5'000'000;
    std::vector<std::int32_t> ids(bars, bar);
    for (const char* t : {"Position_0", "Pitch_60", "Velocity_63", "Duration_1.0.8"}) {
        ids.push_back(tok.vocabulary().id(t));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto r = tok.decodeIds({ids});
    const auto elapsed = std::chrono::steady_clock::now() - started;
    QVERIFY(elapsed < std::chrono::seconds(5));
    const int fitting = static_cast<int>(kMaxDecodedTick / 32) + 1;  // the first Bar adds no time
    // The refused bars, plus the note that would end past the cap (and its Velocity/Duration).
    QCOMPARE(r.errors, static_cast<int>(bars) - fitting + 3);
    verifyScoreInvariants(r, tok.config(), ids.size());
}

void TestRemiDecode::randomIdsAreSafe() {
    for (const auto& [name, config] : variedConfigs()) {
        const RemiTokenizer tok{config};
        const auto vocabSize = static_cast<std::int32_t>(tok.vocabulary().size());
        std::mt19937 rng(2024);
        std::uniform_int_distribution<std::int32_t> inVocab(0, vocabSize - 1);
        std::uniform_int_distribution<std::int32_t> any(-5, vocabSize + 5);
        for (int trial = 0; trial < 200; ++trial) {
            std::vector<std::vector<std::int32_t>> seqs(1 + trial % 3);
            std::size_t total = 0;
            for (auto& seq : seqs) {
                seq.resize(static_cast<std::size_t>((trial * 37) % 1500));
                for (auto& id : seq) id = trial % 4 == 0 ? any(rng) : inVocab(rng);
                total += seq.size();
            }
            const auto r = tok.decodeIds(seqs);
            verifyScoreInvariants(r, tok.config(), total);
        }
    }
}

void TestRemiDecode::grammarAcceptedSequencesDecodeCleanly_data() {
    QTest::addColumn<int>("configIndex");
    const auto configs = variedConfigs();
    for (std::size_t i = 0; i < configs.size(); ++i) QTest::newRow(configs[i].first.c_str()) << static_cast<int>(i);
}

void TestRemiDecode::grammarAcceptedSequencesDecodeCleanly() {
    QFETCH(int, configIndex);
    const RemiTokenizer tok{variedConfigs()[static_cast<std::size_t>(configIndex)].second};
    const RemiGrammar grammar(tok.config(), tok.vocabulary());
    std::mt19937 rng(77 + configIndex);
    std::vector<std::uint8_t> mask;
    for (int walk = 0; walk < 30; ++walk) {
        RemiGrammar::State state = grammar.initialState();
        std::vector<std::int32_t> ids;
        std::size_t notes = 0;
        const int length = 20 + walk * 20;
        while (static_cast<int>(ids.size()) < length || !grammar.canEnd(state)) {
            grammar.allowedNext(state, mask);
            std::vector<std::int32_t> allowed;
            for (std::size_t id = 0; id < mask.size(); ++id) {
                const auto& t = tok.vocabulary().token(static_cast<std::int32_t>(id));
                if (mask[id] && t.rfind("EOS", 0) != 0 && t.rfind("PAD", 0) != 0) allowed.push_back(static_cast<std::int32_t>(id));
            }
            QVERIFY(!allowed.empty());
            const auto id = allowed[std::uniform_int_distribution<std::size_t>(0, allowed.size() - 1)(rng)];
            const auto& t = tok.vocabulary().token(id);
            if (t.rfind("Pitch", 0) == 0 && t.rfind("PitchBend", 0) != 0) ++notes;
            QVERIFY(grammar.advance(state, id));
            ids.push_back(id);
            QVERIFY(ids.size() < 100000);
        }
        QVERIFY(!grammar.check(ids));
        const auto r = tok.decodeIds({ids});
        if (r.errors != 0) QFAIL(qPrintable(QString("walk %1 decoded with %2 errors").arg(walk).arg(r.errors)));
        QCOMPARE(r.score.noteCount(), notes);
    }
}

void TestRemiDecode::referenceFilesDecode_data() {
    QTest::addColumn<QString>("configName");
    QTest::newRow("default") << "default";
    QTest::newRow("rich") << "rich";
}

void TestRemiDecode::referenceFilesDecode() {
    QFETCH(QString, configName);
    const QString root = referenceRoot();
    if (root.isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/reference/miditok-remi not available");
    const RemiTokenizer tok{referenceConfig(root, configName)};
    const auto files = referenceFiles(root, configName);
    QCOMPARE(files.size(), std::size_t{6});
    for (const auto& file : files) {
        const auto r = tok.decodeIds(file.ids);
        QCOMPARE(r.errors, 0);
        QCOMPARE(r.score.ticksPerQuarter, configName == "rich" ? 16 : 8);
        std::size_t expectedNotes = 0;
        for (int n : file.trackNoteCounts) expectedNotes += static_cast<std::size_t>(n);
        QCOMPARE(r.score.noteCount(), expectedNotes);
        if (configName == "default") {
            QCOMPARE(r.score.tracks.size(), file.trackNoteCounts.size());
            for (std::size_t i = 0; i < r.score.tracks.size(); ++i) {
                QCOMPARE(r.score.tracks[i].notes.size(), static_cast<std::size_t>(file.trackNoteCounts[i]));
            }
        }
        // Decoding the token strings gives the same score as decoding the ids.
        const auto fromStrings = decodeTokens(tok, file.tokens);
        QCOMPARE(fromStrings.errors, 0);
        QCOMPARE(fromStrings.score.noteCount(), expectedNotes);
    }
}

void TestRemiDecode::referenceFilesRoundTrip_data() { referenceFilesDecode_data(); }

// decode then encode gives MidiTok's tokens back, which checks decoding and encoding together.
void TestRemiDecode::referenceFilesRoundTrip() {
    QFETCH(QString, configName);
    const QString root = referenceRoot();
    if (root.isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/reference/miditok-remi not available");
    const RemiTokenizer tok{referenceConfig(root, configName)};
    for (const auto& file : referenceFiles(root, configName)) {
        auto decoded = tok.decodeIds(file.ids).score;
        if (configName == "default") {
            // Per-track sequences do not say which track is drums (MidiTok's decode takes that
            // from its `programs` argument); restore it from the reference's track list.
            for (std::size_t i = 0; i < decoded.tracks.size(); ++i) {
                decoded.tracks[i].isDrum = file.trackIsDrum[i];
            }
        } else {
            // One stream: decoding orders tracks by first appearance (as MidiTok does), while
            // the encoder interleaves simultaneous notes in the original track order. Restore
            // that order from the reference's track list.
            auto rank = [&](const midi::Track& t) {
                for (std::size_t i = 0; i < file.trackPrograms.size(); ++i) {
                    // Decoded drum tracks are program 0, as in MidiTok.
                    if (file.trackIsDrum[i] == t.isDrum && (t.isDrum || file.trackPrograms[i] == t.program)) {
                        return i;
                    }
                }
                return file.trackPrograms.size();
            };
            std::stable_sort(decoded.tracks.begin(), decoded.tracks.end(),
                             [&](const midi::Track& a, const midi::Track& b) { return rank(a) < rank(b); });
        }
        const auto again = tok.encodeIds(decoded);
        QCOMPARE(again.size(), file.ids.size());
        for (std::size_t s = 0; s < again.size(); ++s) {
            const auto& want = file.ids[s];
            const auto& got = again[s];
            const std::size_t n = std::min(want.size(), got.size());
            std::size_t i = 0;
            while (i < n && want[i] == got[i]) ++i;
            if (i != want.size() || i != got.size()) {
                QFAIL(qPrintable(QString("%1 seq %2: first difference at token %3 of %4/%5: %6 vs %7")
                                     .arg(QString::fromStdString(file.path))
                                     .arg(s).arg(i).arg(want.size()).arg(got.size())
                                     .arg(QString::fromStdString(i < want.size() ? tok.vocabulary().token(want[i]) : "<end>"))
                                     .arg(QString::fromStdString(i < got.size() ? tok.vocabulary().token(got[i]) : "<end>"))));
            }
        }
    }
}

QTEST_APPLESS_MAIN(TestRemiDecode)
#include "tst_remidecode.moc"
