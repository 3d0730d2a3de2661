// TokenSampler and GenerationSettings: seeded draws repeat, masks and top-k/top-p limit the choice,
// temperature sharpens it, nothing allowed gives -1; settings validate and survive their JSON form;
// recipes round-trip and refuse what is not one.
#include <QtTest>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "generate/GenerationSettings.h"
#include "generate/Recipe.h"
#include "generate/TokenSampler.h"

using namespace mozart::generate;

class TestTokenSampler : public QObject {
    Q_OBJECT

    static std::vector<float> logits() { return {2.0f, 1.0f, 0.5f, 0.0f, -1.0f, 3.0f, -2.0f, 1.5f}; }

    static std::vector<std::int32_t> draws(const SamplingSettings& s, std::uint64_t seed, int n,
                                           const std::uint8_t* mask = nullptr) {
        TokenSampler sampler(s, seed, 8);
        const auto l = logits();
        std::vector<std::int32_t> out;
        for (int i = 0; i < n; ++i) out.push_back(sampler.sample(l.data(), mask));
        return out;
    }

private Q_SLOTS:
    void seedRepeats() {
        SamplingSettings s;
        QCOMPARE(draws(s, 5, 200), draws(s, 5, 200));
        QVERIFY(draws(s, 5, 200) != draws(s, 6, 200));
    }

    void maskLimitsTheChoice() {
        SamplingSettings s;
        const std::uint8_t mask[8] = {0, 1, 0, 1, 0, 0, 0, 0};
        for (std::int32_t id : draws(s, 1, 300, mask)) QVERIFY(id == 1 || id == 3);
        const std::uint8_t none[8] = {};
        QCOMPARE(draws(s, 1, 1, none).front(), -1);
    }

    void topKAndTopP() {
        SamplingSettings s;
        s.topK = 2;
        for (std::int32_t id : draws(s, 2, 300)) QVERIFY(id == 5 || id == 0);  // the two largest logits
        s.topK = 0;
        s.topP = 0.5;  // softmax mass of logit 3 alone is ~0.5: it and maybe the next
        std::set<std::int32_t> seen;
        for (std::int32_t id : draws(s, 3, 300)) seen.insert(id);
        QVERIFY(seen.count(5));
        QVERIFY(seen.size() <= 2);
        s.topP = 1e-6;
        for (std::int32_t id : draws(s, 3, 50)) QCOMPARE(id, 5);
    }

    void temperatureFollowsTheDistribution() {
        SamplingSettings s;
        std::map<std::int32_t, int> counts;
        for (std::int32_t id : draws(s, 4, 20000)) ++counts[id];
        // p(5) / p(0) = e^(3-2) ~ 2.72
        QVERIFY(std::abs(double(counts[5]) / counts[0] - 2.718) < 0.25);
        s.temperature = 0.05;
        for (std::int32_t id : draws(s, 4, 100)) QCOMPARE(id, 5);
    }

    void settingsValidateAndRoundTrip() {
        GenerationSettings s;
        QVERIFY(validate(s).empty());
        s.sampling.seed = 0xFFFFFFFFFFFFFFFFull;
        s.sampling.temperature = 0.8;
        s.sampling.topK = 40;
        s.sampling.topP = 0.95;
        s.length.bars = 12;
        s.prompt.composer = "chopin";
        s.prompt.tempo = 96;
        s.prompt.timeSigNumerator = 6;
        s.prompt.timeSigDenominator = 8;
        s.prompt.program = -1;
        s.constraints.keyRoot = pitchClassFromName("Bb");
        s.constraints.scale = "dorian";
        s.constraints.pitchLow = 40;
        s.constraints.pitchHigh = 90;
        s.constraints.minNotesPerBar = 2;
        s.constraints.maxNotesPerBar = 9;
        s.constraints.programs = {0, -1};
        s.grammar = false;
        s.variations = 3;
        QVERIFY(validate(s).empty());
        const nlohmann::json j = s;
        const auto back = j.get<GenerationSettings>();
        QCOMPARE(nlohmann::json(back).dump(), j.dump());
        QCOMPARE(back.sampling.seed, s.sampling.seed);
        QCOMPARE(back.constraints.keyRoot, 10);

        auto bad = s;
        bad.sampling.topP = 0;
        QVERIFY(!validate(bad).empty());
        bad = s;
        bad.constraints.scale = "lydian-ish";
        QVERIFY(QString::fromStdString(validate(bad)).contains("lydian-ish"));
        bad = s;
        bad.constraints.minNotesPerBar = 10;
        QVERIFY(!validate(bad).empty());
        bad = s;
        bad.prompt.regenerateFromBar = 3;
        QVERIFY(!validate(bad).empty());  // needs a MIDI file
        QCOMPARE(pitchClassFromName("C#"), 1);
        QCOMPARE(pitchClassFromName("H"), -1);
        QCOMPARE(variationSeed(7, 0), std::uint64_t(7));
        QVERIFY(variationSeed(7, 1) != variationSeed(7, 2));
    }

    void recipeRoundTrip() {
        Recipe r;
        r.checkpointId = std::string(64, 'a');
        r.modelFile = "/models/m.safetensors";
        r.settings.sampling.seed = 99;
        r.settings.variations = 2;
        r.variation = 1;
        std::string error;
        const auto back = parseRecipe(toJson(r), &error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(toJson(*back), toJson(r));
        QCOMPARE(toJson(*back, -1), toJson(r, -1));
        QVERIFY(toJson(r, -1).find('\n') == std::string::npos);
        QVERIFY(!parseRecipe("{\"format\": \"something\"}", &error));
        QVERIFY(!parseRecipe("not json", &error));
        r.variation = 2;  // outside its batch of 2
        QVERIFY(!parseRecipe(toJson(r), &error));
    }
};

QTEST_APPLESS_MAIN(TestTokenSampler)
#include "tst_tokensampler.moc"
