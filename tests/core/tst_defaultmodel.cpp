// The default model the studio ships (resources/models/default/model.safetensors): it is in the
// repository, within its size budget, loads with the `rich` tokenizer its card names, knows the
// corpus's composers and the infilling tokens, writes a valid 8-bar piece for each composer and
// fills a gap while keeping the bars around it.
#include <QtTest>

#include <QFileInfo>

#include "data/FillInTheMiddle.h"
#include "generate/Generator.h"
#include "generate/InfillingPrompt.h"
#include "generate/PieceAssembly.h"
#include "model/CpuRuntime.h"
#include "model/ModelFile.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::generate;

namespace {

const std::string kModel = std::string(MOZART_SOURCE_DIR) + "/resources/models/default/model.safetensors";

const remi::RemiTokenizer& rich() {
    static const remi::RemiTokenizer tokenizer(remi::TokenizerConfig::rich());
    return tokenizer;
}

GenerationRequest eightBars(const remi::RemiGrammar& grammar, std::int64_t label, std::uint64_t seed) {
    GenerationSettings s;
    s.length.bars = 8;
    s.sampling.seed = seed;
    s.prompt.tempo = 100;
    const Prompt p = buildPrompt(rich(), grammar, s.prompt, nullptr);
    GenerationRequest r;
    r.settings = s;
    r.prompt = p.ids;
    r.promptOpensNewBar = p.opensNewBar;
    r.tempoMicros = p.tempoMicros;
    r.label = label;
    return r;
}

}  // namespace

class TestDefaultModel : public QObject {
    Q_OBJECT
    model::ModelFile::LoadResult loaded_;

private Q_SLOTS:
    void initTestCase() {
        model::setComputeThreads(1);
        QVERIFY2(QFileInfo::exists(QString::fromStdString(kModel)), "the default model is missing from resources/");
        QVERIFY(QFileInfo(QString::fromStdString(kModel)).size() <= 30 * 1024 * 1024);
        loaded_ = model::ModelFile::load(kModel, {std::int64_t(rich().vocabulary().size())});
        QVERIFY2(loaded_, loaded_.error ? loaded_.error->toString().c_str() : "");
    }

    void isWhatItsCardSays() {
        const auto& info = loaded_.info;
        QVERIFY(info.bfloat16);
        auto tokenizer = remi::TokenizerConfig::fromMidiTokJson(info.tokenizerConfig, nullptr);
        QVERIFY(tokenizer);
        QCOMPARE(tokenizer->toMidiTokJson(), remi::TokenizerConfig::rich().toMidiTokJson());
        QCOMPARE(info.extraTokens, data::infillingTokenNames());
        QVERIFY(infillingUnsupportedReason(info).empty());
        QCOMPARE(info.labels, (std::vector<std::string>{"Beethoven", "Mozart", "Tchaikovsky"}));
    }

    void writesValidPiecesForEachComposer() {
        Generator g(*loaded_.model, rich());
        for (std::int64_t label = 0; label < 3; ++label) {
            const auto result = g.run(eightBars(g.grammar(), label, 100 + std::uint64_t(label)));
            QVERIFY2(result.error.empty(), result.error.c_str());
            const auto& seq = result.sequences[0];
            QVERIFY(!g.grammar().check(seq.ids));
            QCOMPARE(seq.bars, 8);
            QVERIFY2(seq.notes >= 16, qPrintable(QStringLiteral("only %1 notes").arg(seq.notes)));
            const midi::Score score = sequenceToScore(rich(), seq.ids, 0, 0);
            std::size_t notes = 0;
            for (const auto& t : score.tracks) notes += t.notes.size();
            QCOMPARE(int(notes), seq.notes);
        }
    }

    void fillsAGapKeepingTheBarsAround() {
        Generator g(*loaded_.model, rich());
        const auto first = g.run(eightBars(g.grammar(), 1, 7));
        const midi::Score piece = sequenceToScore(rich(), first.sequences[0].ids, 0, 0);
        const auto p = buildInfillingPrompt(rich(), g.grammar(), loaded_.info, piece, 3, 5, {});
        QVERIFY2(p.error.empty(), p.error.c_str());
        GenerationRequest r;
        r.settings.length.bars = p.gapBars;
        r.settings.sampling.seed = 8;
        r.prompt = p.prompt.ids;
        r.modelPrompt = p.modelIds;
        r.promptOpensNewBar = true;
        r.tempoMicros = p.prompt.tempoMicros;
        r.label = 1;
        const auto filled = g.run(r);
        QVERIFY2(filled.error.empty(), filled.error.c_str());
        std::vector<std::int32_t> joined = filled.sequences[0].ids;
        joined.insert(joined.end(), p.after.begin(), p.after.end());
        const auto problem = g.grammar().checkPrefix(joined);
        QVERIFY2(!problem, problem ? (problem->reason + " at " + std::to_string(problem->index) + " of " +
                                      std::to_string(joined.size()) + ", gap ends at " +
                                      std::to_string(filled.sequences[0].ids.size()) + ": " + problem->token).c_str()
                                   : "");
        QCOMPARE(filled.sequences[0].bars, 3);
        const midi::Score out = assembleOntoPrompt(piece, p.prompt, filled.sequences[0].newNotes, piece.ticksPerQuarter);
        auto outside = [&](const midi::Score& s) {
            std::vector<midi::Note> v;
            for (const auto& t : s.tracks)
                for (const auto& n : t.notes)
                    if (n.start < p.prompt.keepBeforeTokenTick || n.start >= p.prompt.keepFromTokenTick) v.push_back(n);
            std::sort(v.begin(), v.end(), [](const midi::Note& a, const midi::Note& b) {
                return std::tie(a.start, a.pitch, a.duration, a.velocity) < std::tie(b.start, b.pitch, b.duration, b.velocity);
            });
            return v;
        };
        QCOMPARE(outside(out), outside(piece));
    }
};

QTEST_APPLESS_MAIN(TestDefaultModel)
#include "tst_defaultmodel.moc"
