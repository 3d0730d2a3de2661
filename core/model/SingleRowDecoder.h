// SingleRowDecoder: one decode step of one sequence (batch 1, one new token) in eval mode with
// bf16 weight copies, written as plain loops over buffers allocated once. Through ATen the
// same step is ~150 small ops whose dispatch costs more than their arithmetic; here it is the
// weight streaming (bf16Gemv's kernels) plus a little float math. Transformer::decode uses it
// when it can and keeps the ATen path for everything else; the logits agree within bf16
// rounding of the sums' order. Needs no torch headers: the caller hands raw pointers.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ModelConfig.h"

namespace mozart::model {

// One block's weights: float32 norms and biases, bf16 matrices [out, in] row-major, and the
// layer's cache storage for this sequence, [heads, capacity, headDim] each.
struct SingleRowLayer {
    const float *norm1W = nullptr, *norm1B = nullptr, *qkvB = nullptr, *outB = nullptr;
    const float *norm2W = nullptr, *norm2B = nullptr, *upB = nullptr, *downB = nullptr;
    const std::uint16_t *qkvW = nullptr, *outW = nullptr, *upW = nullptr, *downW = nullptr;
    float* keys = nullptr;
    float* values = nullptr;
};

struct SingleRowStep {
    // The input vector is tokenRow * embedScale + labelRow (when not null) + positionRow.
    const float* tokenRow = nullptr;
    float embedScale = 1.0f;
    const float* labelRow = nullptr;
    const float* positionRow = nullptr;
    // The new token's position: its key and value go there, and it attends to 0..position.
    std::int64_t position = 0;
    std::vector<SingleRowLayer> layers;
    const float *normW = nullptr, *normB = nullptr, *headB = nullptr;
    const std::uint16_t* headW = nullptr;  // bf16 [vocab, width]
    float* logits = nullptr;               // [vocab], written
};

class SingleRowDecoder {
public:
    // capacity: the cache's positions (config.maxContext).
    SingleRowDecoder(const ModelConfig& config, std::int64_t capacity);

    // Runs the step on the calling thread. Not for two threads at once (shared scratch).
    void run(const SingleRowStep& step);

private:
    ModelConfig config_;
    std::int64_t capacity_ = 0;
    // Scratch, sized once: residual stream, normed input, qkv, attention output, branch output,
    // hidden layer, attention scores.
    std::vector<float> x_, h_, qkv_, attn_, branch_, hidden_, scores_;
};

}  // namespace mozart::model
