#include "train/TrainingSession.h"

#include <new>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "io/AtomicFile.h"
#include "model/CpuAutocast.h"
#include "model/ModelFile.h"
#include "train/Evaluation.h"
#include "train/DataParallelRun.h"
#include "train/StructureMask.h"
#include "train/TrainingLoss.h"
#include "train/TrainingStepper.h"

namespace mozart::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* stopReasonName(StopReason reason) {
    switch (reason) {
        case StopReason::StepsDone: return "steps done";
        case StopReason::TimeLimit: return "time limit";
        case StopReason::Cancelled: return "cancelled";
        case StopReason::Failed: return "failed";
    }
    return "";
}

TrainingSession::TrainingSession(model::Transformer model, const TrainerConfig& config, TrainingData data,
                                 RunSetup setup, TrainingEvents events, std::optional<model::LoraAdapters> adapters)
    : model_(std::move(model)),
      config_(config),
      data_(std::move(data)),
      setup_(std::move(setup)),
      events_(std::move(events)),
      adapters_(std::move(adapters)) {
    if (auto why = config_.validate(); !why.empty()) throw std::invalid_argument("trainer config: " + why);
    if (!data_.train) throw std::invalid_argument("TrainingSession needs a training sampler");
    stepper_ = adapters_ ? std::make_unique<TrainingStepper>(model_, config_, *adapters_)
                         : std::make_unique<TrainingStepper>(model_, config_);
    // A rank of a data-parallel run never abandons a step half-way (its partners would wait
    // for its gradients): pause and cancel act between steps, agreed by every rank.
    if (setup_.group)
        parallel_ = std::make_unique<DataParallelRun>(setup_.group, *stepper_, config_, setup_.overlapAllReduce);
    else
        stepper_->setInterruptFlag(&interrupt_);
    if (config_.structureLossWeight > 0 && data_.grammar) structure_ = std::make_unique<StructureMask>(data_.grammar);
    // Label names only for as many labels as the model has (an unconditioned model has none).
    auto& labels = setup_.description.labels;
    if (std::int64_t(labels.size()) > model_.config().conditioningLabels)
        labels.resize(std::size_t(model_.config().conditioningLabels));
    state_.config = config_;
    state_.initModel = setup_.initModel;
}

TrainingSession::~TrainingSession() = default;

// Rank 0 opens the folder; every rank of a data-parallel run then learns whether all could.
// What escapes the run (std::bad_alloc, c10::Error from LibTorch, a filesystem error) must not
// reach std::terminate on the caller's worker thread: it ends the run as Failed, naming the folder.
std::optional<std::string> TrainingSession::open() {
    std::optional<std::string> error;
    try {
        error = openUnguarded();
    } catch (const std::bad_alloc&) {
        error = setup_.folder + ": not enough memory to open the run";
    } catch (const std::exception& e) {
        error = setup_.folder + ": cannot open the run: " + e.what();
    }
    if (!parallel_) return error;
    try {
        return parallel_->agreeOpened(error);
    } catch (const std::exception& e) {
        return std::string(e.what());
    }
}

TrainingSummary TrainingSession::run() {
    try {
        return runUnguarded();
    } catch (const std::exception& e) {
        TrainingSummary summary;
        summary.reason = StopReason::Failed;
        summary.steps = state_.step;
        summary.error = setup_.folder + ": training stopped: " +
                        (dynamic_cast<const std::bad_alloc*>(&e) ? std::string("out of memory") : e.what());
        return summary;
    }
}

