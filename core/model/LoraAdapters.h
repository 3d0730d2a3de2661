// LoraAdapters: low-rank adapters (LoRA) on the attention projections of every block
// (blocks.i.attn.qkv.weight and blocks.i.attn.out.weight), for fine-tuning a model on a user's
// own music while its weights stay frozen:
//
//   W_eff = W + (alpha / rank) * B A,   A [rank, in] small random, B [out, rank] zero at start,
//
// so a fresh adapter set changes nothing. apply() hands W_eff to Transformer::setParameterOverride
// (gradients reach A and B); mergeInto() folds the product into the weights for generation.
//
// File: safetensors, tensors "<target>.lora_a" / "<target>.lora_b" (F32); metadata "format":
// "mozart-lora", "format_version", "rank", "alpha", "base_model" (the base model's
// fingerprint, checked when loading on top of a model) and "model_config". Validated before use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ModelConfig.h"
#include "model/ModelFile.h"
#include "model/Transformer.h"

namespace mozart::model {

// A short hex digest of a model's configuration and weights (FNV-1a over the float bytes):
// which base model an adapter set was trained on.
std::string modelFingerprint(const Transformer& model);

struct LoraLoadResult;

class LoraAdapters {
public:
    static constexpr const char* kFormatName = "mozart-lora";
    static constexpr int kFormatVersion = 1;

    // The weights that get adapters, in order.
    static std::vector<std::string> targetNames(const ModelConfig& config);

    // Fresh adapters: A ~ U(-1/sqrt(in), 1/sqrt(in)) from a generator seeded with `seed`, B = 0.
    // Throws std::invalid_argument for rank < 1 or alpha <= 0.
    LoraAdapters(const ModelConfig& config, std::int64_t rank, double alpha, std::uint64_t seed);

    std::int64_t rank() const { return rank_; }
    double alpha() const { return alpha_; }
    double scale() const { return alpha_ / double(rank_); }
    const ModelConfig& modelConfig() const { return config_; }

    // A and B of every target (float32, requiring grad), "<target>.lora_a", "<target>.lora_b".
    const std::vector<NamedTensor>& parameters() const { return parameters_; }

    // Overrides every target of `model` with W + scale * B A (graph recorded when grad is on).
    // Call again before each forward pass that should see updated adapters.
    void apply(Transformer& model) const;
    // Adds scale * B A into the model's weights (no grad) and clears its overrides.
    void mergeInto(Transformer& model) const;

    // Atomic (temporary file, then rename).
    std::optional<ModelFileError> save(const std::string& path, const std::string& baseFingerprint) const;

    // Refuses files that are not mozart-lora, whose config differs from `config`, or whose
    // tensors do not have the shapes rank and config imply.
    static LoraLoadResult load(const std::string& path, const ModelConfig& config);

private:
    LoraAdapters() = default;
    ModelConfig config_;
    std::int64_t rank_ = 0;
    double alpha_ = 0;
    std::vector<std::string> targets_;
    std::vector<NamedTensor> parameters_;  // a0, b0, a1, b1, ...
};

struct LoraLoadResult {
    std::optional<LoraAdapters> adapters;
    std::string baseFingerprint;
    std::optional<ModelFileError> error;
    explicit operator bool() const { return !error.has_value(); }
};

}  // namespace mozart::model
