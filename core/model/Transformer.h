// Transformer: the decoder-only music model. Pre-norm blocks (LayerNorm -> causal self-attention
// with one fused QKV projection -> residual; LayerNorm -> GELU/ReLU MLP -> residual), a final
// LayerNorm and an output head (tied to the token embedding or its own), dropout on attention
// weights, both residual branches, the embeddings (unless config.embeddingDropout is off) and, with
// config.feedForwardDropout, inside the MLP after the activation. Learned or sinusoidal
// positions; an optional conditioning label (composer, style) added to every position or given as
// a prefix position.
//
// Two ways through the same weights:
//   forward(): a whole batch of sequences at once, for training and scoring;
//   decode():  a few new positions at a time against a KvCache, for generation.
// With dropout off (eval mode) both give the same logits.
//
// The parameters are plain ATen tensors (fp32, requiring grad) in the order and under the
// names of parameterSpecs(config); a trainer hands them to its optimizer, ModelFile saves and
// loads them. Only ATen's light Tensor header is needed to use this class.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/ModelConfig.h"

namespace mozart::model {

class KvCache;

struct NamedTensor {
    std::string name;
    at::Tensor tensor;
};

class Transformer {
public:
    // Builds the model with fresh random weights drawn from a generator seeded with `seed`
    // (GPT-2's scheme: N(0, 0.02), residual output projections scaled by 1/sqrt(2 * layers),
    // zero biases, unit norms). Throws std::invalid_argument when config.validate() fails.
    explicit Transformer(const ModelConfig& config, std::uint64_t seed = 0);
    ~Transformer();
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;

    const ModelConfig& config() const;

    // Dropout on (training) or off (evaluation, generation). A new model is in training mode.
    void setTraining(bool training);
    bool isTraining() const;

    // tokens: int64 [B, T] with 1 <= T <= config.maxTokens(); labels: int64 [B], required when
    // the config is conditioned, ignored otherwise. Returns float logits [B, T, vocab] where
    // position t predicts token t + 1. Records gradients unless the caller disables them.
    // Token ids or labels out of range throw c10::Error (from the embedding lookup).
    at::Tensor forward(const at::Tensor& tokens, const at::Tensor& labels = {}) const;

    // Appends tokens int64 [B, T] (B = cache.batch()) after the cache's positions and returns
    // their logits [B, T, vocab]. On an empty cache of a prefix-conditioned model the label
    // prefix goes in first. Runs under c10::InferenceMode: the logits are inference tensors
    // (no autograd; modify them in place only inside an InferenceMode guard). Throws
    // std::out_of_range, leaving the cache as it was, when it has no room for T more positions.
    // Not for two threads at once: it writes the cache and, with setDecodeBf16, the copies.
    at::Tensor decode(const at::Tensor& tokens, KvCache& cache,
                      const at::Tensor& labels = {}) const;

    // Decoding one sequence streams every weight matrix once per token, so its speed is memory
    // bandwidth: with this on, decode() of a single row reads bf16 copies of the matrices (made
    // on first use, remade when a weight changes in place), logits within ~1e-2 of the float32
    // ones; several positions at once (a prompt's prefill) run as one bf16 matrix product with
    // the same copies. Only in eval mode with gradients off; forward() is unaffected. The copies
    // take half the model's size again.
    void setDecodeBf16(bool on);
    bool decodeBf16() const;

    // With bf16 decoding on, one new token of one sequence goes through SingleRowDecoder (plain
    // loops, no per-op dispatch) rather than ATen ops. On by default; off forces the general
    // path, so tests and benchmarks can compare the two.
    void setSingleRowKernel(bool on);
    bool singleRowKernel() const;

    // In parameterSpecs(config()) order. The tensors share storage with the model: writing into
    // them (under no-grad) changes the model.
    const std::vector<NamedTensor>& namedParameters() const;
    std::vector<at::Tensor> parameters() const;

    // Until cleared, forward() and decode() use `value` wherever they would use the parameter
    // `name` (same shape, float32); namedParameters() still returns the parameter itself. Gradients
    // flow into whatever `value` was computed from: this is how adapters such as LoRA train
    // (value = W + scale * B A, with W frozen). Set it again after changing `value`'s graph.
    // Throws std::invalid_argument for an unknown name or a wrong shape.
    void setParameterOverride(const std::string& name, const at::Tensor& value);
    void clearParameterOverrides();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mozart::model