std::optional<std::string> TrainingSession::openUnguarded() {
    if (parallel_ && !parallel_->writes()) {  // rank 0 opens the folder and sends the state
        opened_ = true;
        return std::nullopt;
    }
    const fs::path run(setup_.folder);
    std::error_code ec;
    const fs::path last = run / "last";
    if (setup_.resume) {
        if (!fs::exists(last / "model.safetensors", ec))
            return run.string() + ": nothing to resume (no last/model.safetensors)";
        std::string fingerprint;
        if (adapters_) {
            auto loaded = model::LoraAdapters::load((last / "adapters.safetensors").string(), model_.config());
            if (!loaded) return loaded.error->toString();
            if (loaded.baseFingerprint != model::modelFingerprint(model_))
                return (last / "adapters.safetensors").string() +
                       ": the adapters were trained on another base model than the one given";
            at::NoGradGuard noGrad;
            for (std::size_t i = 0; i < adapters_->parameters().size(); ++i) {
                at::Tensor t = adapters_->parameters()[i].tensor;
                t.copy_(loaded.adapters->parameters()[i].tensor);
            }
        } else {
            auto loaded = model::ModelFile::load((last / "model.safetensors").string());
            if (!loaded) return loaded.error->toString();
            if (loaded.info.config != model_.config())
                return (last / "model.safetensors").string() + ": the checkpoint's model has another shape";
            at::NoGradGuard noGrad;
            const auto& from = loaded.model->namedParameters();
            for (std::size_t i = 0; i < from.size(); ++i) {
                at::Tensor t = model_.namedParameters()[i].tensor;
                t.copy_(from[i].tensor);
            }
            fingerprint = model::modelFingerprint(model_);
        }
        TrainerState loadedState;
        if (auto e = loadTrainerState(last.string(), stepper_->optimizer(), loadedState, fingerprint)) return e;
        const TrainerConfig& was = loadedState.config;
        if (was.batchSize != config_.batchSize || was.sequenceLength != config_.sequenceLength ||
            was.accumulationSteps != config_.accumulationSteps || was.loraRank != config_.loraRank ||
            was.seed != config_.seed)
            return last.string() + ": the checkpoint was made with another batch size, sequence length, "
                                   "accumulation, LoRA rank or seed than this run asks for";
        loadedState.config = config_;
        state_ = loadedState;
        if (state_.generatorState.defined()) {
            at::Generator generator = at::detail::getDefaultCPUGenerator();
            generator.set_state(state_.generatorState);
        }
        step_ = state_.step;
        dataStart_ = resumedDataIndex(state_, parallel_ ? parallel_->worldSize() : 1, data_.train->batchSize(),
                                      data_.train->batchesPerEpoch());
        dataStartStep_ = state_.step;
        if (const std::int64_t now = parallel_ ? parallel_->worldSize() : 1; now != state_.worldSize && events_.onMessage)
            events_.onMessage("the checkpoint was made by " + std::to_string(state_.worldSize) + " processes, this run has " +
                              std::to_string(now) + ": the effective batch becomes " + std::to_string(config_.batchSize) +
                              " x " + std::to_string(now) + " = " + std::to_string(config_.batchSize * now) +
                              " rows per step (was " + std::to_string(config_.batchSize * state_.worldSize) +
                              "); the data position carries over (rounded up to a whole batch), the schedule goes on by steps");
        removeStaleTemporaries(run.string());
        removeStaleTemporaries((run / "checkpoints").string());
    } else {
        if (fs::exists(run / "config.json", ec) || fs::exists(last, ec) || fs::exists(run / "metrics.jsonl", ec)) {
            if (!setup_.overwrite)
                return run.string() + ": the folder already holds a training run (resume it, or allow overwriting)";
            for (const char* name : {"last", "best", "checkpoints", "metrics.jsonl", "config.json"})
                fs::remove_all(run / name, ec);
        }
        fs::create_directories(run, ec);
        if (ec) return run.string() + ": cannot create the run folder: " + ec.message();
        at::manual_seed(config_.seed);
        nlohmann::json config;
        config["trainer"] = config_;
        config["model"] = nlohmann::json::parse(model::toJsonString(model_.config(), -1));
        config["tokenizer"] = nlohmann::json::parse(setup_.description.tokenizerConfig, nullptr, false);
        config["labels"] = setup_.description.labels;
        config["extra_tokens"] = setup_.description.extraTokens;
        config["notes"] = setup_.description.notes;
        config["init_model"] = setup_.initModel;
        std::string error;
        if (!io::writeFileAtomically((run / "config.json").string(), config.dump(2) + "\n", &error)) return error;
    }
    fs::create_directories(run / "checkpoints", ec);
    std::string error;
    if (!metrics_.open((run / "metrics.jsonl").string(), setup_.resume ? state_.step : -1, &error)) return error;
    // The run's length as this session has it (--resume may change it), for whoever follows the file.
    log({{"event", setup_.resume ? "resumed" : "started"}, {"step", state_.step}, {"max_steps", config_.maxSteps},
         {"max_minutes", config_.maxMinutes}});
    opened_ = true;
    return std::nullopt;
}

void TrainingSession::log(const nlohmann::json& event) { metrics_.append(event); }

void TrainingSession::pause() {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    paused_ = true;
    interrupt_ = true;
}

void TrainingSession::resume() {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    paused_ = false;
    interrupt_ = cancelled_.load();
    pauseChanged_.notify_all();
}

void TrainingSession::cancel() {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    cancelled_ = true;
    interrupt_ = true;
    pauseChanged_.notify_all();
}

