// REMI encoding rules on hand-built scores. Expected tokens are worked out by hand from MidiTok
// 3.0.6's source (preprocess_score, _create_track_events, REMI._add_time_events, ...); the
// comments give the arithmetic.
#include <QtTest>

#include <algorithm>

#include "SmfTestBytes.h"
#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::remi;

namespace {

midi::Note note(midi::Tick start, midi::Tick duration, int pitch, int velocity = 100) {
    midi::Note n;
    n.start = start;
    n.duration = duration;
    n.pitch = static_cast<std::uint8_t>(pitch);
    n.velocity = static_cast<std::uint8_t>(velocity);
    return n;
}

midi::Track track(std::vector<midi::Note> notes, int program = 0, bool drum = false) {
    midi::Track t;
    t.program = program;
    t.isDrum = drum;
    t.channel = drum ? 9 : 0;
    t.notes = std::move(notes);
    return t;
}

midi::Score score(int tpq, std::vector<midi::Track> tracks) {
    midi::Score s;
    s.ticksPerQuarter = tpq;
    s.tracks = std::move(tracks);
    return s;
}

std::string join(const TokenSequence& seq) {
    std::string out;
    for (const auto& t : seq.tokens) out += (out.empty() ? "" : " ") + t;
    return out;
}

// Encodes and checks that ids and strings agree with the vocabulary.
std::vector<std::string> encode(const TokenizerConfig& config, const midi::Score& s) {
    const RemiTokenizer tok(config);
    const auto seqs = tok.encode(s);
    std::vector<std::string> out;
    for (const auto& seq : seqs) {
        if (seq.ids.size() != seq.tokens.size()) return {"<ids and tokens differ in length>"};
        for (std::size_t i = 0; i < seq.ids.size(); ++i) {
            const bool known = seq.ids[i] >= 0;
            if (known && tok.vocabulary().token(seq.ids[i]) != seq.tokens[i]) return {"<id mismatch>"};
            if (!known && tok.vocabulary().id(seq.tokens[i]) >= 0) return {"<known token with id -1>"};
        }
        out.push_back(join(seq));
    }
    return out;
}

std::string encodeOne(const TokenizerConfig& config, const midi::Score& s) {
    const auto seqs = encode(config, s);
    return seqs.size() == 1 ? seqs[0] : "<" + std::to_string(seqs.size()) + " sequences>";
}

TokenizerConfig with(void (*edit)(TokenizerConfig&)) {
    TokenizerConfig c;
    edit(c);
    c.normalize();
    return c;
}

}  // namespace

