// Tests of RemiGrammar: MidiTok's reference sequences pass, hand-made invalid sequences fail at
// the right token for the right reason, and the incremental API (advance / allowedNext) agrees
// with check() token for token.
#include <QtTest>

#include "../SharedData.h"

#include <random>

#include "RemiTestFixtures.h"
#include "remi/RemiGrammar.h"

using namespace mozart::remi;
using namespace mozart::remi::testing;

namespace {

struct Case {
    std::vector<std::string> tokens;
    std::size_t index;
    const char* reason;  // expected substring
};

// Every id's rejection() agrees with the mask, and advance() accepts exactly the allowed ids.
void verifyMaskAgrees(const RemiGrammar& grammar, const RemiGrammar::State& state) {
    std::vector<std::uint8_t> mask;
    grammar.allowedNext(state, mask);
    QCOMPARE(mask.size(), grammar.vocabularySize());
    for (std::size_t id = 0; id < mask.size(); ++id) {
        const bool allowed = grammar.rejection(state, static_cast<std::int32_t>(id)) == nullptr;
        if (allowed != (mask[id] != 0)) {
            QFAIL(qPrintable(QString("mask and rejection disagree on id %1 at token %2")
                                 .arg(id)
                                 .arg(state.index)));
        }
        RemiGrammar::State copy = state;
        QCOMPARE(grammar.advance(copy, static_cast<std::int32_t>(id)), allowed);
        if (!allowed) QVERIFY(copy.index == state.index);
    }
}

}  // namespace

class TestRemiGrammar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void referenceSequencesPass_data();
    void referenceSequencesPass();
    void invalidDefaultSequences();
    void invalidRichSequences();
    void specialTokens();
    void endOfSequence();
    void maskAgreesAlongReference();
    void randomWalksStayConsistent_data();
    void randomWalksStayConsistent();
    void garbageNeverAccepted();
};

void TestRemiGrammar::referenceSequencesPass_data() {
    QTest::addColumn<QString>("configName");
    QTest::newRow("default") << "default";
    QTest::newRow("rich") << "rich";
}

