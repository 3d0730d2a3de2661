// Attention: the scaled dot-product attention cores of the Transformer, written out in ATen ops
// so that we control what LibTorch 1.13's math-only _scaled_dot_product_attention does not:
// causal attention is computed in query blocks that skip the masked upper triangle (about 40%
// less work and memory at 512 positions), dropout on the weights uses our fast Dropout, and a
// single query against a KV cache takes no mask at all.
//
// Shapes: q [B, H, n, hd]; k, v [B, H, m, hd]; result [B, H, n, hd].
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace mozart::model {

// Query i attends keys 0..i (n == m). Dropout p applies to the attention weights when training.
at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           double dropout, bool training, std::int64_t blockSize = 128);

// Queries at positions start..start+n-1 against keys 0..start+n-1 (m == start + n), each query
// seeing keys up to its own position. No dropout: this is the generation path.
at::Tensor cachedAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           std::int64_t start);

}  // namespace mozart::model
