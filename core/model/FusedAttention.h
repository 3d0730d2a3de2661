// FusedAttention: causal self-attention for the fused bf16 training block, forward and a
// hand-written backward. Query blocks of `blockSize` rows attend only keys up to their last
// position (the masked upper triangle is never computed, in either direction); the matrix
// products are bf16 batched products (oneDNN), softmax and dropout one pass of our own loops in
// float32. The forward keeps each block's softmax (bf16) for the backward; the dropout mask is
// recomputed from its seed, never stored.
//
// Layouts: q (already scaled by 1/sqrt(hd)), k, v: bf16 [B*H, T, hd]; the attention output and
// its gradient: bf16 [B*T, H*hd] (heads side by side, as the output projection reads them).
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "model/BlockKernels.h"

namespace mozart::model {

struct FusedAttentionState {
    std::vector<at::Tensor> probs;  // per query block: bf16 [B*H, rows, keys]
    kernels::DropoutSpec dropout;
    std::int64_t blockSize = 128;
};

// Returns the attention output [B*T, H*hd] and fills state.probs.
at::Tensor fusedAttentionForward(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                 std::int64_t batch, FusedAttentionState& state);

// Given d(out) [B*T, H*hd] and out, returns d(qkv before the split) [B*T, 3*H*hd] bf16 (the
// q part scaled by qScale, as splitQkv scaled q). Consumes state.probs.
at::Tensor fusedAttentionBackward(const at::Tensor& dOut, const at::Tensor& out,
                                  const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                  std::int64_t batch, float qScale, FusedAttentionState& state);

}  // namespace mozart::model
