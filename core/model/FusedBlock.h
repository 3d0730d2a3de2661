// FusedBlock: one pre-norm Transformer block for training with bf16 matrix products, as a
// single autograd node with a hand-written backward. The model's math is unchanged (LayerNorm
// -> fused QKV -> causal attention with dropout on the weights -> output projection -> dropout
// -> residual; LayerNorm -> up -> ReLU or GELU -> optional dropout -> down -> dropout ->
// residual); what changes is how it runs: weights are cast to bf16 once per forward, matrix
// products take bf16 operands (oneDNN, float accumulation), LayerNorm, softmax and residual sums
// stay float32, bias, activation, dropout and residual are fused loops (BlockKernels), and
// autograd sees one node per block instead of ~40, so its temporaries and per-op overhead go away.
//
// Saved for the backward per block: one bf16 [B*T, feedForward] matrix for the MLP in both
// cases (ReLU: its output after the feed-forward dropout, whose zeros are the mask; GELU: the
// pre-activation, from which the backward recomputes the output along with the derivative, since
// both share the erf, and the dropout mask from its seed).
//
// Gradients flow into whatever the weight tensors were computed from (parameter overrides).
// Not twice differentiable.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

#include "model/ModelConfig.h"

namespace mozart::model {

struct FusedBlockWeights {
    at::Tensor norm1W, norm1B, qkvW, qkvB, outW, outB, norm2W, norm2B, upW, upB, downW, downB;
};

struct FusedBlockOptions {
    std::int64_t heads = 1;
    double normEpsilon = 1e-5;
    double dropout = 0.0;             // attention weights and both residual branches
    double feedForwardDropout = 0.0;  // on the activation's output, before the down projection
    bool training = false;
    Activation activation = Activation::Relu;  // GELU: the exact erf form, as at::gelu
    std::int64_t attentionBlock = 128;
};

// The fused path handles T and the width up to this (its loops' row buffers).
constexpr std::int64_t kFusedBlockMaxPositions = 4096;

// x: float32 [B, T, D]; returns float32 [B, T, D]. Records autograd when grad mode is on.
at::Tensor fusedBlock(const at::Tensor& x, const FusedBlockWeights& w, const FusedBlockOptions& o);

}  // namespace mozart::model
