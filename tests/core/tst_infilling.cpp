// Infilling: the prompt layout a fill-in-the-middle model reads, the gap written under the
// grammar (valid at both joins), the file's notes outside bars A..B kept exactly, models without
// the FIM tokens refused with a reason, and the extra tokens carried by model files.
#include <QtTest>

#include <QTemporaryDir>

#include "GenerationFixtures.h"
#include "data/FillInTheMiddle.h"
#include "generate/Generator.h"
#include "generate/InfillingPrompt.h"
#include "generate/PieceAssembly.h"
#include "model/ModelFile.h"

using namespace mozart;
using namespace mozart::generate;

namespace {

std::int64_t baseVocab() { return std::int64_t(gentest::richTokenizer().vocabulary().size()); }

model::Transformer fimModel(std::uint64_t seed) {
    auto c = gentest::tinyConfig(baseVocab() + 3);
    c.maxContext = 256;
    model::Transformer m(c, seed);
    m.setTraining(false);
    return m;
}

model::ModelFileInfo fimInfo(const model::Transformer& m) {
    model::ModelFileInfo info;
    info.config = m.config();
    info.extraTokens = data::infillingTokenNames();
    return info;
}

// A six-bar piece with notes in every bar, made by the generator itself.
midi::Score sixBars(Generator& g) {
    GenerationSettings s;
    s.length.bars = 6;
    s.sampling.seed = 5;
    s.constraints.minNotesPerBar = 2;
    s.constraints.maxNotesPerBar = 5;
    GenerationRequest r;
    const Prompt p = buildPrompt(gentest::richTokenizer(), g.grammar(), s.prompt, nullptr);
    r.settings = s;
    r.prompt = p.ids;
    r.promptOpensNewBar = p.opensNewBar;
    r.tempoMicros = p.tempoMicros;
    return sequenceToScore(gentest::richTokenizer(), g.run(r).sequences[0].ids, 0, 0);
}

// Tick where each bar of the piece's tokens begins, walked independently of the code under test.
std::vector<midi::Tick> barTicks(const remi::RemiGrammar& grammar, const std::vector<std::int32_t>& ids) {
    std::vector<midi::Tick> out;
    auto st = grammar.initialState();
    for (std::int32_t id : ids) {
        auto next = st;
        if (!grammar.advance(next, id)) continue;
        if (next.time.currentBar > st.time.currentBar) out.push_back(next.time.tickAtCurrentBar);
        st = next;
    }
    return out;
}

std::vector<midi::Note> notesOf(const midi::Score& s) {
    std::vector<midi::Note> out;
    for (const auto& t : s.tracks) out.insert(out.end(), t.notes.begin(), t.notes.end());
    std::sort(out.begin(), out.end(), [](const midi::Note& a, const midi::Note& b) {
        return std::tie(a.start, a.pitch, a.duration, a.velocity) < std::tie(b.start, b.pitch, b.duration, b.velocity);
    });
    return out;
}

}  // namespace

