// TrainingCheckpoint: one checkpoint folder of a run (checkpoints/step-N, best, last):
//
//   model.safetensors          a normal ModelFile (tokenizer config, label names, notes "step",
//                              "run"): `mozart generate --model` and ModelFile::load read it.
//                              For a LoRA run it holds the base with the adapters merged in.
//   trainer-state.safetensors  AdamW moments ("adam.m.<name>", "adam.v.<name>"), ATen's CPU
//                              generator state ("rng.cpu"), and in its metadata the step, data
//                              position, elapsed time, best validation loss, trainer config and
//                              the model's fingerprint (so a state never pairs with another model).
//   adapters.safetensors       LoRA runs only (LoraAdapters.h).
//
// A checkpoint is written whole into a temporary folder beside the target and then swapped in
// with one rename (renameat2 RENAME_EXCHANGE when the target exists): killing the process at any
// moment leaves either the previous checkpoint or the new one, never a mix.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/LoraAdapters.h"
#include "model/ModelFile.h"
#include "model/Transformer.h"
#include "train/AdamW.h"
#include "train/TrainerConfig.h"

namespace mozart::train {

struct TrainerState {
    std::int64_t step = 0;  // optimizer steps done
    std::uint64_t dataEpoch = 0;
    std::uint64_t dataBatch = 0;  // next batch to read
    double elapsedSeconds = 0;
    std::int64_t tokensSeen = 0;
    double bestValidationLoss = std::numeric_limits<double>::infinity();
    TrainerConfig config;
    at::Tensor generatorState;  // uint8, ATen's default CPU generator
    std::string initModel;      // path of the model fine-tuning started from ("" = from scratch)
    // Processes of the data-parallel run that wrote it (1: one process); dataBatch counts batches
    // of batchSize x worldSize rows.
    std::int64_t worldSize = 1;
};

struct ModelDescription {
    std::string tokenizerConfig;  // JSON text
    std::vector<std::string> labels;
    std::map<std::string, std::string> notes;
    std::vector<std::string> extraTokens;  // our tokens after the tokenizer's vocabulary
};

// What the run's model files carry besides the weights (labels, notes, extra tokens).
model::ModelFile::SaveOptions saveOptionsOf(const ModelDescription& description);

// A copy of the weights a model file of this run holds: `model` itself, or for LoRA (`adapters`
// non-null, `model` the frozen base) the base with the adapters merged in. The copy is in eval mode
// and shares nothing with `model`.
model::Transformer copyOfWeights(const model::Transformer& model, const model::LoraAdapters* adapters);

// Writes the checkpoint folder `folder` atomically. `adapters` non-null for LoRA runs (then
// `model` is the frozen base). Returns an error sentence naming the file on failure.
std::optional<std::string> saveCheckpoint(const std::string& folder, const model::Transformer& model,
                                          const AdamW& optimizer, const TrainerState& state,
                                          const ModelDescription& description,
                                          const model::LoraAdapters* adapters);

// Reads trainer-state.safetensors of `folder` into `state` and restores `optimizer` from it;
// checks it belongs to `modelFingerprint` (skipped when empty). Error sentence on failure, with
// nothing restored.
std::optional<std::string> loadTrainerState(const std::string& folder, AdamW& optimizer, TrainerState& state,
                                            const std::string& modelFingerprint);

// Removes temporary folders a killed save left in `folder` (".*.tmp-*").
void removeStaleTemporaries(const std::string& folder);

}  // namespace mozart::train
