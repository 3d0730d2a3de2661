// TrainingStepper: one synchronous optimizer step of a Transformer on one batch, the unit that
// TrainingSession loops over and `mozart bench train` times.
//
// step(batch) takes int64 [B, L + 1] (inputs = [:, :L], targets = [:, 1:], as BatchSampler
// fills them) and does: forward (under CPU bf16 autocast when config.bf16), the loss of
// TrainingLoss.h (PAD targets ignored, label smoothing, optional structure term), backward,
// global-norm clipping, one fused AdamW update at the scheduled learning rate. With
// config.accumulationSteps = k the batch is run as k micro-batches of B / k rows.
// Costs beyond the model itself: no per-step tensor allocation in the optimizer, one .item()
// per micro-batch (the loss).
//
// An interrupt flag (optional) is read after every forward pass and, through gradient hooks,
// as each parameter's gradient is computed during backward (layer by layer): when set,
// the partial step is discarded (gradients zeroed, ATen's default generator rewound so dropout
// draws the same masks when the step is redone) and step() returns with completed = false.
// Not thread-safe: one thread calls step(); the flag may be set from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include <ATen/core/Tensor.h>

#include "model/Transformer.h"
#include "train/AdamW.h"
#include "train/TrainerConfig.h"

namespace mozart::model {
class LoraAdapters;
}

namespace mozart::train {

struct StepResult {
    double loss = 0;          // the objective, averaged over the batch's non-PAD targets
    double gradNorm = 0;      // before clipping (NaN/inf: the update was skipped)
    double learningRate = 0;  // used for this update
    std::int64_t tokens = 0;  // non-PAD targets in the batch
    bool completed = true;    // false: interrupted, nothing changed
};

// Data parallelism (GradientAllReduce.h): the stepper asks for the non-PAD target count of the
// whole step over every rank before the forward pass (the loss's normalizer, so that summed
// gradients are the combined batch's), says before each backward pass whether it is the step's
// last, and has the gradients summed after it; the loss it returns is then the combined batch's.
class GradientExchange {
public:
    virtual ~GradientExchange() = default;
    virtual std::int64_t totalTokens(std::int64_t localTokens) = 0;
    virtual void lastBackward(bool last) = 0;
    virtual double sumGradients(double localLoss) = 0;
};

class TrainingStepper {
public:
    // Trains every parameter of `model` (which must outlive the stepper). Puts the model in
    // training mode. Throws std::invalid_argument when config.validate() fails.
    TrainingStepper(model::Transformer& model, const TrainerConfig& config);
    // Trains only `adapters` (LoRA); the model's own parameters are frozen (requires_grad off).
    TrainingStepper(model::Transformer& model, const TrainerConfig& config,
                    model::LoraAdapters& adapters);
    ~TrainingStepper();

    // labels: int64 [B] for a conditioned model, else ignored. forbidden: uint8 [B, L, V]
    // (StructureMask), used when config.structureLossWeight > 0; undefined = no structure term.
    StepResult step(const at::Tensor& batch, const at::Tensor& labels = {},
                    const at::Tensor& forbidden = {});

    void setInterruptFlag(const std::atomic<bool>* flag) { interrupt_ = flag; }
    // Null: one process. With an exchange, StepResult::tokens counts the targets of every rank.
    void setGradientExchange(GradientExchange* exchange) { exchange_ = exchange; }

    // Optimizer steps done so far (the schedule's position); restored with the optimizer state.
    std::int64_t stepsDone() const { return optimizer_->steps(); }
    AdamW& optimizer() { return *optimizer_; }
    const TrainerConfig& config() const { return config_; }
    model::Transformer& model() { return model_; }

private:
    bool interrupted() const;
    StepResult abandon();
    void installInterruptHooks();

    model::Transformer& model_;
    TrainerConfig config_;
    model::LoraAdapters* adapters_ = nullptr;
    std::unique_ptr<AdamW> optimizer_;
    const std::atomic<bool>* interrupt_ = nullptr;
    GradientExchange* exchange_ = nullptr;
    at::Tensor generatorState_;
};

}  // namespace mozart::train
