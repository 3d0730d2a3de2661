// `mozart train`: trains a model on a folder of MIDI files into a run folder (config.json,
// metrics.jsonl, checkpoints/step-N, best, last), from scratch, from a model file (--init), or
// with LoRA adapters on one (--init M --lora R); --resume continues a run where it stopped.
// A progress line on a terminal, a summary at the end; Ctrl-C saves `last` and exits cleanly.
#pragma once

#include <cstdint>
#include <string>

#include "cli/CorpusOptions.h"

namespace CLI { class App; }

namespace mozart::cli {

struct TrainOptions {
    CorpusChoice corpus;
    std::string out;
    std::string modelConfig;  // JSON file (ModelConfig); default: the standard shape
    std::string tokenizer;    // default, rich, a tokenizer.json; default: "default" (or --init's)
    std::int64_t steps = 0;  // 0: 1000, or unlimited with --minutes; on --resume: keep the run's
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
    bool resume = false;
    bool force = false;
    std::string init;
    std::int64_t lora = 0;
    double loraAlpha = 16;
    std::int64_t validateEvery = 200;
    std::int64_t validationBatches = 16;
    std::int64_t checkpointEvery = 500;
    std::int64_t keep = 3;
    std::uint64_t seed = 1;
    bool noLabels = false;
    int transpose = 0;      // augmentation: random transposition within +-N semitones
    int velocityShift = 0;  // augmentation: random velocity shift within +-N bins
    double fimRate = 0;     // share of windows trained as fill-in-the-middle
};

CLI::App* addTrainCommand(CLI::App& app, TrainOptions& options);
int runTrain(const TrainOptions& options, char** argv);

}  // namespace mozart::cli
