// TokenizerConfig: MidiTok defaults, the rich preset, normalisation rules of MidiTok's
// TokenizerConfig, and byte-exact load/save of MidiTok's tokenizer.json.
#include <QtTest>

#include "../SharedData.h"

#include <fstream>
#include <sstream>

#include "remi/TokenizerConfig.h"
#include "remi/TokenizerLimits.h"
#include "remi/Vocabulary.h"

using namespace mozart::remi;

namespace {

QString sharedDir() { return qEnvironmentVariable("MOZART_SHARED_DIR"); }

bool readText(const QString& path, std::string& out) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

}  // namespace

class TstTokenizerConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsAreMidiToks() {
        const TokenizerConfig c;
        QCOMPARE(c.pitchRange, std::make_pair(21, 109));
        QCOMPARE(c.numVelocities, 32);
        QCOMPARE(c.maxNumPosPerBeat(), 8);
        QCOMPARE(c.programs.size(), std::size_t(129));
        QCOMPARE(c.programs.front(), 0);
        QCOMPARE(c.programs.back(), -1);  // Python set order of range(-1, 128)
        QVERIFY(c.usesNoteDurations(-1));
        QCOMPARE(c.chordMaps.size(), std::size_t(14));
        QCOMPARE(c.chordMaps.front().first, std::string("min"));
        const auto ts = c.timeSignatures();
        QCOMPARE(ts.size(), std::size_t(1));  // time signatures off: only 4/4
        TokenizerConfig withTs = c;
        withTs.useTimeSignatures = true;
        const std::vector<std::pair<int, int>> expected{{3, 8}, {12, 8}, {6, 8}, {5, 4}, {6, 4},
                                                        {3, 4}, {2, 4}, {1, 4}, {4, 4}};
        QCOMPARE(withTs.timeSignatures(), expected);
    }

    void richPreset() {
        const TokenizerConfig r = TokenizerConfig::rich();
        QVERIFY(r.usePrograms && r.useTempos && r.useTimeSignatures && r.useRests && r.useChords);
        QVERIFY(r.oneTokenStreamForPrograms && r.programChanges);
        QVERIFY(!r.useSustainPedals && !r.usePitchBends);
    }

    void normalizeFollowsMidiTok() {
        TokenizerConfig c;
        c.oneTokenStreamForPrograms = true;  // without use_programs: forced off
        c.programChanges = true;
        c.sustainPedalDuration = true;       // without use_sustain_pedals: forced off
        c.useRests = true;
        c.useNoteDurationPrograms = {0, 1};  // rests need durations for every program: off
        c.specialTokens = {"BOS", "EOS_None", "MY_SPECIAL_TOKEN", "BOS_None"};
        c.programs = {120, 0, 1};
        c.normalize();
        QVERIFY(!c.oneTokenStreamForPrograms);
        QVERIFY(!c.programChanges);
        QVERIFY(!c.sustainPedalDuration);
        QVERIFY(!c.useRests);
        const std::vector<std::string> specials{"BOS_None", "EOS_None", "MY-SPECIAL_TOKEN", "PAD_None"};
        QCOMPARE(c.specialTokens, specials);
        QCOMPARE(c.programs, (std::vector<int>{120, 0, 1}));

        TokenizerConfig p;
        p.usePrograms = true;
        p.useRests = true;
        p.programs = {0, 1};
        p.useNoteDurationPrograms = {0, 1, 2};  // covers every program: rests stay
        p.oneTokenStreamForPrograms = true;
        p.acPitchClassBar = true;               // attribute controls off with one stream
        p.normalize();
        QVERIFY(p.useRests);
        QVERIFY(!p.acPitchClassBar);
    }

    void savesDefaultLikeMidiTok() {
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        std::string model2;
        if (!readText(sharedDir() + "/prototype/tokenizer-model2.json", model2)) MOZART_SHARED_MISSING("prototype tokenizer absent");
        // The prototype's file is MidiTok's save of the default configuration.
        QCOMPARE(TokenizerConfig().toMidiTokJson(), model2);
    }

    void savesRichLikeMidiTok() {
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        std::string rich;
        if (!readText(sharedDir() + "/reference/miditok-remi/rich/tokenizer.json", rich)) MOZART_SHARED_MISSING("reference absent");
        TokenizerConfig r = TokenizerConfig::rich();
        r.json.hfTokenizersVersion = "0.0.0+stub";
        QCOMPARE(r.toMidiTokJson(), rich);
    }

    void roundTripsReferenceFiles_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("default") << "reference/miditok-remi/default/tokenizer.json";
        QTest::newRow("rich") << "reference/miditok-remi/rich/tokenizer.json";
        QTest::newRow("model2") << "prototype/tokenizer-model2.json";
    }
    void roundTripsReferenceFiles() {
        QFETCH(QString, path);
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        std::string text;
        if (!readText(sharedDir() + "/" + path, text)) MOZART_SHARED_MISSING("file absent");
        std::string error;
        const auto c = TokenizerConfig::fromMidiTokJson(text, &error);
        QVERIFY2(c.has_value(), error.c_str());
        QCOMPARE(c->toMidiTokJson(), text);
    }

    void loadsNonDefaultValues() {
        std::string text = TokenizerConfig().toMidiTokJson();
        text = replaceAll(text, "\"use_sustain_pedals\": false", "\"use_sustain_pedals\": true");
        text = replaceAll(text, "\"sustain_pedal_duration\": false", "\"sustain_pedal_duration\": true");
        text = replaceAll(text, "\"log_tempos\": false", "\"log_tempos\": true");
        text = replaceAll(text, "\"max_bar_embedding\": null", "\"max_bar_embedding\": 16");
        text = replaceAll(text, "\"chord_unknown\": null", "\"chord_unknown\": [3, 6]");
        text = replaceAll(text, "\"default_note_duration\": 0.5", "\"default_note_duration\": 1");
        text = replaceAll(text, "\"add_trailing_bars\": false", "\"add_trailing_bars\": false, \"my_param\": {\"a\": [1, 2]}");
        std::string error;
        const auto c = TokenizerConfig::fromMidiTokJson(text, &error);
        QVERIFY2(c.has_value(), error.c_str());
        QVERIFY(c->useSustainPedals && c->sustainPedalDuration && c->logTempos);
        QCOMPARE(c->maxBarEmbedding.value_or(-1), 16);
        QVERIFY(c->chordUnknown.has_value());
        QCOMPARE(*c->chordUnknown, std::make_pair(3, 6));
        QCOMPARE(c->defaultNoteDuration, 1.0);
        // Saved again: the integer stays an integer, the unknown parameter is kept in place.
        const std::string saved = c->toMidiTokJson();
        QVERIFY(saved.find("\"default_note_duration\": 1,") != std::string::npos);
        QVERIFY(saved.find("\"my_param\": {\n                \"a\": [\n") != std::string::npos);
        const auto again = TokenizerConfig::fromMidiTokJson(saved, &error);
        QVERIFY(again.has_value());
        QCOMPARE(again->toMidiTokJson(), saved);
    }

    void loadsBareConfigObject() {
        const std::string text = R"({"pitch_range": [30, 90], "beat_res": {"0_2": 4, "2_8": 2},
            "use_programs": true, "programs": [5, 3, -1], "additional_params": {}})";
        std::string error;
        const auto c = TokenizerConfig::fromMidiTokJson(text, &error);
        QVERIFY2(c.has_value(), error.c_str());
        QCOMPARE(c->pitchRange, std::make_pair(30, 90));
        QCOMPARE(c->beatRes.size(), std::size_t(2));
        QCOMPARE(c->maxNumPosPerBeat(), 4);
        QCOMPARE(c->programs, (std::vector<int>{3, 5, -1}));
        QVERIFY(c->oneTokenStreamForPrograms);  // absent key: MidiTok's default True, kept with programs
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << "{" << "not a JSON object";
        QTest::newRow("array") << "[1, 2]" << "not a JSON object";
        QTest::newRow("other tokenizer") << R"({"config": {}, "tokenization": "TSD"})" << "not REMI";
        QTest::newRow("trained") << R"({"config": {}, "tokenization": "REMI", "_model": "x"})" << "trained";
        QTest::newRow("pitch type") << R"({"config": {"pitch_range": "low"}})" << "pitch_range";
        QTest::newRow("pitch order") << R"({"config": {"pitch_range": [90, 30]}})" << "pitch_range";
        QTest::newRow("velocities") << R"({"config": {"num_velocities": 0}})" << "num_velocities";
        QTest::newRow("beat res") << R"({"config": {"beat_res": {"0-4": 8}}})" << "beat_res";
        QTest::newRow("ts denominator")
            << R"({"config": {"use_time_signatures": true, "time_signature_range": {"3": [3]}}})" << "powers of 2";
        QTest::newRow("bool") << R"({"config": {"use_chords": 1}})" << "use_chords";
        QTest::newRow("rest res")
            << R"({"config": {"use_rests": true, "beat_res_rest": {"0_1": 16}}})" << "rests";
    }
    // Files from strangers: every count is bounded, out-of-range integers are refused (never
    // wrapped), and the vocabulary size is refused before any table is built.
    void refusesHostileCounts_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("issue 13: beat_res 0_100000") << R"({"config": {"beat_res": {"0_100000": 100000}}})"
                                                     << "beat_res \"0_100000\" end is 100000";
        QTest::newRow("resolution") << R"({"config": {"beat_res": {"0_4": 100000}}})" << "resolution is 100000";
        QTest::newRow("durations") << R"({"config": {"beat_res": {"0_1000": 1000}}})" << "durations, more than";
        QTest::newRow("rests") << R"({"config": {"use_rests": true, "beat_res": {"0_4": 1024}, "beat_res_rest": {"0_1000": 1000}}})"
                               << "beat_res_rest";
        QTest::newRow("int wraps") << R"({"config": {"num_velocities": 4294967328}})" << "out of range";
        QTest::newRow("negative wraps") << R"({"config": {"num_tempos": -4294967295}})" << "out of range";
        QTest::newRow("tempos") << R"({"config": {"use_tempos": true, "num_tempos": 100000000}})" << "num_tempos";
        QTest::newRow("tempo range") << R"({"config": {"tempo_range": [40, 2000000000]}})" << "tempo_range";
        QTest::newRow("pitch bends") << R"({"config": {"use_pitch_bends": true, "pitch_bend_range": [-8192, 8191, 1000000000]}})"
                                     << "pitch_bend_range count";
        QTest::newRow("bend range") << R"({"config": {"pitch_bend_range": [-100000, 8191, 32]}})" << "pitch_bend_range minimum";
        QTest::newRow("bar embedding") << R"({"config": {"additional_params": {"max_bar_embedding": 2000000000}}})"
                                       << "max_bar_embedding";
        QTest::newRow("programs") << R"({"config": {"programs": [0, 1, 1000]}})" << "programs entry";
        QTest::newRow("chord unknown") << R"({"config": {"use_chords": true, "chord_unknown": [1, 1000000000]}})"
                                       << "chord_unknown";
        QTest::newRow("ts denominator") << R"({"config": {"use_time_signatures": true, "time_signature_range": {"1073741824": [4]}}})"
                                        << "denominator";
        QTest::newRow("ac bins") << R"({"config": {"ac_repetition_track": true, "ac_repetition_track_num_bins": 1000000000}})"
                                 << "ac_repetition_track_num_bins";
        QTest::newRow("vocabulary") << R"({"config": {"use_time_signatures": true, "beat_res": {"0_1": 1024},
                                            "time_signature_range": {"4": [255]}}})"
                                    << "vocabulary of";
    }
    void refusesHostileCounts() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        std::string error;
        const auto c = TokenizerConfig::fromMidiTokJson(text.toStdString(), &error);
        QVERIFY(!c.has_value());
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
    }
    void limitsLeaveRealConfigurationsAlone() {
        using namespace mozart::remi::limits;
        for (const TokenizerConfig& c : {TokenizerConfig(), TokenizerConfig::rich()}) {
            QCOMPARE(QString::fromStdString(checkTokenizerLimits(c)), QString());
            // The bound is the vocabulary's exact size for MidiTok's two reference configurations.
            QCOMPARE(vocabularySizeBound(c), std::int64_t(Vocabulary(c).size()));
        }
        // Just inside every bound still loads (and its vocabulary is built within the limit).
        std::string error;
        const auto big = TokenizerConfig::fromMidiTokJson(
            R"({"config": {"beat_res": {"0_63": 1024}, "use_tempos": true, "num_tempos": 4096}})", &error);
        QVERIFY2(big.has_value(), error.c_str());
        QVERIFY(std::int64_t(Vocabulary(*big).size()) <= kMaxVocabularySize);
    }

    void rejectsBadInput() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        std::string error;
        const auto c = TokenizerConfig::fromMidiTokJson(text.toStdString(), &error);
        QVERIFY(!c.has_value());
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
    }
};

QTEST_APPLESS_MAIN(TstTokenizerConfig)
#include "tst_tokenizerconfig.moc"
