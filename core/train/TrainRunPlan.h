// TrainRunPlan: what `mozart train` and the studio's Train panel both do before training: turn
// the user's options into a validated TrainerConfig, ModelConfig and tokenizer (planTrainRun, cheap:
// no data is read), then, once the folder is opened as a TrainingCorpus, build the model, the
// samplers and the run folder setup (prepareTrainRun). One implementation, one set of messages:
// every refusal is a TrainRunError naming the option (as the CLI spells it, without dashes) so a
// form can mark the field and a terminal can print the sentence.
//
// The run folder is the CLI's: with `resume` everything but the run's length comes from its
// config.json, so a run started in the studio continues with `mozart train --resume` and back.
// Plain functions, no threads, no LibTorch (prepareTrainRun is in TrainRunSetup.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ModelConfig.h"
#include "remi/TokenizerConfig.h"
#include "train/TrainerConfig.h"
#include "train/TrainingCorpus.h"

namespace mozart::train {

// Every option of `mozart train`, with its default.
struct TrainRunOptions {
    // The data: a folder of MIDI files (first folder level = composer/style label).
    std::string data;
    std::string cacheDir;  // empty: the per-user token cache
    bool noCache = false;
    unsigned jobs = 0;  // reading threads; 0: every core
    std::uint64_t splitSeed = 0;
    std::string split = "0.9,0.05,0.05";
    // The run folder and how to treat one that holds a run.
    std::string out;
    bool resume = false;
    bool force = false;
    // The model: a size preset (tiny, small, standard), a shape file, or --init's.
    std::string modelSize;    // empty: standard (or the --model-config file)
    std::string modelConfig;  // JSON file (ModelConfig keys)
    std::string tokenizer;    // default, rich or a tokenizer.json; empty: default (or --init's)
    std::string init;         // fine-tune from this model file
    std::int64_t lora = 0;
    double loraAlpha = 16;
    bool noLabels = false;
    // Length: 0 steps = 1000, or unbounded with minutes; on resume 0 keeps the run's.
    std::int64_t steps = 0;
    double minutes = 0;
    std::int64_t batch = 8;
    std::int64_t seq = 512;
    double lr = 3e-4;
    double minLr = -1;  // default: lr / 10
    std::int64_t warmup = 100;
    double weightDecay = 0.01;
    double clip = 1.0;
    double labelSmoothing = 0;
    double structureWeight = 0;
    std::int64_t accumulate = 1;
    bool bf16 = false;
    int threads = 2;
    std::int64_t validateEvery = 200;
    std::int64_t validationBatches = 16;
    std::int64_t checkpointEvery = 500;
    std::int64_t keep = 3;
    std::uint64_t seed = 1;
    int transpose = 0;
    int velocityShift = 0;
    double fimRate = 0;  // share of windows trained as fill-in-the-middle
};

struct TrainRunError {
    std::string field;    // the option, e.g. "seq", "init", "out" (empty: not one field)
    std::string message;  // one sentence a user can act on
    bool usage = false;   // a wrong value (CLI exit 2) rather than a failure (exit 1)
};

// The validated settings, before any data is read.
struct TrainRunPlan {
    TrainRunOptions options;
    TrainerConfig trainer;
    model::ModelConfig model;
    remi::TokenizerConfig tokenizer;
    std::vector<std::string> extraTokens;  // our tokens after the tokenizer's vocabulary
    std::string initModel;                 // the base model (from --init or the run's config)
    std::vector<std::string> runLabels;    // on resume: the run's label names
    std::string runDatasetDigest;          // on resume: the data the run started on
    std::int64_t runDatasetPieces = -1;
    bool fillVocab = true, fillLabels = true, fillContext = true;  // from the data
};

struct TrainRunPlanResult {
    std::optional<TrainRunPlan> plan;
    TrainRunError error;
};

// Size presets for the model shape: "tiny" (for trying things), "small", "standard".
const std::vector<std::string>& modelSizeNames();
std::optional<model::ModelConfig> modelSizePreset(const std::string& name);

// True when the run is bounded by time only (its step count is a placeholder, not a goal).
bool boundedByTimeOnly(const TrainerConfig& c);

// Checks the options and reads the small files they name (config.json on resume, the --init
// model's header, a tokenizer.json, a shape file). Refuses a run folder that holds a run unless
// resume or force.
TrainRunPlanResult planTrainRun(const TrainRunOptions& options);

// The TrainingCorpus options for a plan (window length = the sequence length); error: --split.
std::optional<CorpusOptions> corpusOptions(const TrainRunPlan& plan, TrainRunError* error);

// The message TrainingSession::open() gives, in the words of the options (the same for both UIs).
std::string explainOpenError(const std::string& error, const TrainRunOptions& options);

}  // namespace mozart::train
