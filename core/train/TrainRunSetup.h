// TrainRunSetup: the second half of what `mozart train` and the Train panel share (the first is
// TrainRunPlan.h): once the data folder is opened as a TrainingCorpus, completes the model's shape
// from the data, builds or loads the network (LibTorch), the samplers and the run folder setup,
// ready to move into a TrainingSession. Runs on the calling thread (a worker in the studio).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/LoraAdapters.h"
#include "model/Transformer.h"
#include "train/TrainRunPlan.h"
#include "train/TrainingSession.h"

namespace mozart::train {

// Everything a TrainingSession needs, ready to move into it.
struct PreparedTrainRun {
    TrainerConfig trainer;
    model::ModelConfig model;
    std::optional<model::Transformer> network;
    std::optional<model::LoraAdapters> adapters;
    TrainingData data;
    RunSetup setup;
    std::vector<std::string> notes;  // things the user should know (no validation part, data changed)
    std::string description;         // "training N parameters on W windows ..."
};

// Completes the shape from the data (vocabulary, labels, context), checks the model against the
// data, builds or loads the network (an --init model's labels are matched to the folders by
// name), the samplers and the run setup. nullopt with `error`.
std::optional<PreparedTrainRun> prepareTrainRun(const TrainRunPlan& plan, const TrainingCorpus& corpus,
                                                TrainRunError* error);

// A short digest of the pieces a corpus trains on (paths and contents), to notice on resume that
// the folder changed.
std::string datasetDigest(const TrainingCorpus& corpus, std::int64_t* pieces);

}  // namespace mozart::train
