// BlockKernels: the element-wise loops of the fused bf16 training block (FusedBlock), on raw
// pointers so that they can be compiled twice: once for any x86-64 and once with AVX-512 (the
// machines we train on have it; the copy in use is picked at run time from the CPU's features).
// bf16 values travel as their uint16_t bit patterns. Every function works on a range of rows,
// so callers split the rows over threads.
//
// Dropout masks come from the same counter-based hash as model/Dropout: element `index` of a
// dropout call with hash key `key` is kept when its 16-bit uniform is below `threshold`.
#pragma once

#include <cstdint>

namespace mozart::model::kernels {

struct DropoutSpec {
    bool active = false;
    std::uint64_t key = 0;        // dropoutKey(seed)
    std::uint32_t threshold = 0;  // keep when uniform16 < threshold
    float scale = 1.0f;           // 1 / keep probability
};

DropoutSpec makeDropout(double p, bool training, std::uint64_t seed);

struct Table {
    // qkv [N, 3*H*hd] bf16 (x W^T, no bias yet) + bias -> q (times qScale), k, v, each
    // [B*H, T, hd] bf16, for rows (= b*T + t) r0..r1.
    void (*splitQkv)(const std::uint16_t* qkv, const float* bias, std::uint16_t* q,
                     std::uint16_t* k, std::uint16_t* v, std::int64_t r0, std::int64_t r1,
                     std::int64_t T, std::int64_t H, std::int64_t hd, float qScale);
    // Scores s [rows, m] bf16 of one (batch, head) and query block: row i sees keys
    // 0..firstVisible+i-1. Writes the softmax p (bf16) and, over s, p times the dropout mask.
    // Mask element index of row i, key j: indexBase + i * indexRowStride + j.
    void (*softmaxDropout)(std::uint16_t* s, std::uint16_t* p, std::int64_t rows, std::int64_t m,
                           std::int64_t firstVisible, const DropoutSpec& d, std::uint64_t indexBase,
                           std::uint64_t indexRowStride);
    // Backward of the above: dpd [rows, m] (gradient of p times mask) becomes the score
    // gradient p * (dpd * mask - delta_i); p becomes p times mask.
    void (*softmaxDropoutBackward)(std::uint16_t* dpd, std::uint16_t* p, const float* delta,
                                   std::int64_t rows, std::int64_t m, const DropoutSpec& d,
                                   std::uint64_t indexBase, std::uint64_t indexRowStride);
    // y = x + dropout(a + bias), rows of width D; mask index = row * D + column.
    void (*biasDropoutResidual)(const float* x, const std::uint16_t* a, const float* bias, float* y,
                                std::int64_t r0, std::int64_t r1, std::int64_t D,
                                const DropoutSpec& d);
    // u = dropout(relu(u + bias)) in place, rows of width F; mask index = row * F + column.
    // The backward needs no mask: an element is kept iff its output is not zero.
    void (*biasRelu)(std::uint16_t* u, const float* bias, std::int64_t r0, std::int64_t r1,
                     std::int64_t F, const DropoutSpec& d);
    // GELU (exact erf form, as at::gelu): u = bf16(u + bias) in place, the pre-activation the
    // backward needs, and a = dropout(gelu(u)), rows of width F; mask index = row * F + column.
    void (*biasGelu)(std::uint16_t* u, const float* bias, std::uint16_t* a, std::int64_t r0,
                     std::int64_t r1, std::int64_t F, const DropoutSpec& d);
    // g = dy * mask (float, for the bias gradient) and its bf16 copy.
    void (*dropoutGrad)(const float* dy, float* g, std::uint16_t* gb, std::int64_t r0,
                        std::int64_t r1, std::int64_t D, const DropoutSpec& d);
    // dr = r != 0 ? dr * keptScale : 0 in place, over all rows of an [rows, F] matrix for
    // columns c0..c1, writing each column's sum (the bias gradient) to columnSums[c]. r is
    // biasRelu's output; keptScale its dropout's scale (1 without dropout).
    void (*reluGradColumns)(std::uint16_t* dr, const std::uint16_t* r, std::int64_t rows,
                            std::int64_t F, std::int64_t c0, std::int64_t c1, float* columnSums,
                            float keptScale);
    // dr = dr * mask * gelu'(u) in place for columns c0..c1 of [rows, F] matrices, each column's
    // sum to columnSums[c]; when act is not null also act = gelu(u) * mask (recomputed here
    // because the erf is shared with the derivative, so the forward need not keep its
    // activation). The mask is biasGelu's, regenerated from d.
    void (*geluGradColumns)(std::uint16_t* dr, const std::uint16_t* u, std::uint16_t* act,
                            std::int64_t rows, std::int64_t F, std::int64_t c0, std::int64_t c1,
                            float* columnSums, const DropoutSpec& d);
    // Column sums of a bf16 [rows, F] matrix for columns c0..c1, in float.
    void (*columnSums)(const std::uint16_t* x, std::int64_t rows, std::int64_t F, std::int64_t c0,
                       std::int64_t c1, float* sums);
    // dst[i] += src[i] for i < n.
    void (*accumulate)(float* dst, const std::uint16_t* src, std::int64_t n);
    // The inverse of splitQkv for gradients: dq (bf16, times qScale), dk, dv (float), each
    // [B*H, T, hd] -> rows r0..r1 of dqkv [B*T, 3*H*hd] bf16.
    void (*mergeQkvGrad)(const std::uint16_t* dq, const float* dk, const float* dv,
                         std::uint16_t* dqkv, std::int64_t r0, std::int64_t r1, std::int64_t T,
                         std::int64_t H, std::int64_t hd, float qScale);
    // A query block's attention output [B*H, rows, hd] into rows s..s+rows of each sequence of
    // out [B*T, H*hd], for (batch, head) pairs bh0..bh1.
    void (*mergeHeads)(const std::uint16_t* blockOut, std::uint16_t* out, std::int64_t B,
                       std::int64_t H, std::int64_t T, std::int64_t hd, std::int64_t s,
                       std::int64_t rows, std::int64_t bh0, std::int64_t bh1);
    // For rows r0..r1 of the attention output's gradient dOut [B*T, H*hd]: its heads layout
    // dO [B*H, T, hd] and delta [B*H, T] = sum over hd of dOut * out.
    void (*splitHeadsGrad)(const std::uint16_t* dOut, const std::uint16_t* out, std::uint16_t* dO,
                           float* delta, std::int64_t r0, std::int64_t r1, std::int64_t T,
                           std::int64_t H, std::int64_t hd);
};

// The AVX-512 table on CPUs with AVX-512 F/BW/DQ/VL (and FMA, BMI2), else the portable one.
const Table& table();
const Table& portableTable();

}  // namespace mozart::model::kernels
