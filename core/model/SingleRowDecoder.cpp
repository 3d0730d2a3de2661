#include "model/SingleRowDecoder.h"

#include <cmath>
#include <cstring>

#include "model/Bf16Gemv.h"

namespace mozart::model {

namespace {

#include "model/NormalCdf.inc"

// The float loops are cloned for AVX-512 and AVX2 and picked at load time (the binary still
// runs on any x86-64); the matrix products dispatch the same way inside bf16GemvRows.
#define MOZART_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

// As at::layer_norm: biased variance, rstd = 1 / sqrt(var + eps).
MOZART_CLONES void layerNorm(const float* x, const float* w, const float* b, std::int64_t n,
                             float eps, float* out) {
    float mean = 0.0f;
#pragma omp simd reduction(+ : mean)
    for (std::int64_t i = 0; i < n; ++i) mean += x[i];
    mean /= float(n);
    float var = 0.0f;
#pragma omp simd reduction(+ : var)
    for (std::int64_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    var /= float(n);
    const float rstd = 1.0f / std::sqrt(var + eps);
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) out[i] = (x[i] - mean) * rstd * w[i] + b[i];
}

void addBias(float* y, const float* b, std::int64_t n) {
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) y[i] += b[i];
}

// x Phi(x), the exact erf form at::gelu uses, with bias added first.
MOZART_CLONES void biasGelu(float* y, const float* b, std::int64_t n) {
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) {
        const float v = y[i] + b[i];
        float pdf;
        y[i] = v * normalCdf(v, pdf);
    }
}

void biasRelu(float* y, const float* b, std::int64_t n) {
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) {
        const float v = y[i] + b[i];
        y[i] = v > 0.0f ? v : 0.0f;
    }
}

// One query q [hd] (already scaled) against keys/values [length, hd]: softmax(q K^T) V. Inlined
// into per-head-size copies below, so that for the usual sizes the loops over hd unroll fully
// and the output row stays in registers.
__attribute__((always_inline)) inline void attendBody(const float* q, const float* keys,
                                                      const float* values, std::int64_t length,
                                                      std::int64_t hd, float* scores,
                                                      float* out) {
    float best = -INFINITY;
    for (std::int64_t j = 0; j < length; ++j) {
        const float* k = keys + j * hd;
        float s = 0.0f;
#pragma omp simd reduction(+ : s)
        for (std::int64_t d = 0; d < hd; ++d) s += q[d] * k[d];
        scores[j] = s;
        best = s > best ? s : best;
    }
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (std::int64_t j = 0; j < length; ++j) {
        const float e = expApprox(scores[j] - best);
        scores[j] = e;
        sum += e;
    }
    const float inv = 1.0f / sum;
    for (std::int64_t d = 0; d < hd; ++d) out[d] = 0.0f;
    for (std::int64_t j = 0; j < length; ++j) {
        const float p = scores[j] * inv;
        const float* v = values + j * hd;
#pragma omp simd
        for (std::int64_t d = 0; d < hd; ++d) out[d] += p * v[d];
    }
}

MOZART_CLONES void attend32(const float* q, const float* keys, const float* values,
                            std::int64_t length, float* scores, float* __restrict out) {
    float acc[32];
    attendBody(q, keys, values, length, 32, scores, acc);
    for (int d = 0; d < 32; ++d) out[d] = acc[d];
}

MOZART_CLONES void attend64(const float* q, const float* keys, const float* values,
                            std::int64_t length, float* scores, float* __restrict out) {
    float acc[64];
    attendBody(q, keys, values, length, 64, scores, acc);
    for (int d = 0; d < 64; ++d) out[d] = acc[d];
}

MOZART_CLONES void attendAny(const float* q, const float* keys, const float* values,
                             std::int64_t length, std::int64_t hd, float* scores, float* out) {
    attendBody(q, keys, values, length, hd, scores, out);
}

void attendOne(const float* q, const float* keys, const float* values, std::int64_t length,
               std::int64_t hd, float* scores, float* out) {
    if (hd == 32)
        attend32(q, keys, values, length, scores, out);
    else if (hd == 64)
        attend64(q, keys, values, length, scores, out);
    else
        attendAny(q, keys, values, length, hd, scores, out);
}

}  // namespace

SingleRowDecoder::SingleRowDecoder(const ModelConfig& config, std::int64_t capacity)
    : config_(config), capacity_(capacity) {
    const auto D = std::size_t(config.width);
    x_.resize(D);
    h_.resize(D);
    qkv_.resize(3 * D);
    attn_.resize(D);
    branch_.resize(D);
    hidden_.resize(std::size_t(config.feedForward));
    scores_.resize(std::size_t(capacity));
}

void SingleRowDecoder::run(const SingleRowStep& s) {
    const std::int64_t D = config_.width, H = config_.heads, hd = config_.headDim();
    const std::int64_t F = config_.feedForward, V = config_.vocabSize;
    const float eps = float(config_.normEpsilon);
    const float qScale = 1.0f / std::sqrt(float(hd));
    const std::int64_t length = s.position + 1;
    float *x = x_.data(), *h = h_.data(), *qkv = qkv_.data(), *attn = attn_.data();
    float *branch = branch_.data(), *hidden = hidden_.data(), *scores = scores_.data();

    for (std::int64_t i = 0; i < D; ++i) {
        float v = s.tokenRow[i] * s.embedScale;
        if (s.labelRow) v += s.labelRow[i];
        x[i] = v + s.positionRow[i];
    }
    for (const auto& l : s.layers) {
        layerNorm(x, l.norm1W, l.norm1B, D, eps, h);
        bf16GemvRows(l.qkvW, h, 3 * D, D, qkv);
        addBias(qkv, l.qkvB, 3 * D);
        // qkv holds [3, heads, hd]; the cache [heads, capacity, hd].
        for (std::int64_t head = 0; head < H; ++head) {
            const std::int64_t slot = (head * capacity_ + s.position) * hd;
            std::memcpy(l.keys + slot, qkv + D + head * hd, std::size_t(hd) * sizeof(float));
            std::memcpy(l.values + slot, qkv + 2 * D + head * hd, std::size_t(hd) * sizeof(float));
        }
        for (std::int64_t i = 0; i < D; ++i) qkv[i] *= qScale;
        for (std::int64_t head = 0; head < H; ++head)
            attendOne(qkv + head * hd, l.keys + head * capacity_ * hd,
                      l.values + head * capacity_ * hd, length, hd, scores, attn + head * hd);
        bf16GemvRows(l.outW, attn, D, D, branch);
#pragma omp simd
        for (std::int64_t i = 0; i < D; ++i) x[i] += branch[i] + l.outB[i];

        layerNorm(x, l.norm2W, l.norm2B, D, eps, h);
        bf16GemvRows(l.upW, h, F, D, hidden);
        if (config_.activation == Activation::Gelu)
            biasGelu(hidden, l.upB, F);
        else
            biasRelu(hidden, l.upB, F);
        bf16GemvRows(l.downW, hidden, D, F, branch);
#pragma omp simd
        for (std::int64_t i = 0; i < D; ++i) x[i] += branch[i] + l.downB[i];
    }
    layerNorm(x, s.normW, s.normB, D, eps, h);
    bf16GemvRows(s.headW, h, V, D, s.logits);
    addBias(s.logits, s.headB, V);
}

}  // namespace mozart::model
