#include "eval/ModelEvaluation.h"

#include <map>
#include <memory>

#include "data/BatchSampler.h"
#include "data/TrainingWindows.h"
#include "generate/Generator.h"
#include "generate/PromptBuilder.h"
#include "model/Transformer.h"
#include "remi/RemiGrammar.h"
#include "remi/RemiTokenizer.h"
#include "train/Evaluation.h"
#include "train/TrainingCorpus.h"

namespace mozart::eval {

namespace {

LikelihoodFigures figures(const std::string& label, std::size_t pieces, std::size_t windows,
                          const train::EvaluationSums& sums) {
    LikelihoodFigures f;
    f.label = label;
    f.pieces = pieces;
    f.windows = windows;
    f.tokens = sums.tokens;
    f.loss = sums.meanLoss();
    f.perplexity = sums.perplexity();
    f.accuracy = sums.accuracy();
    return f;
}

struct LabelGroup {
    std::vector<std::size_t> pieces;
    std::shared_ptr<const data::BatchSampler> sampler;
    std::size_t windows = 0, batches = 0;
};

// Generated tokens the grammar rejects (each skipped, as the decoder skips them), over the whole
// sequence; the prompt is the grammar's own and always passes.
std::int64_t grammarRejections(const remi::RemiGrammar& grammar, const std::vector<std::int32_t>& ids) {
    remi::RemiGrammar::State state = grammar.initialState();
    std::int64_t rejected = 0;
    for (std::int32_t id : ids)
        if (!grammar.advance(state, id)) ++rejected;
    return rejected;
}

}  // namespace

LikelihoodResult likelihoodByLabel(const model::Transformer& model, const train::TrainingCorpus& corpus,
                                   data::DatasetPart part, const LikelihoodOptions& options) {
    LikelihoodResult result;
    const auto windows = corpus.windows(part);
    std::map<int, LabelGroup> groups;  // by label (-1: the folder's root)
    std::vector<bool> seen(corpus.dataset().pieces().size(), false);
    for (std::size_t i = 0; i < windows->size(); ++i) {
        const data::TrainingWindow& w = (*windows)[i];
        if (seen.at(w.piece)) continue;
        seen[w.piece] = true;
        groups[w.label].pieces.push_back(w.piece);
    }
    std::size_t total = 0;
    for (auto& [label, g] : groups) {
        auto built = data::TrainingWindows::build(corpus.dataset(), g.pieces, windows->config(),
                                                  corpus.tokenizer().vocabulary(), &result.error);
        if (!built) return result;
        auto shared = std::make_shared<const data::TrainingWindows>(std::move(*built));
        g.windows = shared->size();
        data::SamplerConfig config;
        config.batchSize = std::max<std::size_t>(1, options.batch);
        config.shuffle = false;
        config.dropLast = false;
        auto sampler = data::BatchSampler::create(shared, config, nullptr, &result.error);
        if (!sampler) return result;
        g.sampler = std::make_shared<const data::BatchSampler>(*sampler);
        g.batches = g.sampler->batchesPerEpoch();
        if (options.maxBatches) g.batches = std::min(g.batches, options.maxBatches);
        total += g.batches;
    }
    train::EvaluationSums all;
    std::size_t allPieces = 0, allWindows = 0, done = 0;
    std::vector<LikelihoodFigures> rows;
    for (auto& [label, g] : groups) {
        train::EvaluationOptions eo;
        eo.maxBatches = g.batches;
        eo.padId = corpus.padId();
        eo.bf16 = options.bf16;
        eo.cancel = options.cancel;
        const std::size_t before = done;
        eo.progress = [&](std::size_t d, std::size_t) {
            done = before + d;
            if (options.progress) options.progress(done, total);
        };
        const train::EvaluationResult r = train::evaluate(model, *g.sampler, eo);
        if (r.cancelled) {
            result.cancelled = true;
            return result;
        }
        all += r.sums;
        allPieces += g.pieces.size();
        allWindows += g.windows;
        const std::string name = label < 0 ? std::string("(no label)") : corpus.labels().at(std::size_t(label));
        rows.push_back(figures(name, g.pieces.size(), g.windows, r.sums));
    }
    result.rows.push_back(figures("all", allPieces, allWindows, all));
    result.rows.insert(result.rows.end(), rows.begin(), rows.end());
    return result;
}

namespace {

generate::GenerationSettings sampleSettings(const SampleOptions& o, int i, bool grammar) {
    generate::GenerationSettings s;
    s.sampling.seed = o.firstSeed + std::uint64_t(i);
    s.sampling.temperature = o.temperature;
    s.sampling.topK = o.topK;
    s.sampling.topP = o.topP;
    s.length.bars = o.bars;
    s.length.tokens = o.bars * 256;  // bounds a grammar-free run that rarely writes a Bar
    s.grammar = grammar;
    return s;
}

void addValidity(ValidityFigures& v, const remi::RemiGrammar& grammar, const remi::RemiTokenizer& tokenizer,
                 const generate::SequenceResult& seq) {
    const std::int64_t rejected = grammarRejections(grammar, seq.ids);
    ++v.sequences;
    if (rejected == 0) ++v.valid;
    v.tokens += std::int64_t(seq.ids.size() - seq.promptLength);
    v.grammarErrors += rejected;
    v.decoderErrors += tokenizer.decodeIds({seq.ids}).errors;
}

GeneratedPiece pieceOf(const generate::SequenceResult& seq, const remi::RemiTokenizer& tokenizer,
                       const generate::Prompt& prompt, const SampleOptions& o, int label, std::uint64_t seed) {
    GeneratedPiece piece;
    piece.sample.label = label;
    if (label >= 0)
        piece.sample.labelName = std::size_t(label) < o.labelNames.size() ? o.labelNames[std::size_t(label)]
                                                                          : std::to_string(label);
    piece.sample.seed = seed;
    piece.sample.bars = seq.bars;
    piece.sample.notes = seq.notes;
    piece.sample.tokens = int(seq.ids.size() - seq.promptLength);
    piece.score = generate::sequenceToScore(tokenizer, seq.ids, 0, prompt.outputTempoMicros);
    return piece;
}

}  // namespace

SampleResult generateSamples(model::Transformer& model, const remi::RemiTokenizer& tokenizer,
                             const SampleOptions& o) {
    SampleResult result;
    result.withGrammar.grammar = true;
    result.withoutGrammar.grammar = false;
    generate::Generator generator(model, tokenizer);
    generator.setTokenCallback([&](int, std::int32_t) {
        if (o.cancel && o.cancel->load()) generator.cancel();
    });
    const int labels = int(model.config().conditioningLabels);
    int done = 0;
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < o.count; ++i) {
            generate::GenerationRequest request;
            request.settings = sampleSettings(o, i, pass == 0);
            request.label = labels > 0 ? i % labels : 0;
            const generate::Prompt prompt =
                generate::buildPrompt(tokenizer, generator.grammar(), request.settings.prompt, nullptr);
            if (!prompt.error.empty()) {
                result.error = prompt.error;
                return result;
            }
            request.prompt = prompt.ids;
            request.promptOpensNewBar = prompt.opensNewBar;
            request.tempoMicros = prompt.tempoMicros;
            generate::GenerationResult g = generator.run(request);
            if (!g.error.empty()) {
                result.error = g.error;
                return result;
            }
            if (g.cancelled || g.sequences.empty() || (o.cancel && o.cancel->load())) {
                result.cancelled = true;
                return result;
            }
            const generate::SequenceResult& seq = g.sequences.front();
            addValidity(pass == 0 ? result.withGrammar : result.withoutGrammar, generator.grammar(), tokenizer, seq);
            if (pass == 0)
                result.pieces.push_back(pieceOf(seq, tokenizer, prompt, o, labels > 0 ? int(request.label) : -1,
                                                request.settings.sampling.seed));
            if (o.progress) o.progress(++done, 2 * o.count);
        }
    }
    return result;
}

}  // namespace mozart::eval