class TstRemiEncode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Issue 13: a note-on with velocity 204 (real collections have them). symusic 0.5.8 stores it
    // as int8 -52 and MidiTok bins that to its lowest velocity: our tokens must say the same,
    // byte for byte the same as a file with velocity 1 (and, for other velocities, unchanged).
    void velocityAbove127TokenizesLikeMidiTok() {
        using namespace mozart::midi::test;
        auto tokensOf = [](std::uint8_t velocity) {
            TrackBytes t;
            t.ev(0, {0x90, 60, velocity}).ev(96, {0x80, 60, 0}).endOfTrack();
            const Bytes file = smf(1, 96, {t});
            const auto read = mozart::midi::SmfReader::parse(file.data(), file.size(), "v.mid");
            return RemiTokenizer(TokenizerConfig()).encode(*read.score).at(0).tokens;
        };
        const auto high = tokensOf(204);
        QVERIFY(std::find(high.begin(), high.end(), "Velocity_3") != high.end());  // MidiTok's lowest bin
        QCOMPARE(high, tokensOf(1));
        QCOMPARE(tokensOf(127), tokensOf(126));  // ordinary velocities still bin normally
        QVERIFY(tokensOf(127) != high);
    }

    void velocityAndDurationBins() {
        // velocity bins 3, 7, ..., 127: 64 -> 63, ties go up (5 -> 7, 65 -> 67).
        // durations at 8 ticks/beat: 33 ticks ties between 32 and 34 -> 34 = 4 beats + 1/4 -> 4.1.4;
        // 200 ticks clip to the longest, 12.0.4.
        const auto s = score(8, {track({note(0, 8, 60, 64), note(0, 4, 64, 5), note(12, 33, 67, 65),
                                        note(40, 200, 72, 127)})});
        QCOMPARE(encodeOne(TokenizerConfig(), s),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_63 Duration_1.0.8 Pitch_64 Velocity_7 "
                             "Duration_0.4.8 Position_12 Pitch_67 Velocity_67 Duration_4.1.4 Bar_None Position_8 "
                             "Pitch_72 Velocity_127 Duration_12.0.4"));
    }

    void notesKeepFileOrder() {
        // Simultaneous notes are not sorted by pitch.
        const auto s = score(8, {track({note(0, 8, 64), note(0, 8, 60), note(0, 8, 67)})});
        QCOMPARE(encodeOne(TokenizerConfig(), s),
                 std::string("Bar_None Position_0 Pitch_64 Velocity_99 Duration_1.0.8 Pitch_60 Velocity_99 "
                             "Duration_1.0.8 Pitch_67 Velocity_99 Duration_1.0.8"));
    }

    void resamplingRoundsHalfAwayFromZero() {
        // 480 -> 8 ticks/quarter: 30 -> 0.5 -> 1, 90 -> 1.5 -> 2, 150 -> 2.5 -> 3 (not 2);
        // a 0-tick duration becomes 1 (min_dur); 10 ticks -> 0.17 -> 0 -> 1.
        const auto s = score(480, {track({note(30, 0, 60), note(90, 10, 61), note(150, 60, 62)})});
        QCOMPARE(encodeOne(TokenizerConfig(), s),
                 std::string("Bar_None Position_1 Pitch_60 Velocity_99 Duration_0.1.8 Position_2 Pitch_61 "
                             "Velocity_99 Duration_0.1.8 Position_3 Pitch_62 Velocity_99 Duration_0.1.8"));
    }

    void zeroDurationWithoutResampling() {
        // Already at 8 ticks/quarter: no resampling, the 0 duration snaps to the first bin.
        const auto s = score(8, {track({note(0, 0, 60)})});
        QCOMPARE(encodeOne(TokenizerConfig(), s), std::string("Bar_None Position_0 Pitch_60 Velocity_99 Duration_0.1.8"));
    }

    void emptyBarsAndPitchFilter() {
        // Pitches 20 and 110 are outside 21..109: deleted. Bars 1 and 2 are empty but counted.
        const auto s = score(8, {track({note(0, 8, 20), note(8, 8, 21), note(70, 8, 110), note(72, 8, 109)})});
        QCOMPARE(encodeOne(TokenizerConfig(), s),
                 std::string("Bar_None Position_8 Pitch_21 Velocity_99 Duration_1.0.8 Bar_None Bar_None Position_8 "
                             "Pitch_109 Velocity_99 Duration_1.0.8"));
    }

    void tracksAndEmptyScores() {
        // One sequence per track; a track left without notes is deleted; no track -> one empty sequence.
        const auto s = score(8, {track({note(0, 8, 60)}, 0), track({note(0, 8, 10)}, 1), track({note(8, 8, 62)}, 2)});
        const auto seqs = encode(TokenizerConfig(), s);
        QCOMPARE(seqs.size(), std::size_t(2));
        QCOMPARE(seqs[1], std::string("Bar_None Position_8 Pitch_62 Velocity_99 Duration_1.0.8"));
        QCOMPARE(encode(TokenizerConfig(), score(480, {})), std::vector<std::string>{""});
        QCOMPARE(encode(TokenizerConfig(), score(480, {track({})})), std::vector<std::string>{""});
        // The rich configuration always has a time signature and a tempo.
        QCOMPARE(encode(TokenizerConfig::rich(), score(480, {})),
                 std::vector<std::string>{"Bar_None TimeSig_4/4 Position_0 Tempo_121.29"});
    }

    void drums() {
        // PitchDrum tokens within 27..88; without them, Pitch tokens within 21..109.
        const auto s = score(8, {track({note(0, 8, 35), note(0, 8, 26), note(4, 8, 90)}, 0, true)});
        QCOMPARE(encodeOne(TokenizerConfig(), s), std::string("Bar_None Position_0 PitchDrum_35 Velocity_99 Duration_1.0.8"));
        const auto noDrumTokens = with([](TokenizerConfig& c) { c.usePitchdrumTokens = false; });
        QCOMPARE(encodeOne(noDrumTokens, s),
                 std::string("Bar_None Position_0 Pitch_35 Velocity_99 Duration_1.0.8 Pitch_26 Velocity_99 "
                             "Duration_1.0.8 Position_4 Pitch_90 Velocity_99 Duration_1.0.8"));
    }

    void noVelocitiesNoDurations() {
        const auto s = score(8, {track({note(0, 8, 60), note(8, 4, 62)})});
        QCOMPARE(encodeOne(with([](TokenizerConfig& c) { c.useVelocities = false; }), s),
                 std::string("Bar_None Position_0 Pitch_60 Duration_1.0.8 Position_8 Pitch_62 Duration_0.4.8"));
        QCOMPARE(encodeOne(with([](TokenizerConfig& c) { c.useNoteDurationPrograms = {1, 2}; }), s),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_99 Position_8 Pitch_62 Velocity_99"));
    }

    void rests() {
        // Gap from the end of the first note (8) to 40 = 32 ticks = Rest_4.0.2. The rest crosses
        // the bar line at 32 without a Bar token; the position is counted from that bar.
        const auto c = with([](TokenizerConfig& c) { c.useRests = true; });
        const auto s = score(8, {track({note(0, 8, 60), note(40, 8, 62), note(51, 2, 64)})});
        // 48 -> 51: 3 ticks = Rest_0.3.8
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Rest_4.0.2 Position_8 Pitch_62 "
                             "Velocity_99 Duration_1.0.8 Rest_0.3.8 Position_19 Pitch_64 Velocity_99 Duration_0.2.8"));
        // A long gap: 8 -> 200 = 192 ticks = 24 beats = Rest_12.0.2 twice; bar count follows.
        const auto s2 = score(8, {track({note(0, 8, 60), note(200, 8, 62)})});
        QCOMPARE(encodeOne(c, s2),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Rest_12.0.2 Rest_12.0.2 "
                             "Position_8 Pitch_62 Velocity_99 Duration_1.0.8"));
    }

    void tempos() {
        // 500000 us/quarter snaps (in us/quarter) to the 121.29 bin; 1e6 to 60.32 (994695.6 -> 994695
        // -> 60.32000...). Of two tempos at one tick the last is kept. Default tempo at 0 when absent.
        const auto c = with([](TokenizerConfig& c) { c.useTempos = true; });
        auto s = score(8, {track({note(0, 8, 60), note(16, 8, 62)})});
        s.tempos = {{0, 500000}, {16, 400000}, {16, 1000000}};
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Tempo_121.29 Pitch_60 Velocity_99 Duration_1.0.8 Position_16 "
                             "Tempo_60.32 Pitch_62 Velocity_99 Duration_1.0.8"));
        s.tempos = {{16, 300000}};  // 200 qpm -> bin 202.58
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Tempo_121.29 Pitch_60 Velocity_99 Duration_1.0.8 Position_16 "
                             "Tempo_202.58 Pitch_62 Velocity_99 Duration_1.0.8"));
        auto logc = c;
        logc.logTempos = true;  // geomspace bins: 500000 us (120 qpm) -> 122.99
        s.tempos = {{0, 500000}};
        QCOMPARE(encodeOne(logc, s),
                 std::string("Bar_None Position_0 Tempo_122.99 Pitch_60 Velocity_99 Duration_1.0.8 Position_16 "
                             "Pitch_62 Velocity_99 Duration_1.0.8"));
    }

    void timeSignatureChangesAndMixedDenominators() {
        // tpq 16 (a /8 signature is kept): 3/4 bars are 48 ticks; the 6/8 at 50 moves to the next
        // bar line, 96. Before it, onsets snap to multiples of 2 (half to even: 5 -> 4). In 6/8 a
        // beat is 8 ticks and a position 1 tick; durations are counted in eighths.
        const auto c = with([](TokenizerConfig& c) { c.useTimeSignatures = true; });
        auto s = score(16, {track({note(0, 16, 60), note(5, 8, 62), note(97, 8, 64), note(100, 3, 65)})});
        s.timeSignatures = {{0, 3, 4}, {50, 6, 8}};
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None TimeSig_3/4 Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Position_2 Pitch_62 "
                             "Velocity_99 Duration_0.4.8 Bar_None TimeSig_3/4 Bar_None TimeSig_6/8 Position_1 Pitch_64 "
                             "Velocity_99 Duration_1.0.8 Position_4 Pitch_65 Velocity_99 Duration_0.3.8"));
    }

    void unsupportedAndRepeatedTimeSignatures() {
        // 7/4 is not in the vocabulary: dropped, 4/4 inserted at 0. 3/4 at 10 moves to bar line 32;
        // the repeated 3/4 is dropped. Resampled 480 -> 8 with truncation: 1000 -> 16.67 -> 16.
        const auto c = with([](TokenizerConfig& c) { c.useTimeSignatures = true; });
        auto s = score(8, {track({note(0, 8, 60), note(32, 8, 62), note(56, 8, 64)})});
        s.timeSignatures = {{0, 7, 4}, {10, 3, 4}, {40, 3, 4}};
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None TimeSig_4/4 Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Bar_None TimeSig_3/4 "
                             "Position_0 Pitch_62 Velocity_99 Duration_1.0.8 Bar_None TimeSig_3/4 Position_0 Pitch_64 "
                             "Velocity_99 Duration_1.0.8"));
        auto r = score(480, {track({note(0, 480, 60), note(1440, 480, 62)})});
        r.timeSignatures = {{0, 2, 4}, {1000, 3, 4}};  // 1000 -> 16 (a 2/4 bar line), not 17
        QCOMPARE(encodeOne(c, r),
                 std::string("Bar_None TimeSig_2/4 Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Bar_None TimeSig_3/4 "
                             "Position_8 Pitch_62 Velocity_99 Duration_1.0.8"));
    }

    void chords() {
        const auto c = with([](TokenizerConfig& c) { c.useChords = true; });
        const auto s = score(8, {track({note(0, 8, 60), note(0, 8, 64), note(0, 8, 67)})});
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Chord_maj Pitch_60 Velocity_99 Duration_1.0.8 Pitch_64 Velocity_99 "
                             "Duration_1.0.8 Pitch_67 Velocity_99 Duration_1.0.8"));
        auto root = c;
        root.chordTokensWithRootNote = true;
        const auto d = score(8, {track({note(8, 8, 62), note(8, 8, 65), note(8, 8, 69), note(8, 8, 72)})});
        QVERIFY(encodeOne(root, d).find("Position_8 Chord_D:7min Pitch_62") != std::string::npos);
        // Intervals are taken in file order: (67, 60, 64) is no chord.
        const auto unordered = score(8, {track({note(0, 8, 67), note(0, 8, 60), note(0, 8, 64)})});
        QVERIFY(encodeOne(c, unordered).find("Chord") == std::string::npos);
        // Unknown chords: "ukn3" without root is not a vocabulary token (MidiTok raises KeyError).
        auto unknown = c;
        unknown.chordUnknown = std::make_pair(3, 6);
        const auto cluster = score(8, {track({note(0, 8, 60), note(0, 8, 61), note(0, 8, 62)})});
        const RemiTokenizer tok(unknown);
        const auto seq = tok.encode(cluster).at(0);
        QCOMPARE(seq.tokens.at(2), std::string("Chord_ukn3"));
        QCOMPARE(seq.ids.at(2), -1);
        unknown.chordTokensWithRootNote = true;
        QVERIFY(encodeOne(unknown, cluster).find("Position_0 Chord_C:ukn3 Pitch_60") != std::string::npos);
    }

    void programsOneStreamWithProgramChanges() {
        // Same-program tracks merge (notes re-sorted by time, duration, pitch); a Program token
        // only where the program changes.
        const auto c = with([](TokenizerConfig& c) {
            c.usePrograms = true;
            c.oneTokenStreamForPrograms = true;
            c.programChanges = true;
        });
        const auto s = score(8, {track({note(0, 8, 60)}, 0), track({note(0, 8, 70), note(8, 8, 72)}, 40),
                                 track({note(0, 4, 55)}, 0)});
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Program_0 Pitch_55 Velocity_99 Duration_0.4.8 Pitch_60 Velocity_99 "
                             "Duration_1.0.8 Program_40 Pitch_70 Velocity_99 Duration_1.0.8 Position_8 Pitch_72 "
                             "Velocity_99 Duration_1.0.8"));
        auto each = c;
        each.programChanges = false;  // a Program token before every note
        QCOMPARE(encodeOne(each, s),
                 std::string("Bar_None Position_0 Program_0 Pitch_55 Velocity_99 Duration_0.4.8 Program_0 Pitch_60 "
                             "Velocity_99 Duration_1.0.8 Program_40 Pitch_70 Velocity_99 Duration_1.0.8 Position_8 "
                             "Program_40 Pitch_72 Velocity_99 Duration_1.0.8"));
    }

    void programsPerTrack() {
        // Programs without one stream: one sequence per track; with program changes each starts
        // with its Program token (before the first Bar). Drums are program -1.
        const auto c = with([](TokenizerConfig& c) {
            c.usePrograms = true;
            c.oneTokenStreamForPrograms = false;
            c.programChanges = true;
        });
        const auto s = score(8, {track({note(0, 8, 60)}, 5), track({note(0, 8, 36)}, 0, true)});
        const auto seqs = encode(c, s);
        QCOMPARE(seqs.size(), std::size_t(2));
        QCOMPARE(seqs[0], std::string("Program_5 Bar_None Position_0 Pitch_60 Velocity_99 Duration_1.0.8"));
        QCOMPARE(seqs[1], std::string("Program_-1 Bar_None Position_0 PitchDrum_36 Velocity_99 Duration_1.0.8"));
        // Programs outside config.programs are dropped with their tracks.
        auto limited = c;
        limited.programs = {5};
        limited.normalize();
        QCOMPARE(encode(limited, s).size(), std::size_t(1));
    }

    void sustainPedals() {
        const auto c = with([](TokenizerConfig& c) { c.useSustainPedals = true; });
        auto t = track({note(0, 8, 60)});
        t.pedals = {{0, 8}, {4, 12}};  // overlapping: merged into (0, 16)
        QCOMPARE(encodeOne(c, score(8, {t})),
                 std::string("Bar_None Position_0 Pedal_0 Pitch_60 Velocity_99 Duration_1.0.8 Position_16 PedalOff_0"));
        auto d = c;
        d.sustainPedalDuration = true;
        d.normalize();
        QCOMPARE(encodeOne(d, score(8, {t})),
                 std::string("Bar_None Position_0 Pedal_0 Duration_2.0.8 Pitch_60 Velocity_99 Duration_1.0.8"));
        // A track with only a pedal is kept when pedals are tokenized.
        auto only = track({});
        only.pedals = {{8, 8}};
        QCOMPARE(encodeOne(c, score(8, {only})), std::string("Bar_None Position_8 Pedal_0 Position_16 PedalOff_0"));
        // With programs, the pedal carries the track's program.
        auto p = with([](TokenizerConfig& c) {
            c.useSustainPedals = true;
            c.usePrograms = true;
            c.oneTokenStreamForPrograms = true;
        });
        auto t2 = track({}, 3);
        t2.pedals = {{0, 8}};
        QCOMPARE(encodeOne(p, score(8, {t2})), std::string("Bar_None Position_0 Pedal_3 Position_8 PedalOff_3"));
    }

    void pitchBends() {
        // Bins linspace(-8192, 8191, 32) floored: 0 -> 263 (closer than -265); at one tick the
        // value of largest magnitude stays: 100 -> 263, -4000 -> -3965.
        const auto c = with([](TokenizerConfig& c) { c.usePitchBends = true; });
        auto t = track({note(0, 8, 60)});
        t.pitchBends = {{0, 0}, {8, 100}, {8, -4000}};
        QCOMPARE(encodeOne(c, score(8, {t})),
                 std::string("Bar_None Position_0 PitchBend_263 Pitch_60 Velocity_99 Duration_1.0.8 Position_8 "
                             "PitchBend_-3965"));
    }

    void duplicatedNotes() {
        // Sorted by (time, pitch, duration, velocity), then one note per (time, pitch) kept.
        const auto c = with([](TokenizerConfig& c) { c.removeDuplicatedNotes = true; });
        const auto s = score(8, {track({note(0, 8, 62), note(0, 8, 60), note(0, 4, 60, 20)})});
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_19 Duration_0.4.8 Pitch_62 Velocity_99 Duration_1.0.8"));
    }

    void barOptions() {
        const auto s = score(8, {track({note(0, 8, 60), note(70, 8, 62)})});
        const auto ends = with([](TokenizerConfig& c) { c.useBarEndTokens = true; });
        QCOMPARE(encodeOne(ends, s),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Bar_End Bar_None Bar_End Bar_None "
                             "Position_6 Pitch_62 Velocity_99 Duration_1.0.8"));
        // max_bar_embedding: MidiTok numbers the i-th of several new bars current_bar + i (1, then 3).
        const auto numbered = with([](TokenizerConfig& c) { c.maxBarEmbedding = 4; });
        QCOMPARE(encodeOne(numbered, s),
                 std::string("Bar_0 Position_0 Pitch_60 Velocity_99 Duration_1.0.8 Bar_1 Bar_3 Position_6 Pitch_62 "
                             "Velocity_99 Duration_1.0.8"));
        const auto trailing = with([](TokenizerConfig& c) { c.addTrailingBars = true; });
        const auto longNote = score(8, {track({note(0, 96, 60)})});
        QCOMPARE(encodeOne(trailing, longNote),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_99 Duration_12.0.4 Bar_None Bar_None Bar_None"));
    }

    void pitchIntervals() {
        // Onsets within a beat of the previous one and within 16 semitones become intervals.
        const auto c = with([](TokenizerConfig& c) { c.usePitchIntervals = true; });
        const auto s = score(8, {track({note(0, 8, 60), note(0, 8, 64), note(0, 8, 90), note(4, 8, 62), note(40, 8, 70)})});
        QCOMPARE(encodeOne(c, s),
                 std::string("Bar_None Position_0 Pitch_60 Velocity_99 Duration_1.0.8 PitchIntervalChord_4 Velocity_99 "
                             "Duration_1.0.8 Pitch_90 Velocity_99 Duration_1.0.8 Position_4 Pitch_62 Velocity_99 "
                             "Duration_1.0.8 Bar_None Position_8 Pitch_70 Velocity_99 Duration_1.0.8"));
    }

    void refusesAbsurdlyLongScores() {
        // A note 2^30 ticks in (at 8 ticks/quarter) would need 33 million Bar tokens.
        const RemiTokenizer tok{TokenizerConfig()};
        std::string error;
        const auto seqs = tok.encode(score(8, {track({note(0, 8, 60), note(midi::Tick{1} << 30, 8, 62)})}), &error);
        QVERIFY(!error.empty());
        QCOMPARE(seqs.size(), std::size_t(1));
        QVERIFY(seqs[0].tokens.empty());
        tok.encode(score(8, {track({note(0, 8, 60)})}), &error);
        QVERIFY(error.empty());
    }

    void oddInputDoesNotCrash() {
        std::vector<TokenizerConfig> configs{TokenizerConfig(), TokenizerConfig::rich()};
        TokenizerConfig broken;
        broken.beatRes.clear();
        broken.numVelocities = 0;
        broken.useTimeSignatures = true;
        broken.useRests = true;
        broken.timeSignatureRange = {{0, {4}}, {3, {0, 7}}, {4, {4}}};
        broken.useTempos = true;
        broken.numTempos = 0;
        configs.push_back(broken);
        TokenizerConfig everything = TokenizerConfig::rich();
        everything.useSustainPedals = everything.sustainPedalDuration = everything.usePitchBends = true;
        everything.usePitchIntervals = everything.removeDuplicatedNotes = everything.logTempos = true;
        everything.useBarEndTokens = everything.addTrailingBars = everything.chordTokensWithRootNote = true;
        everything.chordUnknown = std::make_pair(3, 4);
        everything.maxBarEmbedding = 2;
        everything.timeSignatureRange[16] = {3, 5};
        everything.timeSignatureRange[2] = {2};
        everything.normalize();
        configs.push_back(everything);
        everything.oneTokenStreamForPrograms = false;
        everything.sustainPedalDuration = false;
        configs.push_back(everything);

        std::vector<midi::Score> scores;
        scores.push_back(score(0, {track({note(0, 8, 60)})}));
        scores.push_back(score(1, {track({note(3, 0, 127, 0), note(1, 7, 0, 255), note(-5, 2, 60)}, 127),
                                   track({note(0, 1, 40)}, 0, true)}));
        auto busy = score(7, {track({note(0, 3, 60), note(0, 3, 64), note(0, 3, 67), note(1, 3, 71), note(2, 100000, 50)}, 3)});
        busy.tracks[0].pedals = {{0, 5}, {0, 5}, {3, 0}, {2, 40}, {-4, 2}};
        busy.tracks[0].pitchBends = {{0, 8191}, {0, -8192}, {5, 0}, {5, 3}, {1, -1}};
        busy.tempos = {{0, 1}, {0, 2147483647}, {3, 0}, {3, 500000}, {-1, 400000}};
        busy.timeSignatures = {{0, 0, 0}, {1, 255, 128}, {2, 3, 16}, {5, 2, 2}, {5, 6, 8}, {9, 3, 4}};
        scores.push_back(busy);
        auto onlyControls = score(96, {track({}, 5)});
        onlyControls.tracks[0].pedals = {{10, 10}};
        onlyControls.tracks[0].pitchBends = {{3, 100}};
        onlyControls.tempos = {{50, 600000}};
        scores.push_back(onlyControls);

        for (const auto& config : configs) {
            const RemiTokenizer tok(config);
            for (const auto& s : scores) {
                std::string error;
                const auto seqs = tok.encode(s, &error);
                QVERIFY(!seqs.empty());
                for (const auto& seq : seqs) QCOMPARE(seq.tokens.size(), seq.ids.size());
                const auto ids = tok.encodeIds(s);
                QCOMPARE(ids.size(), seqs.size());
            }
        }
    }

    void randomScoresAcrossConfigs() {
        // Random scores through configurations with every option: no crash, consistent output,
        // deterministic, and one sequence per remaining track (or exactly one).
        std::vector<TokenizerConfig> configs{TokenizerConfig(), TokenizerConfig::rich()};
        TokenizerConfig all = TokenizerConfig::rich();
        all.useSustainPedals = all.usePitchBends = all.usePitchIntervals = true;
        all.removeDuplicatedNotes = all.useBarEndTokens = all.addTrailingBars = true;
        all.chordUnknown = std::make_pair(3, 6);
        all.chordTokensWithRootNote = true;
        all.normalize();
        configs.push_back(all);
        all.sustainPedalDuration = true;
        all.oneTokenStreamForPrograms = false;
        all.normalize();
        configs.push_back(all);
        all.programChanges = false;
        all.maxBarEmbedding = 8;
        all.useVelocities = false;
        configs.push_back(all);

        std::uint32_t seed = 12345;
        auto rnd = [&seed](int n) {
            seed = seed * 1664525u + 1013904223u;
            return static_cast<int>((seed >> 8) % static_cast<std::uint32_t>(n));
        };
        const int tpqs[] = {1, 7, 8, 16, 24, 96, 120, 384, 480, 960};
        for (int iteration = 0; iteration < 60; ++iteration) {
            midi::Score s;
            s.ticksPerQuarter = tpqs[rnd(10)];
            const int span = s.ticksPerQuarter * 4 * (1 + rnd(12));
            for (int t = rnd(5); t > 0; --t) {
                midi::Track tr;
                tr.program = rnd(128);
                tr.isDrum = rnd(6) == 0;
                for (int n = rnd(60); n > 0; --n) tr.notes.push_back(note(rnd(span), rnd(s.ticksPerQuarter * 6 + 1), rnd(128), 1 + rnd(127)));
                for (int p = rnd(4); p > 0; --p) tr.pedals.push_back({rnd(span), rnd(span / 2 + 1)});
                for (int b = rnd(4); b > 0; --b) tr.pitchBends.push_back({rnd(span), static_cast<std::int16_t>(rnd(16384) - 8192)});
                s.tracks.push_back(tr);
            }
            for (int k = rnd(4); k > 0; --k) s.tempos.push_back({rnd(span), 200000 + rnd(1500000)});
            std::sort(s.tempos.begin(), s.tempos.end(), [](const midi::Tempo& a, const midi::Tempo& b) { return a.time < b.time; });
            const std::pair<int, int> sigs[] = {{4, 4}, {3, 4}, {6, 8}, {2, 2}, {5, 4}, {7, 8}, {12, 8}, {3, 8}};
            for (int k = rnd(4); k > 0; --k) {
                const auto sig = sigs[rnd(8)];
                s.timeSignatures.push_back({rnd(span), sig.first, sig.second});
            }
            std::sort(s.timeSignatures.begin(), s.timeSignatures.end(),
                      [](const midi::TimeSignature& a, const midi::TimeSignature& b) { return a.time < b.time; });
            for (const auto& config : configs) {
                const RemiTokenizer tok(config);
                const auto a = tok.encode(s);
                const auto b = tok.encode(s);
                QVERIFY(!a.empty());
                if (config.oneTokenStreamForPrograms) QCOMPARE(a.size(), std::size_t(1));
                QCOMPARE(a.size(), b.size());
                for (std::size_t i = 0; i < a.size(); ++i) {
                    QCOMPARE(a[i].tokens, b[i].tokens);
                    QCOMPARE(a[i].tokens.size(), a[i].ids.size());
                    for (std::size_t k = 0; k < a[i].ids.size(); ++k)
                        if (a[i].ids[k] >= 0) QCOMPARE(tok.vocabulary().token(a[i].ids[k]), a[i].tokens[k]);
                }
            }
        }
    }

    void idsOnlyPathMatches() {
        const RemiTokenizer tok(TokenizerConfig::rich());
        const auto s = score(96, {track({note(0, 96, 60), note(48, 48, 64)}, 1), track({note(24, 24, 40)}, 33)});
        const auto seqs = tok.encode(s);
        const auto ids = tok.encodeIds(s);
        QCOMPARE(ids.size(), seqs.size());
        QCOMPARE(ids[0], seqs[0].ids);
    }
};

QTEST_APPLESS_MAIN(TstRemiEncode)
#include "tst_remiencode.moc"
