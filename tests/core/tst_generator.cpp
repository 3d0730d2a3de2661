// Generator: determinism (seed; 1 vs 2 threads), grammar-valid output for many seeds, the grammar
// switch, masks honoured (scale, range, density, programs), prompts (forced opening, continuation,
// regeneration from bar K keeping earlier bars), lengths (bars, seconds, tokens), the sliding
// window past the context, batched variations, streaming callbacks, cancel, conditioning labels.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "GenerationFixtures.h"
#include "generate/Generator.h"
#include "generate/PieceAssembly.h"
#include "generate/PromptBuilder.h"
#include "model/CpuRuntime.h"

using namespace mozart;
using namespace mozart::generate;

namespace {

GenerationRequest requestFor(const GenerationSettings& settings, const midi::Score* score = nullptr) {
    const auto& tok = gentest::richTokenizer();
    remi::RemiGrammar grammar(tok.config(), tok.vocabulary());
    const Prompt prompt = buildPrompt(tok, grammar, settings.prompt, score);
    if (!prompt.error.empty()) qFatal("prompt: %s", prompt.error.c_str());
    GenerationRequest r;
    r.settings = settings;
    r.prompt = prompt.ids;
    r.promptOpensNewBar = prompt.opensNewBar;
    r.tempoMicros = prompt.tempoMicros;
    return r;
}

GenerationSettings tokens(int n, std::uint64_t seed) {
    GenerationSettings s;
    s.length.tokens = n;
    s.sampling.seed = seed;
    return s;
}

midi::Score decode(const std::vector<std::int32_t>& ids) {
    return sequenceToScore(gentest::richTokenizer(), ids, 0, 0);
}

std::vector<midi::Note> allNotes(const midi::Score& score) {
    std::vector<midi::Note> out;
    for (const auto& t : score.tracks) out.insert(out.end(), t.notes.begin(), t.notes.end());
    std::sort(out.begin(), out.end(), [](const midi::Note& a, const midi::Note& b) {
        return std::tie(a.start, a.pitch, a.duration, a.velocity) < std::tie(b.start, b.pitch, b.duration, b.velocity);
    });
    return out;
}

}  // namespace

class TestGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSeedSamePiece() {
        auto model = gentest::tinyModel();
        Generator g(model, gentest::richTokenizer());
        const auto a = g.run(requestFor(tokens(120, 7)));
        const auto b = g.run(requestFor(tokens(120, 7)));
        const auto c = g.run(requestFor(tokens(120, 8)));
        QVERIFY(a.error.empty());
        QCOMPARE(a.sequences[0].ids.size(), a.sequences[0].promptLength + 120);
        QCOMPARE(a.sequences[0].ids, b.sequences[0].ids);
        QVERIFY(a.sequences[0].ids != c.sequences[0].ids);
    }

    void sameSeedAcrossThreadCounts() {
        auto model = gentest::tinyModel();
        Generator g(model, gentest::richTokenizer());
        auto s = tokens(150, 11);
        s.variations = 2;
        model::setComputeThreads(1);
        const auto one = g.run(requestFor(s));
        model::setComputeThreads(2);
        const auto two = g.run(requestFor(s));
        model::setComputeThreads(1);
        QCOMPARE(one.sequences[0].ids, two.sequences[0].ids);
        QCOMPARE(one.sequences[1].ids, two.sequences[1].ids);
    }

    void grammarHoldsForManySeeds() {
        auto model = gentest::tinyModel(3);
        Generator g(model, gentest::richTokenizer());
        for (std::uint64_t seed = 0; seed < 24; ++seed) {
            GenerationSettings s;
            s.length.bars = 2;
            s.sampling.seed = seed;
            s.sampling.temperature = 1.5;
            s.constraints.maxNotesPerBar = 6;  // a random model rarely ends a bar on its own
            const auto r = g.run(requestFor(s));
            QVERIFY(r.error.empty());
            const auto& ids = r.sequences[0].ids;
            const auto problem = g.grammar().check(ids);
            QVERIFY2(!problem, problem ? problem->reason.c_str() : "");
            QCOMPARE(r.sequences[0].grammarErrors, 0);
            const auto decoded = gentest::richTokenizer().decodeIds({ids});
            QCOMPARE(decoded.errors, 0);
        }
    }

    void withoutGrammarErrorsAppear() {
        auto model = gentest::tinyModel(3);
        Generator g(model, gentest::richTokenizer());
        auto s = tokens(200, 5);
        s.grammar = false;
        const auto r = g.run(requestFor(s));
        QVERIFY(r.sequences[0].grammarErrors > 20);  // a random model breaks the grammar often
        QVERIFY(g.grammar().check(r.sequences[0].ids).has_value());
    }

    void masksAreHonoured() {
        auto model = gentest::tinyModel(4);
        Generator g(model, gentest::richTokenizer());
        GenerationSettings s;
        s.length.bars = 4;
        s.constraints.keyRoot = 2;  // D major
        s.constraints.scale = "major";
        s.constraints.pitchLow = 60;
        s.constraints.pitchHigh = 79;
        s.constraints.minNotesPerBar = 2;
        s.constraints.maxNotesPerBar = 5;
        s.constraints.programs = {0, 40};
        const std::set<int> dMajor{2, 4, 6, 7, 9, 11, 1};
        for (std::uint64_t seed = 0; seed < 6; ++seed) {
            s.sampling.seed = seed;
            const auto r = g.run(requestFor(s));
            const auto& seq = r.sequences[0];
            QVERIFY(!g.grammar().check(seq.ids));
            QCOMPARE(seq.bars, 4);
            const midi::Score score = decode(seq.ids);
            for (const auto& t : score.tracks) {
                QVERIFY2(t.program == 0 || t.program == 40, qPrintable(QString::number(t.program)));
                QVERIFY(!t.isDrum);
                for (const auto& n : t.notes) {
                    QVERIFY2(dMajor.count(n.pitch % 12), qPrintable(QString::number(n.pitch)));
                    QVERIFY(n.pitch >= 60 && n.pitch <= 79);
                }
            }
            // Notes per bar, by the grammar's own clock.
            std::map<int, int> perBar;
            remi::RemiGrammar::State st = g.grammar().initialState();
            for (std::int32_t id : seq.ids) {
                const auto kind = g.grammar().table().info(id).kind;
                g.grammar().advance(st, id);
                if (kind == remi::TokenKind::Pitch) ++perBar[st.time.currentBar];
            }
            QVERIFY(st.time.currentBar == 3);
            for (int bar = 0; bar < 4; ++bar) {
                QVERIFY2(perBar[bar] >= 2 && perBar[bar] <= 5,
                         qPrintable(QStringLiteral("seed %1 bar %2: %3 notes").arg(seed).arg(bar).arg(perBar[bar])));
            }
        }
    }

    void impossibleConstraintsStillFinish() {
        auto model = gentest::tinyModel(15);
        Generator g(model, gentest::richTokenizer());
        GenerationSettings s;
        s.length.bars = 3;
        s.constraints.keyRoot = 0;
        s.constraints.scale = "major";
        s.constraints.pitchLow = 61;  // C#: outside C major, so no pitch is allowed at all
        s.constraints.pitchHigh = 61;
        s.constraints.minNotesPerBar = 2;
        s.constraints.maxNotesPerBar = 4;
        for (std::uint64_t seed = 0; seed < 4; ++seed) {
            s.sampling.seed = seed;
            const auto r = g.run(requestFor(s));
            QVERIFY(r.error.empty());
            QCOMPARE(r.sequences[0].bars, 3);
            QVERIFY(!g.grammar().check(r.sequences[0].ids));
        }
    }

    void forcedOpening() {
        auto model = gentest::tinyModel();
        Generator g(model, gentest::richTokenizer());
        GenerationSettings s = tokens(30, 1);
        s.prompt.tempo = 90;
        s.prompt.timeSigNumerator = 3;
        s.prompt.timeSigDenominator = 4;
        s.prompt.program = 24;
        const auto r = g.run(requestFor(s));
        const auto& vocab = gentest::richTokenizer().vocabulary();
        const auto& ids = r.sequences[0].ids;
        QCOMPARE(QString::fromStdString(vocab.token(ids[0])), QStringLiteral("BOS_None"));
        QCOMPARE(QString::fromStdString(vocab.token(ids[1])), QStringLiteral("Bar_None"));
        QCOMPARE(QString::fromStdString(vocab.token(ids[2])), QStringLiteral("TimeSig_3/4"));
        QCOMPARE(QString::fromStdString(vocab.token(ids[3])), QStringLiteral("Position_0"));
        QVERIFY(QString::fromStdString(vocab.token(ids[4])).startsWith("Tempo_"));
        QCOMPARE(QString::fromStdString(vocab.token(ids[5])), QStringLiteral("Program_24"));
        const midi::Score score = decode(ids);
        QVERIFY(!score.tempos.empty());
        QVERIFY(std::abs(score.tempos.front().qpm() - 90) < 6);
        QCOMPARE(score.timeSignatures.front().numerator, 3);
    }

    void continuationKeepsPromptNotes() {
        auto model = gentest::tinyModel(5);
        Generator g(model, gentest::richTokenizer());
        GenerationSettings first;
        first.length.bars = 3;
        first.sampling.seed = 21;
        first.constraints.maxNotesPerBar = 6;
        const auto piece = g.run(requestFor(first));
        const midi::Score prompt = decode(piece.sequences[0].ids);
        QVERIFY(prompt.noteCount() > 0);
        GenerationSettings cont;
        cont.length.bars = 2;
        cont.sampling.seed = 22;
        cont.constraints.maxNotesPerBar = 6;
        cont.prompt.midiFile = "piece.mid";
        const auto r = g.run(requestFor(cont, &prompt));
        QVERIFY(!g.grammar().check(r.sequences[0].ids));
        QCOMPARE(r.sequences[0].bars, 2);
        const auto before = allNotes(prompt);
        const auto after = allNotes(decode(r.sequences[0].ids));
        QVERIFY(after.size() > before.size());
        for (const auto& n : before) QVERIFY(std::find(after.begin(), after.end(), n) != after.end());
    }

    void regenerateFromBarKeepsEarlierBars() {
        auto model = gentest::tinyModel(6);
        Generator g(model, gentest::richTokenizer());
        GenerationSettings first;
        first.length.bars = 5;
        first.sampling.seed = 31;
        first.constraints.minNotesPerBar = 1;
        first.constraints.maxNotesPerBar = 6;
        const midi::Score original = decode(g.run(requestFor(first)).sequences[0].ids);
        GenerationSettings regen;
        regen.length.bars = 3;
        regen.sampling.seed = 32;
        regen.prompt.midiFile = "piece.mid";
        regen.prompt.regenerateFromBar = 3;
        regen.constraints.maxNotesPerBar = 6;
        const auto r = g.run(requestFor(regen, &original));
        QVERIFY(!g.grammar().check(r.sequences[0].ids));
        const midi::Score result = decode(r.sequences[0].ids);
        // Bar 3 starts at the third Bar token of the original: find its tick by walking the tokens.
        remi::RemiGrammar::State st = g.grammar().initialState();
        midi::Tick bar3 = -1;
        for (std::int32_t id : r.sequences[0].ids) {
            g.grammar().advance(st, id);
            if (st.time.currentBar == 2) {
                bar3 = st.time.tickAtCurrentBar;
                break;
            }
        }
        QVERIFY(bar3 > 0);
        auto beforeBar = [&](const midi::Score& sc) {
            std::vector<midi::Note> out;
            for (const auto& n : allNotes(sc)) if (n.start < bar3) out.push_back(n);
            return out;
        };
        QVERIFY(!beforeBar(original).empty());
        QCOMPARE(beforeBar(result), beforeBar(original));
        QCOMPARE(r.sequences[0].bars, 3);  // bars 3, 4, 5 anew
        QVERIFY(allNotes(result) != allNotes(original));
    }

    void assemblyKeepsTheFilesOwnNotes() {
        // A file at 480 ticks per quarter with notes off the tokenizer's grid.
        midi::Score file;
        file.ticksPerQuarter = 480;
        midi::Track piano;
        for (int i = 0; i < 12; ++i) piano.notes.push_back(midi::Note{i * 457 + 13, 301 + 7 * i, std::uint8_t(60 + i % 7), std::uint8_t(50 + i)});
        file.tracks.push_back(piano);
        file.tempos.push_back(midi::Tempo{0, 600000});
        auto model = gentest::tinyModel(14);
        Generator g(model, gentest::richTokenizer());
        const int tpq = g.grammar().table().timing().ticksPerQuarter;
        for (int mode = 0; mode < 3; ++mode) {
            GenerationSettings s;
            s.length.bars = 2;
            s.constraints.minNotesPerBar = 1;
            s.constraints.maxNotesPerBar = 6;
            s.sampling.seed = 40 + mode;
            s.prompt.midiFile = "file.mid";
            if (mode == 1) s.prompt.lastBars = 2;
            if (mode == 2) s.prompt.regenerateFromBar = 3;
            const auto& tok = gentest::richTokenizer();
            const Prompt prompt = buildPrompt(tok, g.grammar(), s.prompt, &file);
            QVERIFY2(prompt.error.empty(), prompt.error.c_str());
            GenerationRequest r;
            r.settings = s;
            r.prompt = prompt.ids;
            r.promptOpensNewBar = prompt.opensNewBar;
            r.tempoMicros = prompt.tempoMicros;
            const auto result = g.run(r);
            QVERIFY(!result.sequences[0].newNotes.empty());
            const midi::Score piece = assembleOntoPrompt(file, prompt, result.sequences[0].newNotes, tpq);
            QCOMPARE(piece.ticksPerQuarter, 480);
            QCOMPARE(piece.tempos, file.tempos);
            const midi::Tick cut = mode == 2 ? 2 * 4 * 480 : std::numeric_limits<midi::Tick>::max();
            std::vector<midi::Note> kept;
            for (const auto& n : file.tracks[0].notes) if (n.start < cut) kept.push_back(n);
            std::vector<midi::Note> out = piece.tracks[0].notes;
            for (const auto& n : kept) QVERIFY(std::find(out.begin(), out.end(), n) != out.end());
            // New notes come after the prompt (continuation) or from bar K on (regeneration).
            const midi::Tick promptEnd = mode == 2 ? cut : 11 * 457 + 13;
            for (const auto& n : result.sequences[0].newNotes) {
                QVERIFY2((n.note.start + prompt.tokenTickOffset) * 480 / tpq >= promptEnd - 60,
                         qPrintable(QStringLiteral("mode %1").arg(mode)));
            }
            if (mode == 2) {
                for (const auto& t : piece.tracks) {
                    for (const auto& n : t.notes) {
                        if (n.start >= cut) QVERIFY(std::find(file.tracks[0].notes.begin(), file.tracks[0].notes.end(), n) == file.tracks[0].notes.end());
                    }
                }
            }
        }
    }

    void lengthInBarsSecondsTokens() {
        auto model = gentest::tinyModel(7);
        Generator g(model, gentest::richTokenizer());
        GenerationSettings s;
        s.length.bars = 3;
        s.constraints.maxNotesPerBar = 6;
        s.prompt.tempo = 120;
        s.prompt.timeSigNumerator = 4;
        s.prompt.timeSigDenominator = 4;
        auto r = g.run(requestFor(s));
        QCOMPARE(r.sequences[0].bars, 3);
        remi::RemiGrammar::State st = g.grammar().initialState();
        for (std::int32_t id : r.sequences[0].ids) g.grammar().advance(st, id);
        QCOMPARE(st.time.currentBar, 2);

        s.length.bars = 0;
        s.length.seconds = 5.0;  // 2.5 bars of 4/4 at 120 qpm
        r = g.run(requestFor(s));
        QVERIFY(r.sequences[0].seconds >= 4.0);  // notes begun before the limit may ring on past it
        st = g.grammar().initialState();
        for (std::int32_t id : r.sequences[0].ids) g.grammar().advance(st, id);
        const double endSeconds = midi::TempoMap(decode(r.sequences[0].ids)).seconds(st.time.currentTick);
        QVERIFY2(endSeconds < 5.0 && endSeconds >= 4.0, qPrintable(QString::number(endSeconds)));

        r = g.run(requestFor(tokens(37, 3)));
        QCOMPARE(r.sequences[0].ids.size() - r.sequences[0].promptLength, std::size_t(37));
    }

    void slidingWindowGoesPastTheContext() {
        auto model = gentest::tinyModel(8);
        Generator g(model, gentest::richTokenizer());
        const auto r = g.run(requestFor(tokens(300, 2)));  // context 64
        QCOMPARE(r.sequences[0].ids.size() - r.sequences[0].promptLength, std::size_t(300));
        QVERIFY(r.windowSlides >= 5);
        QVERIFY(!g.grammar().checkPrefix(r.sequences[0].ids));
    }

    void variationsInOneBatch() {
        auto model = gentest::tinyModel(9);
        Generator g(model, gentest::richTokenizer());
        auto s = tokens(80, 100);
        s.variations = 3;
        const auto r = g.run(requestFor(s));
        QCOMPARE(int(r.sequences.size()), 3);
        QVERIFY(r.sequences[0].ids != r.sequences[1].ids);
        QVERIFY(r.sequences[1].ids != r.sequences[2].ids);
        for (const auto& seq : r.sequences) QVERIFY(!g.grammar().checkPrefix(seq.ids));
        // Variation i is the single run with the derived seed (float32 both ways here).
        for (int i = 0; i < 3; ++i) {
            const auto single = g.run(requestFor(tokens(80, variationSeed(100, i))));
            QCOMPARE(single.sequences[0].ids, r.sequences[static_cast<std::size_t>(i)].ids);
        }
    }

    void streamingCallbacks() {
        auto model = gentest::tinyModel(10);
        Generator g(model, gentest::richTokenizer());
        std::vector<std::int32_t> streamed;
        std::vector<GeneratedNote> notes;
        std::vector<int> variations;  // checked here, after wait(): a QCOMPARE on the worker thread
        std::thread::id callbackThread;  // would not stop the test (Qt Test's checks are per thread)
        g.setTokenCallback([&](int variation, std::int32_t id) {
            variations.push_back(variation);
            streamed.push_back(id);
            callbackThread = std::this_thread::get_id();
        });
        g.setNoteCallback([&](const GeneratedNote& n) { notes.push_back(n); });
        GenerationSettings s;
        s.length.bars = 3;
        s.constraints.minNotesPerBar = 2;
        s.constraints.maxNotesPerBar = 6;
        s.sampling.seed = 4;
        g.start(requestFor(s));
        const auto r = g.wait();
        QVERIFY(callbackThread != std::this_thread::get_id());
        QVERIFY(!variations.empty());
        QCOMPARE(variations, std::vector<int>(variations.size(), 0));
        const auto& seq = r.sequences[0];
        QCOMPARE(streamed, std::vector<std::int32_t>(seq.ids.begin() + long(seq.promptLength), seq.ids.end()));
        QCOMPARE(int(notes.size()), seq.notes);
        std::vector<midi::Note> fromStream;
        for (const auto& n : notes) fromStream.push_back(n.note);
        std::sort(fromStream.begin(), fromStream.end(), [](const midi::Note& a, const midi::Note& b) {
            return std::tie(a.start, a.pitch, a.duration, a.velocity) < std::tie(b.start, b.pitch, b.duration, b.velocity);
        });
        QCOMPARE(fromStream, allNotes(decode(seq.ids)));
    }

    void cancelStopsPromptly() {
        auto model = gentest::tinyModel(11);
        Generator g(model, gentest::richTokenizer());
        std::atomic<int> count{0};
        g.setTokenCallback([&](int, std::int32_t) { ++count; });
        g.start(requestFor(tokens(1000000, 1)));
        while (count.load() < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        // Promptly in steps, not milliseconds (a loaded 2-core machine can stall any thread for
        // 100 ms): after cancel() returns, at most the step in flight still delivers a token.
        g.cancel();
        const int atCancel = count.load();
        const auto r = g.wait();
        QVERIFY(r.cancelled);
        QVERIFY2(count.load() - atCancel <= 1, qPrintable(QStringLiteral("%1 tokens after cancel()").arg(count.load() - atCancel)));
        QVERIFY(!g.grammar().checkPrefix(r.sequences[0].ids));
    }

    void conditioningLabelChangesThePiece() {
        auto model = gentest::tinyModel(12, 3);
        Generator g(model, gentest::richTokenizer());
        auto req = requestFor(tokens(60, 5));
        req.label = 0;
        const auto a = g.run(req);
        req.label = 2;
        const auto b = g.run(req);
        QVERIFY(a.error.empty());
        QVERIFY(a.sequences[0].ids != b.sequences[0].ids);
    }

    void badRequestsAreRefused() {
        auto model = gentest::tinyModel();
        Generator g(model, gentest::richTokenizer());
        auto s = tokens(10, 1);
        s.sampling.temperature = 0;
        QVERIFY(!g.run(requestFor(s)).error.empty());
        GenerationRequest r = requestFor(tokens(10, 1));
        r.prompt.clear();
        QVERIFY(!g.run(r).error.empty());
    }

    void promptLongerThanTheContext() {
        auto model = gentest::tinyModel(13);
        Generator g(model, gentest::richTokenizer());
        const auto longer = g.run(requestFor(tokens(150, 3)));  // context 64
        GenerationRequest r = requestFor(tokens(20, 4));
        r.prompt = longer.sequences[0].ids;
        const auto cont = g.run(r);
        QVERIFY(cont.error.empty());
        QCOMPARE(cont.sequences[0].ids.size(), r.prompt.size() + 20);
        QVERIFY(!g.grammar().checkPrefix(cont.sequences[0].ids));
    }
};

QTEST_APPLESS_MAIN(TestGenerator)
#include "tst_generator.moc"
