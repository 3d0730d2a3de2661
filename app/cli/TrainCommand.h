// `mozart train`: trains a model on a folder of MIDI files into a run folder (config.json,
// metrics.jsonl, checkpoints/step-N, best, last), from scratch, from a model file (--init), or
// with LoRA adapters on one (--init M --lora R); --resume continues a run where it stopped.
// Only the flags live here: the options become a validated run through core/train's
// TrainRunPlan/TrainRunSetup, which the studio's Train panel calls too. A progress line on a
// terminal, a summary at the end; Ctrl-C saves `last` and exits cleanly. Data-parallel runs
// (--nproc, --rank/--world-size/--master, launcher variables): see cli/DistributedLaunch.h and
// train/DataParallelRun.h; rank 0 talks and writes the run folder, the other ranks only train.
#pragma once

#include "cli/CorpusOptions.h"
#include "cli/DistributedLaunch.h"
#include "train/TrainRunPlan.h"

namespace CLI { class App; }

namespace mozart::cli {

struct TrainOptions {
    CorpusChoice corpus;         // --data, --cache, --no-cache, --jobs, --split, --split-seed
    train::TrainRunOptions run;  // everything else (defaults there)
    DistributedFlags distributed;  // --nproc, --rank, --world-size, --master, ...
    int samplesEvery = 0;          // --samples-every: the samples timeline, every N validations (0: none)
};

CLI::App* addTrainCommand(CLI::App& app, TrainOptions& options);
int runTrain(const TrainOptions& options, char** argv);

}  // namespace mozart::cli