TrainerState TrainingSession::currentState() const {
    TrainerState s = state_;
    // The next batch to read.
    const std::uint64_t perEpoch = std::max<std::size_t>(1, data_.train->batchesPerEpoch());
    const std::uint64_t index = dataStart_ + std::uint64_t(s.step - dataStartStep_);
    s.dataEpoch = index / perEpoch;
    s.dataBatch = index % perEpoch;
    s.worldSize = parallel_ ? parallel_->worldSize() : 1;
    s.generatorState = at::detail::getDefaultCPUGenerator().get_state();
    return s;
}

void TrainingSession::fillBatch(at::Tensor& batch, at::Tensor& labels, at::Tensor& forbidden) {
    const data::BatchSampler& sampler = *data_.train;
    const std::size_t perEpoch = std::max<std::size_t>(1, sampler.batchesPerEpoch());
    const std::uint64_t index = dataStart_ + std::uint64_t(state_.step - dataStartStep_);
    state_.dataEpoch = index / perEpoch;
    state_.dataBatch = index % perEpoch;
    sampler.fillBatch(state_.dataEpoch, state_.dataBatch, batch.data_ptr<std::int64_t>(),
                      labels.data_ptr<std::int64_t>());
    // Rows without a label (padding, unlabelled pieces) take label 0: the embedding needs an id.
    labels.clamp_min_(0);
    if (!structure_) return;
    std::vector<std::vector<std::int32_t>> contexts;
    if (data_.trainWindows) {
        for (std::size_t w : sampler.batchWindows(state_.dataEpoch, state_.dataBatch)) {
            const data::TrainingWindow& window = (*data_.trainWindows)[w];
            std::vector<std::int32_t> context;
            if (window.start > 0) {
                // The sequence is [BOS] ids [EOS]; tokensBefore() gives the ids without the BOS.
                const data::TokenSpan before = data_.trainWindows->tokensBefore(w);
                context.reserve(before.size() + 1);
                if (data_.bosId >= 0 && before.size() < window.start) context.push_back(data_.bosId);
                for (std::size_t i = 0; i < before.size(); ++i) context.push_back(before[i]);
            }
            contexts.push_back(std::move(context));
        }
    }
    forbidden = structure_->forbidden(batch, contexts);
}

std::optional<ValidationEvent> TrainingSession::validate() {
    if (!data_.validation || data_.validation->batchesPerEpoch() == 0) return std::nullopt;
    EvaluationOptions options;
    options.maxBatches = std::size_t(config_.validationBatches);
    options.padId = config_.padId;
    options.bf16 = config_.bf16;
    options.cancel = &interrupt_;
    model_.setTraining(false);
    if (adapters_) {
        at::NoGradGuard noGrad;
        adapters_->apply(model_);
    }
    const EvaluationResult r = evaluate(model_, *data_.validation, options);
    if (adapters_) model_.clearParameterOverrides();
    model_.setTraining(true);
    if (r.cancelled || r.sums.tokens == 0) return std::nullopt;
    ValidationEvent e;
    e.step = state_.step;
    e.loss = r.sums.meanLoss();
    e.perplexity = r.sums.perplexity();
    e.accuracy = r.sums.accuracy();
    e.tokens = r.sums.tokens;
    return e;
}

std::optional<std::string> TrainingSession::saveTo(const std::string& name) {
    if (parallel_ && !parallel_->writes()) return std::nullopt;
    const std::string folder = (fs::path(setup_.folder) / name).string();
    auto description = setup_.description;
    description.notes["run"] = fs::path(setup_.folder).filename().string();
    if (auto e = saveCheckpoint(folder, model_, stepper_->optimizer(), currentState(), description,
                                adapters_ ? &*adapters_ : nullptr))
        return e;
    log({{"event", "checkpoint"}, {"step", state_.step}, {"folder", name}});
    if (events_.onCheckpoint) events_.onCheckpoint({state_.step, folder});
    return std::nullopt;
}

// Checkpoint files are never modified once written, so `best`/`last` may share them with a
// step-N folder through hard links instead of a second copy (a fresh save when linking fails).
std::optional<std::string> TrainingSession::linkTo(const std::string& from, const std::string& name) {
    if (parallel_ && !parallel_->writes()) return std::nullopt;
    const fs::path run(setup_.folder);
    const fs::path source = run / from;
    std::string pattern = (run / ("." + name + ".tmp-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) return saveTo(name);
    const fs::path temp = pattern;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(source, ec)) {
        fs::create_hard_link(entry.path(), temp / entry.path().filename(), ec);
        if (ec) break;
    }
    if (!ec) {
        const fs::path target = run / name;
        if (!fs::exists(target)) {
            if (::rename(temp.c_str(), target.c_str()) == 0) ec.clear();
            else ec = std::error_code(errno, std::generic_category());
        } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
            ec = std::error_code(errno, std::generic_category());
        }
    }
    fs::remove_all(temp, ec);
    if (ec) return saveTo(name);
    log({{"event", "checkpoint"}, {"step", state_.step}, {"folder", name}});
    if (events_.onCheckpoint) events_.onCheckpoint({state_.step, (run / name).string()});
    return std::nullopt;
}

