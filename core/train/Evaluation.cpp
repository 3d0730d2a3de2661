#include "train/Evaluation.h"

#include <ATen/ATen.h>

#include "model/CpuAutocast.h"

namespace mozart::train {

EvaluationResult evaluate(const model::Transformer& model, const data::BatchSampler& sampler,
                          const EvaluationOptions& options) {
    EvaluationResult result;
    const std::int64_t B = std::int64_t(sampler.batchSize()), R = std::int64_t(sampler.rowLength());
    at::Tensor batch = at::empty({B, R}, at::kLong), labels = at::empty({B}, at::kLong);
    std::size_t total = sampler.batchesPerEpoch();
    if (options.maxBatches > 0) total = std::min(total, options.maxBatches);
    at::NoGradGuard noGrad;
    for (std::size_t b = 0; b < total; ++b) {
        if (options.cancel && options.cancel->load()) {
            result.cancelled = true;
            break;
        }
        sampler.fillBatch(0, b, batch.data_ptr<std::int64_t>(), labels.data_ptr<std::int64_t>());
        labels.clamp_min_(0);
        at::Tensor logits;
        {
            model::CpuAutocast autocast(options.bf16);
            logits = model.forward(batch.narrow(1, 0, R - 1), model.config().conditioned() ? labels : at::Tensor());
        }
        result.sums += evaluationSums(logits.reshape({-1, logits.size(-1)}), batch.narrow(1, 1, R - 1).reshape({-1}),
                                      options.padId);
        ++result.batches;
        if (options.progress) options.progress(b + 1, total);
    }
    return result;
}

}  // namespace mozart::train
