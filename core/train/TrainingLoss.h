// TrainingLoss: the objective a training step minimises and the figures validation reports.
//
//   loss = CE_smoothed(logits, targets) summed over non-PAD targets / normalizer
//        + structureWeight * (sum over non-PAD targets of the probability mass on ids the
//                             grammar forbids there) / normalizer
//
// Label smoothing follows PyTorch: (1 - e) * nll(target) + e * mean over the vocabulary of -log p.
// The normalizer is the number of non-PAD targets of the whole (accumulated) batch, so
// micro-batches add up to exactly the full batch's mean.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace mozart::train {

struct LossSettings {
    std::int64_t padId = 0;
    double labelSmoothing = 0.0;
    double structureWeight = 0.0;
};

// logits: float [N, V] (other dtypes are converted); targets: int64 [N]; forbidden: uint8 or
// bool [N, V] (1 = the grammar forbids that id as this target) or undefined (no structure term).
// Returns a scalar float tensor that records gradients.
at::Tensor trainingLoss(const at::Tensor& logits, const at::Tensor& targets,
                        const at::Tensor& forbidden, const LossSettings& settings,
                        double normalizer);

// Sums for evaluation (no smoothing, no structure term): cross-entropy over non-PAD targets,
// number of such targets, and how many of them the arg-max prediction gets right.
struct EvaluationSums {
    double crossEntropy = 0;
    std::int64_t tokens = 0;
    std::int64_t correct = 0;
    EvaluationSums& operator+=(const EvaluationSums& o) {
        crossEntropy += o.crossEntropy;
        tokens += o.tokens;
        correct += o.correct;
        return *this;
    }
    double meanLoss() const { return tokens ? crossEntropy / double(tokens) : 0.0; }
    double perplexity() const;
    double accuracy() const { return tokens ? double(correct) / double(tokens) : 0.0; }
};
EvaluationSums evaluationSums(const at::Tensor& logits, const at::Tensor& targets, std::int64_t padId);

}  // namespace mozart::train
