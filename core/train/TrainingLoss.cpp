#include "train/TrainingLoss.h"

#include <cmath>

#include <ATen/ATen.h>

namespace mozart::train {

at::Tensor trainingLoss(const at::Tensor& logits, const at::Tensor& targets,
                        const at::Tensor& forbidden, const LossSettings& settings,
                        double normalizer) {
    const at::Tensor x = logits.scalar_type() == at::kFloat ? logits : logits.to(at::kFloat);
    at::Tensor loss = at::cross_entropy_loss(x, targets, {}, at::Reduction::Sum, settings.padId,
                                             settings.labelSmoothing);
    if (settings.structureWeight > 0 && forbidden.defined()) {
        const at::Tensor probs = at::softmax(x, -1);
        const at::Tensor mask = forbidden.to(at::kFloat) *
                                targets.ne(settings.padId).to(at::kFloat).unsqueeze(1);
        loss = loss + settings.structureWeight * (probs * mask).sum();
    }
    return loss / normalizer;
}

double EvaluationSums::perplexity() const { return std::exp(meanLoss()); }

EvaluationSums evaluationSums(const at::Tensor& logits, const at::Tensor& targets, std::int64_t padId) {
    const at::Tensor x = logits.scalar_type() == at::kFloat ? logits : logits.to(at::kFloat);
    const at::Tensor valid = targets.ne(padId);
    EvaluationSums s;
    s.crossEntropy = at::cross_entropy_loss(x, targets, {}, at::Reduction::Sum, padId, 0.0).item<double>();
    s.tokens = valid.sum().item<std::int64_t>();
    s.correct = (x.argmax(-1).eq(targets) & valid).sum().item<std::int64_t>();
    return s;
}

}  // namespace mozart::train
