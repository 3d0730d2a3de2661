// TrainingSession: a whole training run in a run folder, built on TrainingStepper:
//
//   RUN/config.json      trainer config, model config, tokenizer config, label names, notes
//   RUN/metrics.jsonl    one JSON object per event ("step", "validation", "checkpoint", ...)
//   RUN/checkpoints/step-N, RUN/best, RUN/last   (TrainingCheckpoint.h)
//
// Steps read batch `step` of the sampler's stream (epoch = step / batchesPerEpoch), so the data
// position, like everything else a step depends on (weights, AdamW moments, ATen's generator
// that seeds dropout), is in the checkpoint: a resumed run continues bit for bit the losses the
// uninterrupted run would have had. Validation (loss, perplexity, token accuracy on the first
// validationBatches batches of the validation part) runs every validationEvery steps; a better
// validation loss saves `best`. The end of the run (steps, time limit or cancel) saves `last`.
//
// Threads: the caller owns the worker thread and calls run() on it; every callback of
// TrainingEvents is called on that thread, between steps. pause(), resume() and cancel() may be
// called from any thread and take effect within a forward or backward pass: a step in flight
// is discarded (and redone on resume), so they act within about one second even for the
// prototype's 1.5 s steps. cancel() ends the run after saving `last` at the last whole step.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "data/BatchSampler.h"
#include "data/TrainingWindows.h"
#include "model/LoraAdapters.h"
#include "model/Transformer.h"
#include "remi/RemiGrammar.h"
#include "train/MetricsLog.h"
#include "train/TrainerConfig.h"
#include "train/TrainingCheckpoint.h"

namespace mozart::train {

class TrainingStepper;
class StructureMask;
class DistributedGroup;
class DataParallelRun;

struct TrainingData {
    std::shared_ptr<const data::BatchSampler> train;       // required
    std::shared_ptr<const data::BatchSampler> validation;  // null: no validation
    // For the structure term (config.structureLossWeight > 0): the grammar, and the training
    // windows the sampler reads (for the ids before each window).
    std::shared_ptr<const remi::RemiGrammar> grammar;
    std::shared_ptr<const data::TrainingWindows> trainWindows;
    std::int32_t bosId = -1;  // BOS_None's id when the windows add BOS/EOS
};

struct RunSetup {
    std::string folder;
    ModelDescription description;  // what model files of this run carry
    bool resume = false;           // continue from folder/last
    bool overwrite = false;        // start afresh in a folder that already holds a run
    std::string initModel;         // the model fine-tuning starts from (recorded)
    // One rank of a data-parallel run (DataParallelRun.h): rank 0 writes the folder, the others
    // only train. Null: one process.
    std::shared_ptr<DistributedGroup> group;
    bool overlapAllReduce = false;  // gradient all-reduce during backward (GradientAllReduce.h)
};

struct StepEvent {
    std::int64_t step = 0;  // steps done, this one included
    std::int64_t maxSteps = 0;
    double loss = 0, learningRate = 0, gradNorm = 0;
    double tokensPerSecond = 0;  // over this session's training time
    double elapsedSeconds = 0;   // whole run, resumed parts included, pauses excluded
    double etaSeconds = 0;
    std::int64_t tokens = 0;  // targets in this step
};
struct ValidationEvent {
    std::int64_t step = 0;
    double loss = 0, perplexity = 0, accuracy = 0;
    std::int64_t tokens = 0;
    bool best = false;
};
struct CheckpointEvent {
    std::int64_t step = 0;
    std::string folder;
};
struct TrainingEvents {
    std::function<void(const StepEvent&)> onStep;
    std::function<void(const ValidationEvent&)> onValidation;
    std::function<void(const CheckpointEvent&)> onCheckpoint;
    std::function<void(const std::string&)> onMessage;  // warnings (a skipped step, a slow save)
};

enum class StopReason { StepsDone, TimeLimit, Cancelled, Failed };

struct TrainingSummary {
    StopReason reason = StopReason::StepsDone;
    std::int64_t steps = 0;
    std::int64_t stepsThisSession = 0;
    double lastLoss = 0;
    double bestValidationLoss = 0;  // inf without validation
    double elapsedSeconds = 0;
    double tokensPerSecond = 0;
    std::string error;  // for Failed
};

class TrainingSession {
public:
    // `model`: the model to train, or the frozen base when `adapters` is given (LoRA).
    TrainingSession(model::Transformer model, const TrainerConfig& config, TrainingData data, RunSetup setup,
                    TrainingEvents events, std::optional<model::LoraAdapters> adapters = std::nullopt);
    ~TrainingSession();

    // Creates the run folder (refusing one that holds a run unless resume or overwrite), or,
    // with resume, loads RUN/last. Error sentence on failure. Call before run(), any thread.
    std::optional<std::string> open();
    // Trains until maxSteps, maxMinutes or cancel(). Blocking; call on the worker thread.
    // Never throws: an exception (out of memory, LibTorch) ends the run as Failed.
    TrainingSummary run();

    void pause();
    void resume();
    void cancel();
    bool isPaused() const { return paused_.load(); }
    std::int64_t step() const { return step_.load(); }

    const TrainerConfig& config() const { return config_; }
    const model::Transformer& model() const { return model_; }
    const std::optional<model::LoraAdapters>& adapters() const { return adapters_; }
    // A copy of the weights as a model file of the run would hold them (copyOfWeights): for the
    // samples timeline. Only on the training thread, from a callback (between steps).
    model::Transformer weightsSnapshot() const { return copyOfWeights(model_, adapters_ ? &*adapters_ : nullptr); }

private:
    std::optional<std::string> openUnguarded();
    TrainingSummary runUnguarded();
    void fillBatch(at::Tensor& batch, at::Tensor& labels, at::Tensor& forbidden);
    std::optional<ValidationEvent> validate();
    std::optional<std::string> saveTo(const std::string& name);
    std::optional<std::string> linkTo(const std::string& from, const std::string& name);
    void pruneStepCheckpoints();
    void log(const nlohmann::json& event);
    TrainerState currentState() const;

    model::Transformer model_;
    TrainerConfig config_;
    TrainingData data_;
    RunSetup setup_;
    TrainingEvents events_;
    std::optional<model::LoraAdapters> adapters_;
    std::unique_ptr<TrainingStepper> stepper_;
    std::unique_ptr<DataParallelRun> parallel_;  // after stepper_: destroyed before it
    std::unique_ptr<StructureMask> structure_;
    MetricsLog metrics_;

    TrainerState state_;  // step, data position, timing, best loss (generator state at save)
    // Step dataStartStep_ reads batch dataStart_ (epoch * batchesPerEpoch + batch), the next
    // steps the batches after it: a resumed run goes on from its checkpoint's data position.
    std::uint64_t dataStart_ = 0;
    std::int64_t dataStartStep_ = 0;
    std::atomic<std::int64_t> step_{0};
    std::atomic<bool> interrupt_{false}, paused_{false}, cancelled_{false};
    std::mutex pauseMutex_;
    std::condition_variable pauseChanged_;
    bool opened_ = false;
};

const char* stopReasonName(StopReason reason);

}  // namespace mozart::train