void TestRemiGrammar::referenceSequencesPass() {
    QFETCH(QString, configName);
    const QString root = referenceRoot();
    if (root.isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/reference/miditok-remi not available");
    const TokenizerConfig config = referenceConfig(root, configName);
    const Vocabulary vocab(config);
    const RemiGrammar grammar(config, vocab);
    const auto files = referenceFiles(root, configName);
    QCOMPARE(files.size(), std::size_t{6});
    std::size_t sequences = 0;
    for (const auto& file : files) {
        for (const auto& ids : file.ids) {
            const auto error = grammar.check(ids);
            if (error) {
                QFAIL(qPrintable(QString("%1: token %2 (%3): %4")
                                     .arg(QString::fromStdString(file.path))
                                     .arg(error->index)
                                     .arg(QString::fromStdString(error->token))
                                     .arg(QString::fromStdString(error->reason))));
            }
            ++sequences;
        }
    }
    QVERIFY(sequences >= 6);
}

void TestRemiGrammar::invalidDefaultSequences() {
    const TokenizerConfig config;
    const Vocabulary vocab(config);
    const RemiGrammar grammar(config, vocab);
    const std::vector<std::string> note{"Pitch_60", "Velocity_63", "Duration_1.0.8"};
    auto with = [&](std::vector<std::string> head, std::vector<std::string> tail = {}) {
        head.insert(head.end(), tail.begin(), tail.end());
        return head;
    };
    const std::vector<Case> cases{
        {{"Position_0"}, 0, "Position before any Bar"},
        {{"Pitch_60"}, 0, "Position"},
        {{"Bar_None", "Pitch_60"}, 1, "Position"},
        {{"Bar_None", "Position_4", "Pitch_60", "Duration_1.0.8"}, 3, "Velocity must follow Pitch"},
        {{"Bar_None", "Position_4", "Pitch_60", "Velocity_63", "Pitch_62"}, 4,
         "Duration must follow Velocity"},
        {{"Bar_None", "Position_4", "Velocity_63"}, 2, "Velocity must follow Pitch"},
        {{"Bar_None", "Position_4", "Duration_1.0.8"}, 2, "Duration must follow"},
        {with({"Bar_None", "Position_8"}, with(note, {"Position_8"})), 5, "move forward"},
        {with({"Bar_None", "Position_8"}, with(note, {"Position_3"})), 5, "move forward"},
        {{"Bar_None", "Position_8", "Position_9"}, 2, "event must follow a Position"},
        {{"Bar_None", "Position_8", "Bar_None"}, 2, "event must follow a Position"},
        {with({"Bar_None", "Position_8"}, with(note, {"Velocity_63"})), 5, "Velocity must follow Pitch"},
        {{"Bar_None", "Bar_None", "Position_0", "Pitch_60", "Velocity_63", "Bar_None"}, 5,
         "Duration must follow Velocity"},
    };
    for (const auto& c : cases) {
        const auto error = grammar.check(idsOf(vocab, c.tokens));
        QVERIFY2(error.has_value(), c.reason);
        QCOMPARE(error->index, c.index);
        QVERIFY2(error->reason.find(c.reason) != std::string::npos, error->reason.c_str());
        QCOMPARE(error->token, c.tokens[c.index]);
    }
    // The same sequences made valid pass.
    QVERIFY(!grammar.check(
        idsOf(vocab, with({"Bar_None", "Position_8"}, with(note, with({"Position_9"}, note))))));
    QVERIFY(!grammar.check(idsOf(vocab, with({"Bar_None", "Bar_None", "Position_31"}, note))));
}

void TestRemiGrammar::invalidRichSequences() {
    const TokenizerConfig config = TokenizerConfig::rich();
    const Vocabulary vocab(config);
    const RemiGrammar grammar(config, vocab);
    const std::vector<std::string> open{"Bar_None", "TimeSig_4/4", "Position_0", "Tempo_121.29"};
    auto with = [&](std::vector<std::string> tail) {
        std::vector<std::string> all = open;
        all.insert(all.end(), tail.begin(), tail.end());
        return all;
    };
    const std::vector<Case> cases{
        {{"Bar_None", "Position_0"}, 1, "TimeSig must follow Bar"},
        {{"Bar_None", "TimeSig_4/4", "Tempo_121.29"}, 2, "Tempo must come right after Position"},
        {with({"Pitch_60"}), 4, "a Program must come before the first note"},
        {with({"Program_-1", "Pitch_60"}), 5, "drum notes use PitchDrum"},
        {with({"Program_0", "PitchDrum_36"}), 5, "PitchDrum needs Program_-1"},
        {with({"Program_0", "Program_1"}), 5, "Program"},
        {with({"Tempo_121.29"}), 4, "Tempo must come right after Position"},
        {{"Bar_None", "TimeSig_4/4", "Position_32"}, 2, "beyond the end of the bar"},
        {{"Bar_None", "TimeSig_3/4", "Position_24"}, 2, "beyond the end of the bar"},
        {{"Bar_None", "TimeSig_3/4", "Position_23", "Program_0", "Pitch_60", "Velocity_63",
          "Duration_0.1.8", "Rest_0.1.8", "TimeSig_4/4"},
         8, "TimeSig after a Rest must fall on a bar line"},
        // 4/4 at 16 ticks per quarter: a note ending at tick 2 plus a 2-beat Rest ends at tick 34
        // (position 17).
        {{"Bar_None", "TimeSig_4/4", "Position_0", "Program_0", "Pitch_60", "Velocity_63",
          "Duration_0.1.8", "Rest_2.0.2", "Position_16"},
         8, "before the end of the preceding Rest"},
        {with({"Program_0", "Chord_maj", "Position_3"}), 6, "a note must follow Chord"},
        {with({"Program_0", "Pitch_60", "Velocity_63", "Duration_1.0.8", "TimeSig_3/4"}), 8,
         "TimeSig must follow Bar"},
        // In 6/8 a position is one tick: the same Position twice is time standing still.
        {{"Bar_None", "TimeSig_6/8", "Position_3", "Program_0", "Pitch_60", "Velocity_63",
          "Duration_0.1.8", "Position_3"},
         7, "move forward"},
    };
    for (const auto& c : cases) {
        const auto ids = idsOf(vocab, c.tokens);
        for (auto id : ids) QVERIFY2(id >= 0, "test token missing from the rich vocabulary");
        const auto error = grammar.check(ids);
        QVERIFY2(error.has_value(), c.reason);
        QCOMPARE(error->index, c.index);
        QVERIFY2(error->reason.find(c.reason) != std::string::npos, error->reason.c_str());
    }
    // Valid counterparts: a Rest landing on the bar line may carry the next bar's TimeSig, and
    // a Position may equal the end of the Rest.
    const std::vector<std::vector<std::string>> valid{
        {"Bar_None", "TimeSig_3/4", "Position_16", "Program_0", "Pitch_60", "Velocity_63",
         "Duration_0.1.8", "Rest_0.7.8", "TimeSig_4/4", "Position_0", "Program_1", "Pitch_62",
         "Velocity_63", "Duration_1.0.8"},
        {"Bar_None", "TimeSig_4/4", "Position_0", "Program_0", "Pitch_60", "Velocity_63",
         "Duration_0.1.8", "Rest_2.0.2", "Position_17", "Program_-1", "PitchDrum_36",
         "Velocity_63", "Duration_1.0.8"},
        with({"Program_0", "Chord_maj", "Pitch_60", "Velocity_63", "Duration_1.0.8", "Pitch_64",
              "Velocity_63", "Duration_1.0.8"}),
        // In 4/4 (16 ticks per quarter with /8 meters in the vocabulary) a position is two ticks,
        // and MidiTok writes one Position per tick: the same Position may come twice.
        {"Bar_None", "TimeSig_4/4", "Position_3", "Program_0", "Pitch_60", "Velocity_63",
         "Duration_0.1.8", "Position_3", "Program_1", "Pitch_60", "Velocity_63", "Duration_0.1.8"},
    };
    for (const auto& tokens : valid) {
        const auto error = grammar.check(idsOf(vocab, tokens));
        QVERIFY2(!error, error ? error->reason.c_str() : "");
    }
}

void TestRemiGrammar::specialTokens() {
    const TokenizerConfig config;
    const Vocabulary vocab(config);
    const RemiGrammar grammar(config, vocab);
    const std::vector<std::string> piece{"Bar_None", "Position_0", "Pitch_60", "Velocity_63",
                                         "Duration_1.0.8"};
    auto seq = [&](std::vector<std::string> head, std::vector<std::string> tail) {
        std::vector<std::string> all = std::move(head);
        all.insert(all.end(), piece.begin(), piece.end());
        all.insert(all.end(), tail.begin(), tail.end());
        return idsOf(vocab, all);
    };
    QVERIFY(!grammar.check(seq({"BOS_None"}, {"EOS_None", "PAD_None", "PAD_None"})));
    QVERIFY(!grammar.check(seq({}, {"PAD_None"})));
    auto error = grammar.check(seq({"PAD_None"}, {}));
    QVERIFY(error && error->index == 1);
    error = grammar.check(seq({}, {"EOS_None", "Bar_None"}));
    QVERIFY(error && error->index == 6 && error->reason.find("only PAD") != std::string::npos);
    error = grammar.check(seq({"MASK_None"}, {}));
    QVERIFY(error && error->index == 0);
    error = grammar.check(seq({"BOS_None", "BOS_None"}, {}));
    QVERIFY(error && error->index == 1);
    // EOS in the middle of a note is an early end.
    error = grammar.check(idsOf(vocab, {"Bar_None", "Position_0", "Pitch_60", "EOS_None"}));
    QVERIFY(error && error->index == 3);
    // Ids outside the vocabulary.
    for (std::int32_t bad : {-1, -100000, static_cast<std::int32_t>(vocab.size()), 1 << 30}) {
        error = grammar.check({vocab.id("Bar_None"), bad});
        QVERIFY(error && error->index == 1 && error->token.empty());
    }
}

void TestRemiGrammar::endOfSequence() {
    const TokenizerConfig config;
    const Vocabulary vocab(config);
    const RemiGrammar grammar(config, vocab);
    const auto ids = idsOf(vocab, {"Bar_None", "Position_0", "Pitch_60", "Velocity_63"});
    const auto error = grammar.check(ids);
    QVERIFY(error && error->index == ids.size() && error->token.empty());
    QVERIFY(!grammar.checkPrefix(ids));
    QVERIFY(!grammar.check({}));
    QVERIFY(!grammar.check(idsOf(vocab, {"Bar_None", "Bar_None"})));
}

void TestRemiGrammar::maskAgreesAlongReference() {
    const QString root = referenceRoot();
    if (root.isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/reference/miditok-remi not available");
    for (const QString configName : {"default", "rich"}) {
        const TokenizerConfig config = referenceConfig(root, configName);
        const Vocabulary vocab(config);
        const RemiGrammar grammar(config, vocab);
        const auto files = referenceFiles(root, configName);
        QVERIFY(!files.empty());
        const auto& ids = files.front().ids.front();
        RemiGrammar::State state = grammar.initialState();
        std::vector<std::uint8_t> mask;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            grammar.allowedNext(state, mask);
            QVERIFY(mask[static_cast<std::size_t>(ids[i])]);
            if (i % 97 == 0) verifyMaskAgrees(grammar, state);
            QVERIFY(grammar.advance(state, ids[i]));
        }
        QVERIFY(grammar.canEnd(state));
    }
}

void TestRemiGrammar::randomWalksStayConsistent_data() {
    QTest::addColumn<int>("configIndex");
    const auto configs = variedConfigs();
    for (std::size_t i = 0; i < configs.size(); ++i) {
        QTest::newRow(configs[i].first.c_str()) << static_cast<int>(i);
    }
}

void TestRemiGrammar::randomWalksStayConsistent() {
    QFETCH(int, configIndex);
    const TokenizerConfig config = variedConfigs()[static_cast<std::size_t>(configIndex)].second;
    const Vocabulary vocab(config);
    const RemiGrammar grammar(config, vocab);
    std::mt19937 rng(1234 + configIndex);
    std::vector<std::uint8_t> mask;
    for (int walk = 0; walk < 40; ++walk) {
        RemiGrammar::State state = grammar.initialState();
        std::vector<std::int32_t> ids;
        const int length = 50 + walk * 10;
        for (int step = 0; step < length; ++step) {
            if (step % 13 == 0) verifyMaskAgrees(grammar, state);
            grammar.allowedNext(state, mask);
            std::vector<std::int32_t> allowed;
            for (std::size_t id = 0; id < mask.size(); ++id) {
                // Leave out EOS/PAD so walks keep going.
                if (mask[id] && vocab.token(static_cast<std::int32_t>(id)).rfind("EOS", 0) != 0 &&
                    vocab.token(static_cast<std::int32_t>(id)).rfind("PAD", 0) != 0) {
                    allowed.push_back(static_cast<std::int32_t>(id));
                }
            }
            QVERIFY2(!allowed.empty(), "the grammar left no way to continue");
            const auto id = allowed[std::uniform_int_distribution<std::size_t>(0, allowed.size() - 1)(rng)];
            QVERIFY(grammar.advance(state, id));
            ids.push_back(id);
        }
        const auto error = grammar.checkPrefix(ids);
        QVERIFY2(!error, error ? error->reason.c_str() : "");
        QCOMPARE(grammar.check(ids).has_value(), !grammar.canEnd(state));
    }
}

void TestRemiGrammar::garbageNeverAccepted() {
    // Random ids: check() must report the first token advance() refuses, at the same index.
    for (const auto& [name, config] : variedConfigs()) {
        const Vocabulary vocab(config);
        const RemiGrammar grammar(config, vocab);
        std::mt19937 rng(99);
        std::uniform_int_distribution<std::int32_t> pick(-3, static_cast<std::int32_t>(vocab.size()) + 3);
        for (int trial = 0; trial < 300; ++trial) {
            std::vector<std::int32_t> ids(static_cast<std::size_t>(trial % 40));
            for (auto& id : ids) id = pick(rng);
            RemiGrammar::State state = grammar.initialState();
            std::size_t firstRefused = ids.size();
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (!grammar.advance(state, ids[i])) {
                    firstRefused = i;
                    break;
                }
            }
            const auto error = grammar.checkPrefix(ids);
            QCOMPARE(error ? error->index : ids.size(), firstRefused);
        }
    }
}

QTEST_APPLESS_MAIN(TestRemiGrammar)
#include "tst_remigrammar.moc"