void TrainingSession::pruneStepCheckpoints() {
    if (parallel_ && !parallel_->writes()) return;
    const fs::path folder = fs::path(setup_.folder) / "checkpoints";
    std::vector<std::pair<std::int64_t, fs::path>> steps;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("step-", 0) != 0) continue;
        try {
            steps.push_back({std::stoll(name.substr(5)), entry.path()});
        } catch (const std::exception&) {
        }
    }
    std::sort(steps.begin(), steps.end());
    while (std::int64_t(steps.size()) > config_.keepCheckpoints) {
        fs::remove_all(steps.front().second, ec);
        steps.erase(steps.begin());
    }
}

TrainingSummary TrainingSession::runUnguarded() {
    TrainingSummary summary;
    if (!opened_) {
        if (auto e = open()) {
            summary.reason = StopReason::Failed;
            summary.error = *e;
            return summary;
        }
    }
    if (parallel_) {  // rank 0's weights, moments, step and data position to every rank
        parallel_->synchronize(state_, dataStart_);
        dataStartStep_ = state_.step;
        step_ = state_.step;
    }
    const data::BatchSampler& sampler = *data_.train;
    const std::int64_t B = std::int64_t(sampler.batchSize()), R = std::int64_t(sampler.rowLength());
    at::Tensor batch = at::empty({B, R}, at::kLong), labels = at::empty({B}, at::kLong), forbidden;
    const auto sessionStart = Clock::now();
    double trainSeconds = 0, pausedSeconds = 0;
    std::int64_t sessionTokens = 0, sessionSteps = 0, nonFinite = 0;
    const double elapsedBefore = state_.elapsedSeconds;
    const std::int64_t firstStep = state_.step;
    bool validatedAtStep = false, savedAtStep = state_.step > 0 && setup_.resume;
    summary.bestValidationLoss = state_.bestValidationLoss;
    auto sessionSeconds = [&] {
        return std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedSeconds;
    };

    while (state_.step < config_.maxSteps) {
        if (parallel_) {  // every rank stops at the same step, or none does
            const bool timeUp = config_.maxMinutes > 0 && sessionSeconds() >= config_.maxMinutes * 60;
            if (auto stop = parallel_->agreeToStop(cancelled_, timeUp, &summary.error)) {
                summary.reason = *stop;
                break;
            }
        }
        if (!parallel_ && paused_ && !cancelled_) {
            log({{"event", "paused"}, {"step", state_.step}});
            const auto pauseStart = Clock::now();
            std::unique_lock<std::mutex> lock(pauseMutex_);
            pauseChanged_.wait(lock, [&] { return !paused_ || cancelled_; });
            pausedSeconds += std::chrono::duration<double>(Clock::now() - pauseStart).count();
            lock.unlock();
            log({{"event", "resumed"}, {"step", state_.step}});
        }
        if (!parallel_ && cancelled_) {
            summary.reason = StopReason::Cancelled;
            break;
        }
        if (!parallel_ && config_.maxMinutes > 0 && sessionSeconds() >= config_.maxMinutes * 60) {
            summary.reason = StopReason::TimeLimit;
            break;
        }
        const auto stepStart = Clock::now();  // data time counts: tokens/s is what the user gets
        fillBatch(batch, labels, forbidden);
        const StepResult r = stepper_->step(batch, labels, forbidden);
        if (!r.completed) continue;  // paused or cancelled mid-step: redone or dropped above
        trainSeconds += std::chrono::duration<double>(Clock::now() - stepStart).count();
        if (!std::isfinite(r.loss) || !std::isfinite(r.gradNorm)) {
            if (events_.onMessage) events_.onMessage("step " + std::to_string(state_.step + 1) + ": non-finite loss or gradient, update skipped");
            log({{"event", "skipped"}, {"step", state_.step + 1}, {"reason", "non-finite loss or gradient"}});
            if (++nonFinite >= 3) {
                summary.reason = StopReason::Failed;
                summary.error = "the loss or gradient was not finite for 3 steps in a row (learning rate too high?)";
                break;
            }
        } else {
            nonFinite = 0;
        }
        ++state_.step;
        step_ = state_.step;
        ++sessionSteps;
        sessionTokens += r.tokens;
        state_.tokensSeen += r.tokens;
        state_.elapsedSeconds = elapsedBefore + sessionSeconds();
        validatedAtStep = savedAtStep = false;
        summary.lastLoss = r.loss;

        StepEvent e;
        e.step = state_.step;
        e.maxSteps = config_.maxSteps;
        e.loss = r.loss;
        e.learningRate = r.learningRate;
        e.gradNorm = r.gradNorm;
        e.tokens = r.tokens;
        e.tokensPerSecond = trainSeconds > 0 ? double(sessionTokens) / trainSeconds : 0;
        e.elapsedSeconds = state_.elapsedSeconds;
        const double perStep = sessionSeconds() / double(sessionSteps);
        e.etaSeconds = perStep * double(config_.maxSteps - state_.step);
        if (config_.maxMinutes > 0) e.etaSeconds = std::min(e.etaSeconds, std::max(0.0, config_.maxMinutes * 60 - sessionSeconds()));
        nlohmann::json stepEvent = {{"event", "step"},   {"step", e.step},         {"loss", e.loss},
                                    {"lr", e.learningRate}, {"grad_norm", e.gradNorm}, {"tokens", e.tokens},
                                    {"tokens_per_second", e.tokensPerSecond}, {"elapsed", e.elapsedSeconds}};
        if (parallel_) parallel_->addStepFields(stepEvent);
        log(stepEvent);
        if (events_.onStep) events_.onStep(e);

        if (config_.validationEvery > 0 && state_.step % config_.validationEvery == 0) {
            if (auto v = validate()) {
                validatedAtStep = true;
                v->best = v->loss < state_.bestValidationLoss;
                log({{"event", "validation"}, {"step", v->step}, {"loss", v->loss}, {"perplexity", v->perplexity},
                     {"accuracy", v->accuracy}, {"tokens", v->tokens}, {"best", v->best}});
                if (events_.onValidation) events_.onValidation(*v);
                if (v->best) {
                    state_.bestValidationLoss = v->loss;
                    if (auto err = saveTo("best"); err && events_.onMessage) events_.onMessage(*err);
                }
            }
        }
        if (config_.checkpointEvery > 0 && state_.step % config_.checkpointEvery == 0) {
            std::optional<std::string> err;
            if (config_.keepCheckpoints > 0) {
                const std::string name = "checkpoints/step-" + std::to_string(state_.step);
                err = saveTo(name);
                if (!err) err = linkTo(name, "last");
                pruneStepCheckpoints();
            } else {
                err = saveTo("last");
            }
            if (err) {
                summary.reason = StopReason::Failed;
                summary.error = *err;
                break;
            }
            savedAtStep = true;
        }
    }

    // The end: a last validation (unless cancelled), then `last` (and `best` when the run had
    // no validation to choose one).
    if (summary.reason != StopReason::Failed || state_.step > firstStep) {
        if (!cancelled_ && !validatedAtStep && state_.step > firstStep) {
            if (auto v = validate()) {
                v->best = v->loss < state_.bestValidationLoss;
                log({{"event", "validation"}, {"step", v->step}, {"loss", v->loss}, {"perplexity", v->perplexity},
                     {"accuracy", v->accuracy}, {"tokens", v->tokens}, {"best", v->best}});
                if (events_.onValidation) events_.onValidation(*v);
                if (v->best) {
                    state_.bestValidationLoss = v->loss;
                    if (auto err = saveTo("best"); err && events_.onMessage) events_.onMessage(*err);
                }
            }
        }
        if (!savedAtStep) {
            if (auto err = saveTo("last")) {
                summary.reason = StopReason::Failed;
                summary.error = *err;
            }
        }
        std::error_code ec;
        // Without validation there is nothing to choose by: `best` is the latest model.
        const bool validating = data_.validation && data_.validation->batchesPerEpoch() > 0;
        if (!validating || !fs::exists(fs::path(setup_.folder) / "best", ec)) linkTo("last", "best");
    }
    summary.steps = state_.step;
    summary.stepsThisSession = sessionSteps;
    summary.bestValidationLoss = state_.bestValidationLoss;
    summary.elapsedSeconds = state_.elapsedSeconds;
    summary.tokensPerSecond = trainSeconds > 0 ? double(sessionTokens) / trainSeconds : 0;
    log({{"event", "finished"}, {"step", state_.step}, {"reason", stopReasonName(summary.reason)},
         {"tokens_per_second", summary.tokensPerSecond}});
    return summary;
}

}  // namespace mozart::train
