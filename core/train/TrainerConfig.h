// TrainerConfig: every hyper-parameter of a training run as a named field (optimizer, schedule,
// loss, batches, validation, checkpoints), with the JSON form stored as the run folder's
// config.json and inside each checkpoint. No LibTorch here.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace mozart::train {

struct TrainerConfig {
    // AdamW (decoupled weight decay, applied to matrices and embeddings only, not to biases
    // and norms).
    double learningRate = 3e-4;     // peak, reached at the end of the warm-up
    double minLearningRate = 3e-5;  // floor of the cosine decay
    std::int64_t warmupSteps = 100;
    // Steps over which the cosine decays from the peak to the floor (counted from step 0);
    // 0: no decay, the peak is held after the warm-up (runs bounded by time instead of steps).
    std::int64_t decaySteps = 0;
    double weightDecay = 0.01;
    double beta1 = 0.9;
    double beta2 = 0.95;
    double epsilon = 1e-8;
    double gradientClip = 1.0;  // max global L2 norm; 0 = no clipping

    // Loss: cross-entropy over non-PAD targets, with optional label smoothing, plus
    // structureLossWeight x (mean probability the model puts on ids the REMI grammar forbids).
    double labelSmoothing = 0.0;
    double structureLossWeight = 0.0;
    std::int64_t padId = 0;

    // A step takes one batch of batchSize rows; with accumulationSteps > 1 it runs them as that
    // many micro-batches (batchSize must divide evenly) before one optimizer update.
    std::int64_t batchSize = 8;
    std::int64_t sequenceLength = 512;
    std::int64_t accumulationSteps = 1;
    bool bf16 = false;  // CPU bf16 autocast for the forward pass, fp32 master weights

    // Run length and bookkeeping (TrainingSession).
    std::int64_t maxSteps = 1000;  // stop after this many optimizer steps
    double maxMinutes = 0;         // also stop after this much wall time; 0 = no limit
    std::int64_t validationEvery = 200;
    std::int64_t validationBatches = 16;  // 0 = the whole validation split
    std::int64_t checkpointEvery = 500;
    std::int64_t keepCheckpoints = 3;  // step-N folders kept (oldest removed); best/last always
    std::uint64_t seed = 1;            // model init, data order, dropout
    // Augmentation of training windows (data::AugmentationConfig): random transposition within
    // +-transpose semitones, velocity shift within +-velocityShift bins.
    std::int64_t transpose = 0;
    std::int64_t velocityShift = 0;
    // Fill-in-the-middle: share of training windows rearranged as prefix, suffix, middle bars
    // (data/FillInTheMiddle.h). > 0 needs a model with the three FIM tokens after the vocabulary.
    double fimRate = 0;

    // LoRA fine-tuning: 0 = train every weight; > 0 = rank of adapters on the attention
    // projections, base weights frozen.
    std::int64_t loraRank = 0;
    double loraAlpha = 16.0;

    // Empty when usable, else one sentence naming the field.
    std::string validate() const;
    bool operator==(const TrainerConfig& o) const;
    bool operator!=(const TrainerConfig& o) const { return !(*this == o); }
};

// snake_case keys; reading fills absent keys with defaults and refuses unknown keys.
void to_json(nlohmann::json& j, const TrainerConfig& c);
void from_json(const nlohmann::json& j, TrainerConfig& c);
std::string toJsonString(const TrainerConfig& c, int indent = 2);
bool parseTrainerConfig(const std::string& text, TrainerConfig& out, std::string* error);

// Learning rate for optimizer step `step` (0-based): linear warm-up from peak/warmup to the
// peak over warmupSteps, then a half cosine from the peak down to minLearningRate at
// decaySteps, flat after that.
double learningRateAt(const TrainerConfig& c, std::int64_t step);

}  // namespace mozart::train
