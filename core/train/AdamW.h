// AdamW: the optimizer, fused for the CPU. One pass over all gradients computes the global
// norm; a second pass, per parameter, does clipping, both moment updates, the decoupled weight
// decay, the parameter update and zeroes the gradient in place (so the next backward pass
// accumulates into the same buffers: no per-step allocation). Both passes are plain loops over
// float32 memory split across ATen's threads; no tensor temporaries.
//
// Weight decay applies to tensors of two or more dimensions (matrices, embeddings), not to
// biases and norm gains (the usual GPT practice).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/Transformer.h"

namespace mozart::train {

struct AdamWSettings {
    double beta1 = 0.9;
    double beta2 = 0.95;
    double epsilon = 1e-8;
    double weightDecay = 0.01;
};

class AdamW {
public:
    // `parameters`: float32, contiguous, requiring grad. Moments start at zero.
    AdamW(std::vector<model::NamedTensor> parameters, const AdamWSettings& settings);

    // L2 norm over every gradient (undefined gradients count as zero).
    double gradientNorm() const;
    // One update with learning rate `lr`, gradients scaled by `gradientScale` (the clipping
    // factor). Zeroes the gradients. Increments steps().
    void step(double lr, double gradientScale);
    // Zeroes the gradients without updating (a discarded partial step).
    void zeroGradients();

    // State, for checkpoints: the moments in the order of parameters(), and the step count.
    const std::vector<model::NamedTensor>& parameters() const { return parameters_; }
    const std::vector<at::Tensor>& firstMoments() const { return m_; }
    const std::vector<at::Tensor>& secondMoments() const { return v_; }
    std::int64_t steps() const { return steps_; }
    // Restores a saved state; false with `error` when the shapes or count differ.
    bool restore(const std::vector<at::Tensor>& m, const std::vector<at::Tensor>& v,
                 std::int64_t steps, std::string* error);

private:
    std::vector<model::NamedTensor> parameters_;
    std::vector<at::Tensor> m_, v_;
    AdamWSettings settings_;
    std::int64_t steps_ = 0;
};

}  // namespace mozart::train
