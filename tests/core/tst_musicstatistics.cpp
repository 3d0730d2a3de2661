// The music statistics (MusPy's definitions, core/eval/MusicStatistics.h) on hand-made scores
// whose answers are known: a C major scale, a bar left empty, chords, drums, a 3/4 piece, the
// twelve pitch classes, an empty score.
#include <QtTest/QtTest>

#include <cmath>

#include "eval/MusicStatistics.h"

using namespace mozart;
using namespace mozart::eval;

namespace {

constexpr int kTpq = 480;

midi::Score scoreOf(std::vector<midi::Note> notes, int numerator = 4, int denominator = 4) {
    midi::Score s;
    s.ticksPerQuarter = kTpq;
    s.timeSignatures = {{0, numerator, denominator}};
    midi::Track t;
    t.notes = std::move(notes);
    s.tracks = {t};
    return s;
}

midi::Note note(double beat, double beats, int pitch, int velocity = 80) {
    return {midi::Tick(beat * kTpq), midi::Tick(beats * kTpq), std::uint8_t(pitch), std::uint8_t(velocity)};
}

midi::Score cMajorScale() {
    std::vector<midi::Note> notes;
    const int pitches[] = {60, 62, 64, 65, 67, 69, 71, 72};
    for (int i = 0; i < 8; ++i) notes.push_back(note(i, 1, pitches[i]));
    return scoreOf(notes);
}

}  // namespace

class TestMusicStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cMajorScale() {
        const StatisticValues v = computeStatistics(::cMajorScale());
        QCOMPARE(v[int(Statistic::PitchRange)], 12.0);
        QCOMPARE(v[int(Statistic::PitchClassesUsed)], 7.0);
        QCOMPARE(v[int(Statistic::PitchEntropy)], 3.0);          // 8 pitches once each
        QCOMPARE(v[int(Statistic::PitchClassEntropy)], 2.75);    // C twice, six others once
        QCOMPARE(v[int(Statistic::Polyphony)], 1.0);
        QCOMPARE(v[int(Statistic::ScaleConsistency)], 1.0);
        QCOMPARE(v[int(Statistic::NoteDensity)], 1.0);           // 8 notes in 8 beats
        QCOMPARE(v[int(Statistic::EmptyBeatRate)], 0.0);
        QCOMPARE(v[int(Statistic::GrooveConsistency)], 1.0);     // two bars of four quarter notes
        QCOMPARE(v[int(Statistic::MeanDuration)], 1.0);
        QCOMPARE(v[int(Statistic::MeanVelocity)], 80.0);
    }

    // Bar 1: four quarter notes, bar 2: nothing, bar 3: one whole note.
    void emptyBar() {
        const midi::Score s = scoreOf({note(0, 1, 60), note(1, 1, 62), note(2, 1, 64), note(3, 1, 65), note(8, 4, 67)});
        QCOMPARE(emptyBeatRate(s), 4.0 / 12.0);
        // Onsets {0, 24, 48, 72}, {}, {0}: Hamming distances 4 and 1 over two pairs of 96-step bars.
        QCOMPARE(grooveConsistency(s), 1.0 - 5.0 / 192.0);
        QCOMPARE(noteDensity(s), 5.0 / 12.0);
        QCOMPARE(meanDuration(s), 8.0 / 5.0);
    }

    void chords() {
        // A C major triad for two beats, then C alone for two beats: (3 * 2 + 1 * 2) / 4.
        midi::Score s = scoreOf({note(0, 2, 60), note(0, 2, 64), note(0, 2, 67), note(2, 2, 60)});
        QCOMPARE(polyphony(s), 2.0);
        QCOMPARE(pitchClassesUsed(s), 3.0);
        QCOMPARE(scaleConsistency(s), 1.0);
        // Silence between notes is not counted: one note, a rest, one note.
        QCOMPARE(polyphony(scoreOf({note(0, 1, 60), note(3, 1, 62)})), 1.0);
        // The same pitch on two tracks sounds once (MusPy's binary piano roll).
        midi::Score doubled = scoreOf({note(0, 4, 60)});
        doubled.tracks.push_back(doubled.tracks.front());
        QCOMPARE(polyphony(doubled), 1.0);
    }

    void drumsAreLeftOutWhereMusPyLeavesThemOut() {
        midi::Score s = scoreOf({note(0, 1, 60, 100)});
        midi::Track drums;
        drums.isDrum = true;
        drums.notes = {note(3, 1, 36, 20), note(3, 1, 49, 20)};
        s.tracks.push_back(drums);
        QCOMPARE(pitchRange(s), 0.0);
        QCOMPARE(pitchClassesUsed(s), 1.0);
        QCOMPARE(pitchEntropy(s), 0.0);
        QCOMPARE(polyphony(s), 1.0);
        QCOMPARE(meanVelocity(s), 100.0);
        QCOMPARE(noteDensity(s), 1.0 / 4.0);   // pitched notes over the piece's 4 beats
        QCOMPARE(emptyBeatRate(s), 2.0 / 4.0);  // the drums fill beat 4: beats 2 and 3 are empty
    }

    void twelvePitchClasses() {
        std::vector<midi::Note> notes;
        for (int i = 0; i < 12; ++i) notes.push_back(note(i, 1, 60 + i));
        const midi::Score s = scoreOf(notes);
        QCOMPARE(pitchClassesUsed(s), 12.0);
        QVERIFY(std::abs(pitchClassEntropy(s) - std::log2(12.0)) < 1e-12);
        QCOMPARE(scaleConsistency(s), 7.0 / 12.0);
        QCOMPARE(pitchRange(s), 11.0);
    }

    void scaleOutsideOneKey() {
        // C, E, G and F#: G major (G A B C D E F#) holds all four.
        QCOMPARE(scaleConsistency(scoreOf({note(0, 1, 60), note(1, 1, 64), note(2, 1, 67), note(3, 1, 66)})), 1.0);
        // C and C# and D and D#: at most three of them in one scale (C# major: C, C#, D#).
        QCOMPARE(scaleConsistency(scoreOf({note(0, 1, 60), note(1, 1, 61), note(2, 1, 62), note(3, 1, 63)})), 0.75);
    }

    void barsFollowTheTimeSignature() {
        // Two bars of three quarter notes in 3/4: the same pattern twice.
        std::vector<midi::Note> notes;
        for (int i = 0; i < 6; ++i) notes.push_back(note(i, 1, 60));
        QCOMPARE(grooveConsistency(scoreOf(notes, 3, 4)), 1.0);
        // Read as 4/4 the same notes make bars {0, 24, 48, 72} and {0, 24}: distance 2 over 96.
        QCOMPARE(grooveConsistency(scoreOf(notes, 4, 4)), 1.0 - 2.0 / 96.0);
        // A single bar has no neighbour.
        QVERIFY(std::isnan(grooveConsistency(scoreOf({note(0, 1, 60)}))));
    }

    void otherResolutionsGiveTheSameFigures() {
        midi::Score s = ::cMajorScale();
        for (auto& n : s.tracks[0].notes) {
            n.start /= 4;
            n.duration /= 4;
        }
        s.ticksPerQuarter = kTpq / 4;
        QCOMPARE(computeStatistics(s), computeStatistics(::cMajorScale()));
    }

    void emptyScore() {
        const midi::Score s = scoreOf({});
        QCOMPARE(pitchRange(s), 0.0);
        QCOMPARE(pitchClassesUsed(s), 0.0);
        for (Statistic st : {Statistic::PitchEntropy, Statistic::PitchClassEntropy, Statistic::Polyphony,
                             Statistic::ScaleConsistency, Statistic::NoteDensity, Statistic::EmptyBeatRate,
                             Statistic::GrooveConsistency, Statistic::MeanDuration, Statistic::MeanVelocity})
            QVERIFY2(std::isnan(computeStatistics(s)[int(st)]), statisticInfo(st).key);
    }

    void everyStatisticHasAName() {
        QSet<QString> keys;
        for (std::size_t i = 0; i < kStatisticCount; ++i) {
            const StatisticInfo& info = statisticInfo(i);
            QVERIFY(info.key && *info.key && info.name && *info.name);
            QVERIFY(info.high > info.low);
            keys.insert(info.key);
        }
        QCOMPARE(keys.size(), int(kStatisticCount));
    }
};

QTEST_APPLESS_MAIN(TestMusicStatistics)
#include "tst_musicstatistics.moc"
