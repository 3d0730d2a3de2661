// Evaluation: loss, perplexity and token accuracy of a model over the batches of a sampler
// (a validation or test part), without gradients. Used by TrainingSession's validation and by
// `mozart eval`. Runs on the calling thread; checks `cancel` between batches.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "data/BatchSampler.h"
#include "model/Transformer.h"
#include "train/TrainingLoss.h"

namespace mozart::train {

struct EvaluationOptions {
    std::size_t maxBatches = 0;  // 0: every batch of the sampler's epoch 0
    std::int64_t padId = 0;
    bool bf16 = false;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(std::size_t done, std::size_t total)> progress;  // calling thread
};

// The model should be in eval mode (the caller decides; dropout would make figures noisy).
// Rows without a label get label 0 on a conditioned model. Returns what was summed before a
// cancel (cancelled = true then).
struct EvaluationResult {
    EvaluationSums sums;
    std::size_t batches = 0;
    bool cancelled = false;
};
EvaluationResult evaluate(const model::Transformer& model, const data::BatchSampler& sampler,
                          const EvaluationOptions& options);

}  // namespace mozart::train
