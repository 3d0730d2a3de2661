// ModelEvaluation: the parts of `mozart eval` that run the model (the only LibTorch code of
// core/eval): likelihood on a dataset part overall and per composer label, and a set of
// generated pieces with the figures of their validity.
//
// Both run on the calling thread and check `cancel` between batches / tokens; `progress` is
// called on the calling thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/DatasetSplit.h"
#include "eval/EvalReport.h"
#include "midi/Score.h"

namespace mozart::model { class Transformer; }
namespace mozart::train { class TrainingCorpus; }
namespace mozart::remi { class RemiTokenizer; }

namespace mozart::eval {

struct LikelihoodOptions {
    std::size_t batch = 8;
    std::size_t maxBatches = 0;  // per label; 0: all
    bool bf16 = false;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(std::size_t done, std::size_t total)> progress;  // batches
};

// [0] is the whole part, then one row per label with pieces in the part (and "(no label)" for
// pieces in the folder's root). The overall row is the sum of the others (every window once).
struct LikelihoodResult {
    std::vector<LikelihoodFigures> rows;
    bool cancelled = false;
    std::string error;
};
LikelihoodResult likelihoodByLabel(const model::Transformer& model, const train::TrainingCorpus& corpus,
                                   data::DatasetPart part, const LikelihoodOptions& options);

struct SampleOptions {
    int count = 8;
    int bars = 8;
    std::uint64_t firstSeed = 1;          // sample i uses seed firstSeed + i
    double temperature = 1.0, topP = 1.0;
    int topK = 0;
    std::vector<std::string> labelNames;  // the model's labels; sample i takes label i mod count
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(int done, int total)> progress;
};

struct GeneratedPiece {
    GeneratedSample sample;     // label, seed, bars, notes, tokens (statistics/copy filled by the caller)
    midi::Score score;
};

struct SampleResult {
    std::vector<GeneratedPiece> pieces;      // sampled with the grammar mask
    ValidityFigures withGrammar, withoutGrammar;
    bool cancelled = false;
    std::string error;
};
// Samples `count` pieces with the grammar mask (kept) and the same seeds without it (for the
// validity figures only).
SampleResult generateSamples(model::Transformer& model, const remi::RemiTokenizer& tokenizer,
                             const SampleOptions& options);

}  // namespace mozart::eval