class TestInfilling : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelWithoutMarkersIsRefused() {
        auto plain = gentest::tinyModel(3);
        Generator g(plain, gentest::richTokenizer());
        const midi::Score piece = sixBars(g);
        model::ModelFileInfo info;
        info.config = plain.config();
        QVERIFY(!infillingUnsupportedReason(info).empty());
        const auto p = buildInfillingPrompt(gentest::richTokenizer(), g.grammar(), info, piece, 2, 3, {});
        QVERIFY(p.error.find("not trained for infilling") != std::string::npos);
        QVERIFY(p.modelIds.empty());
    }

    void fillsTheGapAndKeepsTheRest() {
        auto model = fimModel(11);
        Generator g(model, gentest::richTokenizer());
        const midi::Score piece = sixBars(g);
        const auto& tok = gentest::richTokenizer();
        const auto info = fimInfo(model);
        const auto ids = encodeAsOneStream(tok, piece, nullptr);
        const auto ticks = barTicks(g.grammar(), ids);
        QVERIFY(ticks.size() >= 6);

        const auto p = buildInfillingPrompt(tok, g.grammar(), info, piece, 3, 4, {});
        QVERIFY2(p.error.empty(), p.error.c_str());
        QCOMPARE(p.gapBars, 2);
        QCOMPARE(p.prompt.keepBeforeTokenTick, ticks[2]);
        QCOMPARE(p.prompt.keepFromTokenTick, ticks[4]);
        // Layout: [P] before [S] after [M] Bar(3) ...
        const auto markers = data::infillingTokensAfter(baseVocab());
        QCOMPARE(std::int64_t(p.modelIds.front()), markers.prefix);
        const auto s = std::find(p.modelIds.begin(), p.modelIds.end(), std::int32_t(markers.suffix));
        const auto m = std::find(p.modelIds.begin(), p.modelIds.end(), std::int32_t(markers.middle));
        QVERIFY(s != p.modelIds.end() && m != p.modelIds.end() && s < m);
        QCOMPARE(std::vector<std::int32_t>(s + 1, s + 1 + 5), std::vector<std::int32_t>(p.after.begin(), p.after.begin() + 5));
        QCOMPARE(g.grammar().table().info(*(m + 1)).kind, remi::TokenKind::Bar);

        GenerationRequest r;
        r.settings.length.bars = p.gapBars;
        r.settings.sampling.seed = 9;
        r.settings.constraints.minNotesPerBar = 1;
        r.prompt = p.prompt.ids;
        r.modelPrompt = p.modelIds;
        r.promptOpensNewBar = p.prompt.opensNewBar;
        r.tempoMicros = p.prompt.tempoMicros;
        const auto result = g.run(r);
        QVERIFY2(result.error.empty(), result.error.c_str());
        const auto& seq = result.sequences[0];
        QCOMPARE(seq.bars, 2);
        QVERIFY(!seq.newNotes.empty());
        // The grammar holds through the gap and into the bars after it.
        std::vector<std::int32_t> joined = seq.ids;
        joined.insert(joined.end(), p.after.begin(), p.after.end());
        const auto problem = g.grammar().checkPrefix(joined);
        QVERIFY2(!problem, problem ? problem->reason.c_str() : "");
        for (std::int32_t id : seq.ids) QVERIFY(id < baseVocab());  // markers are never sampled

        const midi::Score out = assembleOntoPrompt(piece, p.prompt, seq.newNotes, piece.ticksPerQuarter);
        std::vector<midi::Note> outside, inGap;
        for (const auto& n : notesOf(piece)) (n.start < ticks[2] || n.start >= ticks[4] ? outside : inGap).push_back(n);
        QVERIFY(!outside.empty() && !inGap.empty());
        std::vector<midi::Note> kept;
        for (const auto& n : notesOf(out)) if (n.start < ticks[2] || n.start >= ticks[4]) kept.push_back(n);
        QCOMPARE(kept, outside);  // exactly the file's notes outside the gap, nothing added there
        for (const auto& n : seq.newNotes) {
            QVERIFY(n.note.start >= ticks[2]);
            QVERIFY(n.note.start < ticks[4]);
        }
    }

    void modelFilesCarryTheirExtraTokens() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("fim.safetensors").toStdString();
        auto model = fimModel(2);
        model::ModelFile::SaveOptions options;
        options.extraTokens = data::infillingTokenNames();
        QVERIFY(!model::ModelFile::save(path, model, gentest::richTokenizer().config().toMidiTokJson(), options));
        const auto inspected = model::ModelFile::inspect(path, {baseVocab()});
        QVERIFY2(inspected, inspected.error ? inspected.error->toString().c_str() : "");
        QCOMPARE(inspected.info.extraTokens, data::infillingTokenNames());
        QCOMPARE(inspected.info.baseVocabSize(), baseVocab());
        QVERIFY(infillingUnsupportedReason(inspected.info).empty());
        // Without the list the same weights do not fit the tokenizer.
        QVERIFY(!model::ModelFile::save(path + "2", model, gentest::richTokenizer().config().toMidiTokJson()));
        QVERIFY(!model::ModelFile::inspect(path + "2", {baseVocab()}));
    }
};

QTEST_APPLESS_MAIN(TestInfilling)
#include "tst_infilling.moc"
