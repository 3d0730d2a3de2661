// Vocabulary: ids equal MidiTok's for the reference configurations (vocab.json) and, for other
// options, follow MidiTok's _create_base_vocabulary order (REMI) as read from its source.
#include <QtTest>

#include "../SharedData.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "remi/Vocabulary.h"

using namespace mozart::remi;

namespace {

QString sharedDir() { return qEnvironmentVariable("MOZART_SHARED_DIR"); }

// First id of a token type ("Pitch_" ...) or -1.
int firstOf(const Vocabulary& v, const std::string& prefix) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v.tokens()[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
    return -1;
}
int countOf(const Vocabulary& v, const std::string& prefix) {
    int n = 0;
    for (const auto& t : v.tokens()) n += t.rfind(prefix, 0) == 0;
    return n;
}

}  // namespace

class TstVocabulary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReference_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("size");
        QTest::newRow("default") << "default" << 284;
        QTest::newRow("rich") << "rich" << 564;
    }
    void matchesReference() {
        QFETCH(QString, name);
        QFETCH(int, size);
        const TokenizerConfig config = name == "rich" ? TokenizerConfig::rich() : TokenizerConfig();
        const Vocabulary vocab(config);
        QCOMPARE(int(vocab.size()), size);
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        std::ifstream in((sharedDir() + "/reference/miditok-remi/" + name + "/vocab.json").toStdString());
        if (!in) MOZART_SHARED_MISSING("reference vocab absent");
        const auto ref = nlohmann::json::parse(in);
        QCOMPARE(int(ref.size()), size);
        for (auto it = ref.begin(); it != ref.end(); ++it) {
            const int id = it.value().get<int>();
            QVERIFY2(vocab.id(it.key()) == id, (it.key() + " expected id " + std::to_string(id)).c_str());
            QCOMPARE(vocab.token(id), it.key());
        }
    }

    void lookups() {
        const Vocabulary v{TokenizerConfig()};
        QCOMPARE(v.id("PAD_None"), 0);
        QCOMPARE(v.id("Bar_None"), 4);
        QCOMPARE(v.id("Nope_1"), -1);
        QCOMPARE(v.token(-1), std::string());
        QCOMPARE(v.token(100000), std::string());
    }

    void barOptions() {
        TokenizerConfig c;
        c.useBarEndTokens = true;
        Vocabulary v(c);
        QCOMPARE(v.id("Bar_None"), 4);
        QCOMPARE(v.id("Bar_End"), 5);
        QCOMPARE(v.id("Pitch_21"), 6);
        c.maxBarEmbedding = 3;
        v = Vocabulary(c);
        QCOMPARE(v.id("Bar_None"), -1);
        QCOMPARE(v.id("Bar_0"), 4);
        QCOMPARE(v.id("Bar_2"), 6);
        QCOMPARE(v.id("Bar_End"), 7);
        QCOMPARE(int(v.size()), 284 + 3);
    }

    void pedalsAndPitchBends() {
        TokenizerConfig c;
        c.useSustainPedals = true;
        c.usePitchBends = true;
        c.normalize();
        Vocabulary v(c);
        // Without programs: Pedal_0 and PedalOff_0, after PitchDrum; then 32 pitch bends.
        QCOMPARE(v.id("Pedal_0"), 284);
        QCOMPARE(v.id("PedalOff_0"), 285);
        QCOMPARE(v.id("PitchBend_-8192"), 286);
        QCOMPARE(v.id("PitchBend_-7664"), 287);
        QCOMPARE(v.id("PitchBend_8191"), 286 + 31);
        QCOMPARE(int(v.size()), 284 + 2 + 32);

        c.sustainPedalDuration = true;  // Duration tokens serve pedals; no PedalOff
        c.normalize();
        v = Vocabulary(c);
        QCOMPARE(v.id("PedalOff_0"), -1);
        QCOMPARE(v.id("Pedal_0"), 284);

        c.usePrograms = true;
        c.sustainPedalDuration = false;
        c.normalize();
        v = Vocabulary(c);
        const int program0 = v.id("Program_0");
        QCOMPARE(v.id("Program_-1"), program0 + 128);
        QCOMPARE(v.id("Pedal_0"), program0 + 129);
        QCOMPARE(v.id("PedalOff_0"), program0 + 2 * 129);
        QCOMPARE(v.id("PedalOff_-1"), program0 + 3 * 129 - 1);
    }

    void noteOptions() {
        TokenizerConfig c;
        c.useVelocities = false;
        c.usePitchdrumTokens = false;
        c.useNoteDurationPrograms.clear();
        c.normalize();
        const Vocabulary v(c);
        QCOMPARE(countOf(v, "Velocity_"), 0);
        QCOMPARE(countOf(v, "Duration_"), 0);
        QCOMPARE(countOf(v, "PitchDrum_"), 0);
        QCOMPARE(v.id("Position_0"), 4 + 1 + 89);
        QCOMPARE(int(v.size()), 4 + 1 + 89 + 32);

        TokenizerConfig i;
        i.usePitchIntervals = true;
        i.numVelocities = 4;
        const Vocabulary vi(i);
        QCOMPARE(countOf(vi, "Velocity_"), 4);
        QCOMPARE(vi.id("Velocity_31"), 4 + 1 + 89);  // linspace(0, 127, 5) floored: 31, 63, 95, 127
        QCOMPARE(vi.id("PitchIntervalTime_-16"), firstOf(vi, "Position_") + 32);
        QCOMPARE(vi.id("PitchIntervalChord_16"), vi.id("PitchIntervalTime_-16") + 2 * 33 - 1);
        QCOMPARE(vi.id("PitchDrum_27"), vi.id("PitchIntervalChord_16") + 1);
    }

    void chordOptions() {
        TokenizerConfig c;
        c.useChords = true;
        c.chordTokensWithRootNote = true;
        c.chordUnknown = std::make_pair(3, 5);
        const Vocabulary v(c);
        const int first = firstOf(v, "Chord_");
        QCOMPARE(first, 284);
        QCOMPARE(v.token(first), std::string("Chord_C:min"));
        QCOMPARE(v.token(first + 1), std::string("Chord_C#:min"));
        QCOMPARE(v.token(first + 12), std::string("Chord_C:maj"));
        QCOMPARE(v.token(first + 14 * 12), std::string("Chord_C:ukn3"));
        QCOMPARE(v.token(first + 15 * 12 + 11), std::string("Chord_B:ukn4"));
        QCOMPARE(countOf(v, "Chord_"), 16 * 12);

        c.chordTokensWithRootNote = false;
        const Vocabulary plain(c);
        QCOMPARE(plain.token(284 + 14), std::string("Chord_3"));
        QCOMPARE(plain.token(284 + 15), std::string("Chord_4"));
        QCOMPARE(countOf(plain, "Chord_"), 16);
    }

    void tempoOptions() {
        TokenizerConfig c;
        c.useTempos = true;
        c.logTempos = true;
        Vocabulary v(c);
        QCOMPARE(v.id("Tempo_40.0"), 284);
        QCOMPARE(v.id("Tempo_42.44"), 285);
        QCOMPARE(v.id("Tempo_103.0"), 284 + 16);
        QCOMPARE(v.id("Tempo_250.0"), 284 + 31);
        c.logTempos = false;
        c.numTempos = 3;
        c.tempoRange = {50, 60};
        v = Vocabulary(c);
        QCOMPARE(v.id("Tempo_50.0"), 284);
        QCOMPARE(v.id("Tempo_55.0"), 285);
        QCOMPARE(v.id("Tempo_60.0"), 286);
    }

    void programOrderIsPythonSetOrder() {
        TokenizerConfig c;
        c.usePrograms = true;
        c.programs = {120, 0, 1};
        c.normalize();
        const Vocabulary v(c);
        const int first = firstOf(v, "Program_");
        QCOMPARE(v.token(first), std::string("Program_120"));
        QCOMPARE(v.token(first + 1), std::string("Program_0"));
        QCOMPARE(v.token(first + 2), std::string("Program_1"));
    }

    void timeSignaturesAndPositions() {
        TokenizerConfig c;
        c.useTimeSignatures = true;
        c.timeSignatureRange = {{4, {3, 4}}, {2, {2}}};
        c.timeSignatureDenominatorOrder = {2, 4};
        c.normalize();
        const Vocabulary v(c);
        QCOMPARE(countOf(v, "Position_"), 8 * 4);
        const int first = firstOf(v, "TimeSig_");
        QCOMPARE(v.token(first), std::string("TimeSig_2/2"));
        QCOMPARE(v.token(first + 1), std::string("TimeSig_3/4"));
        QCOMPARE(v.token(first + 2), std::string("TimeSig_4/4"));
    }

    void attributeControls() {
        TokenizerConfig c;
        c.acPitchClassBar = true;
        c.acNoteDensityBar = true;
        c.acNoteDensityBarMax = 2;
        c.acRepetitionTrack = true;
        c.acRepetitionTrackNumBins = 3;
        const Vocabulary v(c);
        QCOMPARE(v.id("ACBarPitchClass_0"), 284);
        QCOMPARE(v.id("ACBarNoteDensity_0"), 284 + 12);
        QCOMPARE(v.id("ACBarNoteDensity_2+"), 284 + 14);
        QCOMPARE(v.id("ACTrackRepetition_0.00"), 284 + 15);
        QCOMPARE(v.id("ACTrackRepetition_0.50"), 284 + 16);
        QCOMPARE(v.id("ACTrackRepetition_1.00"), 284 + 17);
    }

    void duplicateSpecialTokensGetNoSecondId() {
        TokenizerConfig c;
        c.specialTokens = {"PAD_None", "Bar_None"};  // clashes with the base vocabulary
        const Vocabulary v(c);
        QCOMPARE(v.id("Bar_None"), 1);
        QCOMPARE(v.id("Pitch_21"), 2);
    }
};

QTEST_APPLESS_MAIN(TstVocabulary)
#include "tst_vocabulary.moc"
