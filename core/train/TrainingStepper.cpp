#include "train/TrainingStepper.h"

#include <cmath>
#include <stdexcept>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/autograd.h>

#include "model/CpuAutocast.h"
#include "model/LoraAdapters.h"
#include "train/TrainingLoss.h"

namespace mozart::train {

namespace {

AdamWSettings adamSettings(const TrainerConfig& c) {
    AdamWSettings s;
    s.beta1 = c.beta1;
    s.beta2 = c.beta2;
    s.epsilon = c.epsilon;
    s.weightDecay = c.weightDecay;
    return s;
}

// Thrown from a gradient hook to leave backward() early when the interrupt flag is set.
struct BackwardInterrupted : std::runtime_error {
    BackwardInterrupted() : std::runtime_error("training step interrupted") {}
};

void checkConfig(const TrainerConfig& c) {
    if (auto why = c.validate(); !why.empty()) throw std::invalid_argument("trainer config: " + why);
}

}  // namespace

TrainingStepper::TrainingStepper(model::Transformer& model, const TrainerConfig& config)
    : model_(model), config_(config) {
    checkConfig(config_);
    model_.setTraining(true);
    optimizer_ = std::make_unique<AdamW>(model_.namedParameters(), adamSettings(config_));
    installInterruptHooks();
}

TrainingStepper::TrainingStepper(model::Transformer& model, const TrainerConfig& config,
                                 model::LoraAdapters& adapters)
    : model_(model), config_(config), adapters_(&adapters) {
    checkConfig(config_);
    model_.setTraining(true);
    for (const auto& p : model_.namedParameters()) {
        at::Tensor t = p.tensor;
        t.requires_grad_(false);
    }
    optimizer_ = std::make_unique<AdamW>(adapters.parameters(), adamSettings(config_));
    installInterruptHooks();
}

// A backward pass of the prototype's shape takes about a second; a hook on every trained
// tensor lets pause/cancel stop it layer by layer instead of at its end.
void TrainingStepper::installInterruptHooks() {
    for (const auto& p : optimizer_->parameters())
        p.tensor.register_hook([this](const at::Tensor&) {
            if (interrupted()) throw BackwardInterrupted();
        });
}

TrainingStepper::~TrainingStepper() = default;

bool TrainingStepper::interrupted() const {
    return interrupt_ && interrupt_->load(std::memory_order_relaxed);
}

StepResult TrainingStepper::abandon() {
    if (adapters_) model_.clearParameterOverrides();
    optimizer_->zeroGradients();
    if (generatorState_.defined()) {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(generatorState_);
    }
    StepResult r;
    r.completed = false;
    return r;
}

StepResult TrainingStepper::step(const at::Tensor& batch, const at::Tensor& labels,
                                 const at::Tensor& forbidden) {
    if (batch.dim() != 2 || batch.size(1) < 2 || batch.scalar_type() != at::kLong)
        throw std::invalid_argument("TrainingStepper::step: batch must be int64 [B, L + 1]");
    const std::int64_t B = batch.size(0), L = batch.size(1) - 1;
    const std::int64_t k = config_.accumulationSteps;
    if (B % k != 0)
        throw std::invalid_argument("TrainingStepper::step: batch rows must divide into accumulation_steps");
    const at::Tensor rows = batch.contiguous();

    // Count non-PAD targets on the raw ids: the normalizer of every micro-batch's loss.
    std::int64_t tokens = 0;
    {
        const std::int64_t* ids = rows.data_ptr<std::int64_t>();
        for (std::int64_t b = 0; b < B; ++b)
            for (std::int64_t t = 1; t <= L; ++t) tokens += ids[b * (L + 1) + t] != config_.padId;
    }
    if (exchange_) tokens = exchange_->totalTokens(tokens);
    StepResult result;
    result.tokens = tokens;
    if (interrupt_) generatorState_ = at::detail::getDefaultCPUGenerator().get_state();

    LossSettings lossSettings;
    lossSettings.padId = config_.padId;
    lossSettings.labelSmoothing = config_.labelSmoothing;
    lossSettings.structureWeight = config_.structureLossWeight;
    const double normalizer = double(std::max<std::int64_t>(tokens, 1));
    const bool conditioned = model_.config().conditioned();
    const std::int64_t micro = B / k;
    const std::int64_t V = model_.config().vocabSize;

    double lossSum = 0;
    for (std::int64_t m = 0; m < k; ++m) {
        const at::Tensor part = k == 1 ? rows : rows.narrow(0, m * micro, micro);
        const at::Tensor inputs = part.narrow(1, 0, L);
        const at::Tensor targets = part.narrow(1, 1, L).reshape({-1});
        const at::Tensor partLabels =
            conditioned && labels.defined() ? (k == 1 ? labels : labels.narrow(0, m * micro, micro)) : at::Tensor();
        at::Tensor partForbidden;
        if (forbidden.defined() && config_.structureLossWeight > 0)
            partForbidden = (k == 1 ? forbidden : forbidden.narrow(0, m * micro, micro)).reshape({-1, V});
        at::Tensor loss;
        {
            if (adapters_) adapters_->apply(model_);
            model::CpuAutocast autocast(config_.bf16);
            const at::Tensor logits = model_.forward(inputs, partLabels);
            loss = trainingLoss(logits.reshape({-1, V}), targets, partForbidden, lossSettings, normalizer);
        }
        if (interrupted()) return abandon();
        if (exchange_) exchange_->lastBackward(m + 1 == k);
        try {
            loss.backward();
        } catch (const std::exception&) {
            if (interrupted()) return abandon();
            throw;
        }
        lossSum += loss.item<double>();
        if (interrupted()) return abandon();
    }
    if (adapters_) model_.clearParameterOverrides();
    if (exchange_) lossSum = exchange_->sumGradients(lossSum);

    result.loss = lossSum;
    result.gradNorm = optimizer_->gradientNorm();
    result.learningRate = learningRateAt(config_, optimizer_->steps());
    if (!std::isfinite(result.gradNorm)) {
        optimizer_->zeroGradients();
        return result;
    }
    const double clip = config_.gradientClip;
    const double scale = clip > 0 && result.gradNorm > clip ? clip / (result.gradNorm + 1e-6) : 1.0;
    optimizer_->step(result.learningRate, scale);
    return result;
}

}  // namespace mozart::train
