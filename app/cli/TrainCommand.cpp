#include "cli/TrainCommand.h"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/TokenizerChoice.h"
#include "data/FillInTheMiddle.h"
#include "io/AtomicFile.h"
#include "model/CpuRuntime.h"
#include "model/LoraAdapters.h"
#include "model/ModelFile.h"
#include "remi/RemiGrammar.h"
#include "remi/Vocabulary.h"
#include "train/TrainingSession.h"

namespace mozart::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) {
    interrupted = true;
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills at once
}

std::string clock(double seconds) {
    const long s = long(seconds + 0.5);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

int fail(const std::string& message, int code = 1) {
    std::fprintf(stderr, "mozart train: %s\n", message.c_str());
    return code;
}

// The tokenizer a model file was trained with, or nullopt with a message.
std::optional<remi::TokenizerConfig> tokenizerOf(const std::string& path, const model::ModelFileInfo& info, std::string* error) {
    std::string why;
    auto config = remi::TokenizerConfig::fromMidiTokJson(info.tokenizerConfig, &why);
    if (!config) *error = path + ": the model's tokenizer configuration is not usable: " + why;
    return config;
}

}  // namespace

CLI::App* addTrainCommand(CLI::App& app, TrainOptions& o) {
    auto* cmd = app.add_subcommand("train", "Train a model on a folder of MIDI files (run folder with checkpoints)");
    addCorpusOptions(*cmd, o.corpus);
    cmd->add_option("--out,-o", o.out, "Run folder (config.json, metrics.jsonl, checkpoints, best, last)")->required();
    cmd->add_option("--model-config", o.modelConfig, "Model shape as JSON (ModelConfig keys; vocab_size, conditioning_labels and max_context left out are taken from the data); default: the standard shape");
    cmd->add_option("--tokenizer,-t", o.tokenizer, "default, rich or a MidiTok tokenizer.json (default: default, or --init's)");
    cmd->add_option("--steps", o.steps, "Optimizer steps (default 1000; unlimited with --minutes)");
    cmd->add_option("--minutes", o.minutes, "Stop after this much time (also with --steps)");
    cmd->add_option("--batch", o.batch, "Sequences per step")->capture_default_str();
    cmd->add_option("--seq", o.seq, "Tokens per sequence")->capture_default_str();
    cmd->add_option("--lr", o.lr, "Peak learning rate")->capture_default_str();
    cmd->add_option("--min-lr", o.minLr, "Floor of the cosine decay (default: lr / 10)");
    cmd->add_option("--warmup", o.warmup, "Warm-up steps")->capture_default_str();
    cmd->add_option("--weight-decay", o.weightDecay, "AdamW weight decay")->capture_default_str();
    cmd->add_option("--clip", o.clip, "Gradient norm clip (0: off)")->capture_default_str();
    cmd->add_option("--label-smoothing", o.labelSmoothing, "Label smoothing")->capture_default_str();
    cmd->add_option("--structure-weight", o.structureWeight,
                    "Weight of the penalty on probability the REMI grammar forbids")->capture_default_str();
    cmd->add_option("--accumulate", o.accumulate, "Micro-batches per step (must divide --batch)")->capture_default_str();
    cmd->add_flag("--bf16", o.bf16, "bfloat16 autocast on the CPU (float32 master weights)");
    cmd->add_option("--threads", o.threads, "Compute threads")->capture_default_str();
    cmd->add_flag("--resume", o.resume, "Continue the run in --out from its last checkpoint");
    cmd->add_flag("--force", o.force, "Start afresh in a run folder that already holds a run (deletes it)");
    cmd->add_option("--init", o.init, "Start from this model file (fine-tuning)");
    cmd->add_option("--lora", o.lora, "LoRA rank on the attention projections (with --init; 0: train all weights)");
    cmd->add_option("--lora-alpha", o.loraAlpha, "LoRA alpha")->capture_default_str();
    cmd->add_option("--validate-every", o.validateEvery, "Validation every N steps (0: only at the end)")->capture_default_str();
    cmd->add_option("--validation-batches", o.validationBatches, "Validation batches (0: the whole part)")->capture_default_str();
    cmd->add_option("--checkpoint-every", o.checkpointEvery, "Checkpoint every N steps (0: only at the end)")->capture_default_str();
    cmd->add_option("--keep", o.keep, "Step checkpoints kept")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Seed of weights, batch order and dropout")->capture_default_str();
    cmd->add_flag("--no-labels", o.noLabels, "Do not condition the model on the composer/style folders");
    cmd->add_option("--transpose", o.transpose, "Augmentation: transpose each training window by up to +-N semitones");
    cmd->add_option("--velocity-shift", o.velocityShift, "Augmentation: shift velocities by up to +-N bins");
    cmd->add_option("--fim-rate", o.fimRate,
                    "Share of windows trained as fill-in-the-middle (bars after the gap first), 0..1; adds the "
                    "three FIM tokens after the tokenizer's vocabulary");
    return cmd;
}

int runTrain(const TrainOptions& o, char** argv) {
    model::ensurePassiveOpenMpWaiting(argv);
    model::keepFreedMemory();
    model::setComputeThreads(std::max(1, o.threads));
    const fs::path run(o.out);

    train::TrainerConfig tc;
    model::ModelConfig mc;
    bool fillVocab = true, fillLabels = true, fillContext = true;  // from the data
    std::optional<remi::TokenizerConfig> tokenizer;
    std::string initModel = o.init, error;
    std::int64_t loraRank = o.lora;
    std::vector<std::string> extraTokens;  // our tokens after the tokenizer's vocabulary
    if (o.resume) {
        // Everything but the length of the run comes from the run folder.
        std::string text;
        if (!io::readWholeFile((run / "config.json").string(), &text, &error))
            return fail(error + " (--resume needs a run folder made by mozart train)");
        try {
            const auto j = nlohmann::json::parse(text);
            tc = j.at("trainer").get<train::TrainerConfig>();
            if (!model::parseModelConfig(j.at("model").dump(), mc, &error)) throw std::runtime_error(error);
            tokenizer = remi::TokenizerConfig::fromMidiTokJson(j.at("tokenizer").dump(), &error);
            if (!tokenizer) throw std::runtime_error(error);
            initModel = j.value("init_model", std::string());
            extraTokens = j.value("extra_tokens", std::vector<std::string>{});
        } catch (const std::exception& e) {
            return fail((run / "config.json").string() + ": not a usable run configuration: " + e.what());
        }
        if (o.steps > 0) tc.maxSteps = o.steps;
        if (o.minutes > 0) tc.maxMinutes = o.minutes;
        loraRank = tc.loraRank;
    } else {
        tc.learningRate = o.lr;
        tc.minLearningRate = o.minLr >= 0 ? o.minLr : o.lr / 10;
        tc.warmupSteps = o.warmup;
        const std::int64_t steps = o.steps > 0 ? o.steps : o.minutes > 0 ? std::int64_t(1) << 40 : 1000;
        tc.decaySteps = o.steps > 0 || o.minutes <= 0 ? steps : 0;  // time-bounded: no decay
        tc.weightDecay = o.weightDecay;
        tc.gradientClip = o.clip;
        tc.labelSmoothing = o.labelSmoothing;
        tc.structureLossWeight = o.structureWeight;
        tc.batchSize = o.batch;
        tc.sequenceLength = o.seq;
        tc.accumulationSteps = o.accumulate;
        tc.bf16 = o.bf16;
        tc.maxSteps = steps;
        tc.maxMinutes = o.minutes;
        tc.validationEvery = o.validateEvery;
        tc.validationBatches = o.validationBatches;
        tc.checkpointEvery = o.checkpointEvery;
        tc.keepCheckpoints = o.keep;
        tc.seed = o.seed;
        tc.transpose = o.transpose;
        tc.velocityShift = o.velocityShift;
        tc.fimRate = o.fimRate;
        if (o.fimRate > 0) extraTokens = data::infillingTokenNames();
        tc.loraRank = o.lora;
        tc.loraAlpha = o.loraAlpha;
        if (o.lora > 0 && o.init.empty()) return fail("--lora needs --init MODEL (the base the adapters train on)", 2);
        if (!o.tokenizer.empty()) {
            tokenizer = resolveTokenizer(o.tokenizer, &error);
            if (!tokenizer) return fail(error, 2);
        }
        if (!o.init.empty()) {
            const auto info = model::ModelFile::inspect(o.init, {});
            if (!info) return fail(info.error->toString());
            auto own = tokenizerOf(o.init, info.info, &error);
            if (!own) return fail(error);
            if (tokenizer && tokenizer->toMidiTokJson() != own->toMidiTokJson())
                return fail(o.init + ": the model was trained with another tokenizer configuration than --tokenizer " +
                            o.tokenizer + "; leave --tokenizer out to use the model's own");
            tokenizer = own;
            mc = info.info.config;
            if (o.fimRate > 0 && info.info.extraTokens != data::infillingTokenNames())
                return fail(o.init + ": --fim-rate needs a model with the infilling tokens (this one has none)", 2);
            extraTokens = info.info.extraTokens;
            if (!o.modelConfig.empty()) return fail("--model-config and --init exclude each other (--init fixes the shape)", 2);
        } else if (!o.modelConfig.empty()) {
            std::string text;
            if (!io::readWholeFile(o.modelConfig, &text, &error)) return fail(error, 2);
            if (!model::parseModelConfig(text, mc, &error)) return fail(o.modelConfig + ": " + error, 2);
            // What the file leaves out and the data decides is taken from the data, so a shape
            // file need not know the tokenizer's vocabulary or the folder's composers.
            const auto keys = nlohmann::json::parse(text, nullptr, false);
            fillVocab = !keys.contains("vocab_size");
            fillLabels = !keys.contains("conditioning_labels");
            fillContext = !keys.contains("max_context");
        }
        if (!tokenizer) tokenizer = remi::TokenizerConfig();
    }
    if (auto why = tc.validate(); !why.empty()) return fail(why, 2);
    const remi::Vocabulary vocabulary(*tokenizer);

    auto corpus = openCorpus(o.corpus, *tokenizer, std::size_t(tc.sequenceLength), false, "train");
    if (!corpus) return 1;
    const auto& labels = corpus->labels();
    if (!o.resume && o.init.empty()) {
        if (fillVocab) mc.vocabSize = std::int64_t(vocabulary.size() + extraTokens.size());
        if (fillLabels) mc.conditioningLabels = o.noLabels ? 0 : std::int64_t(labels.size());
        if (fillContext) mc.maxContext = tc.sequenceLength + mc.prefixLength();
    }
    if (mc.vocabSize != std::int64_t(vocabulary.size() + extraTokens.size()))
        return fail("the model's vocabulary has " + std::to_string(mc.vocabSize) + " tokens but the tokenizer's has " +
                    std::to_string(vocabulary.size()) +
                    (extraTokens.empty() ? std::string() : " + " + std::to_string(extraTokens.size()) + " of our own") +
                    " (the model and the data's tokenizer do not match)");
    if (tc.sequenceLength > mc.maxTokens())
        return fail("--seq " + std::to_string(tc.sequenceLength) + " is longer than the model's context (" +
                    std::to_string(mc.maxTokens()) + " tokens)", 2);
    if (mc.conditioned() && std::int64_t(labels.size()) > mc.conditioningLabels)
        return fail(o.corpus.folder + " has " + std::to_string(labels.size()) + " composer/style folders but the model knows " +
                    std::to_string(mc.conditioningLabels) + " labels");
    if (auto why = mc.validate(); !why.empty()) return fail("model config: " + why, 2);
    tc.padId = corpus->padId();

    // The model: fresh, from --init, or (LoRA) the frozen --init base plus adapters.
    std::optional<model::Transformer> net;
    model::ModelFileInfo initInfo;
    if (!initModel.empty()) {
        auto loaded = model::ModelFile::load(initModel, {std::int64_t(vocabulary.size())});
        if (!loaded) return fail(loaded.error->toString());
        if (loaded.info.config != mc) return fail(initModel + ": the model's shape differs from the run's");
        initInfo = loaded.info;
        net.emplace(std::move(*loaded.model));
    } else {
        net.emplace(mc, tc.seed);
    }
    std::optional<model::LoraAdapters> adapters;
    if (loraRank > 0) adapters.emplace(mc, loraRank, tc.loraAlpha, tc.seed);

    train::TrainingData data;
    data::AugmentationConfig augmentation;
    augmentation.maxTranspose = int(tc.transpose);
    augmentation.maxVelocityShift = int(tc.velocityShift);
    data.train = corpus->sampler(data::DatasetPart::Train, std::size_t(tc.batchSize), tc.seed, &error, augmentation,
                                 tc.fimRate);
    if (!data.train) return fail(error);
    if (corpus->windows(data::DatasetPart::Validation)->size() > 0)
        data.validation = corpus->sampler(data::DatasetPart::Validation, std::size_t(tc.batchSize), tc.seed, &error);
    else
        std::fprintf(stderr, "note: the validation part is empty; no validation loss (the best checkpoint is the last)\n");
    if (tc.structureLossWeight > 0) {
        data.grammar = std::make_shared<const remi::RemiGrammar>(*tokenizer, vocabulary);
        data.trainWindows = corpus->windows(data::DatasetPart::Train);
        data.bosId = vocabulary.id("BOS_None");
    }

    train::RunSetup setup;
    setup.folder = run.string();
    setup.resume = o.resume;
    setup.overwrite = o.force;
    setup.initModel = initModel;
    setup.description.tokenizerConfig = tokenizer->toMidiTokJson();
    setup.description.extraTokens = extraTokens;
    setup.description.labels = mc.conditioned() ? (initInfo.labels.empty() ? labels : initInfo.labels) : std::vector<std::string>{};
    setup.description.notes["trained_on"] = fs::path(o.corpus.folder).filename().string();
    if (!initModel.empty()) setup.description.notes["init_model"] = fs::path(initModel).filename().string();

    const bool terminal = isatty(STDERR_FILENO) == 1;
    double lastValidation = std::nan("");
    auto lastDraw = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    const std::int64_t every = std::max<std::int64_t>(1, tc.maxSteps / 20);
    train::TrainingEvents events;
    events.onStep = [&](const train::StepEvent& e) {
        const auto now = std::chrono::steady_clock::now();
        char line[256];
        std::snprintf(line, sizeof line, "step %lld/%lld  loss %.4f  val %.4f  lr %.2e  |g| %.3f  %.0f tok/s  %s  ETA %s",
                      (long long)e.step, (long long)e.maxSteps, e.loss, lastValidation, e.learningRate, e.gradNorm,
                      e.tokensPerSecond, clock(e.elapsedSeconds).c_str(), clock(e.etaSeconds).c_str());
        if (terminal) {
            if (now - lastDraw < std::chrono::milliseconds(100) && e.step != e.maxSteps) return;
            lastDraw = now;
            std::fprintf(stderr, "\r\033[K%s", line);
        } else if (e.step % every == 0 || e.step == 1 || now - lastDraw > std::chrono::seconds(30)) {
            lastDraw = now;  // a log line at least every 30 s, else every 5 % of the run
            std::fprintf(stderr, "%s\n", line);
        }
        std::fflush(stderr);
    };
    events.onValidation = [&](const train::ValidationEvent& e) {
        lastValidation = e.loss;
        std::fprintf(stderr, "%svalidation at step %lld: loss %.4f, perplexity %.2f, accuracy %.1f%%%s\n",
                     terminal ? "\r\033[K" : "", (long long)e.step, e.loss, e.perplexity, 100 * e.accuracy,
                     e.best ? " (best)" : "");
    };
    events.onMessage = [&](const std::string& m) {
        std::fprintf(stderr, "%swarning: %s\n", terminal ? "\r\033[K" : "", m.c_str());
    };

    train::TrainingSession session(std::move(*net), tc, data, setup, events, std::move(adapters));
    if (auto e = session.open()) {
        if (e->find("already holds a training run") != std::string::npos)
            return fail(run.string() + " already holds a training run: pass --resume to continue it, or --force to "
                                       "delete it and start afresh");
        return fail(*e);
    }
    std::fprintf(stderr, "training %lld parameters%s on %zu windows (%zu validation), batch %lld x %lld tokens, %d threads%s\n",
                 (long long)model::parameterCount(mc), loraRank > 0 ? " (LoRA adapters only)" : "",
                 corpus->windows(data::DatasetPart::Train)->size(), corpus->windows(data::DatasetPart::Validation)->size(),
                 (long long)tc.batchSize, (long long)tc.sequenceLength, std::max(1, o.threads), tc.bf16 ? ", bf16" : "");

    interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    train::TrainingSummary summary;
    std::atomic<bool> done{false};
    std::thread worker([&] {
        summary = session.run();
        done = true;
    });
    bool cancelRequested = false;
    while (!done) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (interrupted && !cancelRequested) {
            cancelRequested = true;
            std::fprintf(stderr, "%sinterrupted: saving the last checkpoint (Ctrl-C again to quit at once)\n",
                         terminal ? "\r\033[K" : "");
            session.cancel();
        }
    }
    worker.join();
    std::signal(SIGINT, previous);
    if (terminal) std::fputs("\n", stderr);

    if (summary.reason == train::StopReason::Failed) return fail(summary.error);
    std::printf("%s after %lld steps (%lld in this session) in %s; last loss %.4f", train::stopReasonName(summary.reason),
                (long long)summary.steps, (long long)summary.stepsThisSession, clock(summary.elapsedSeconds).c_str(),
                summary.lastLoss);
    if (std::isfinite(summary.bestValidationLoss))
        std::printf("; best validation loss %.4f (perplexity %.2f)", summary.bestValidationLoss,
                    std::exp(summary.bestValidationLoss));
    std::printf("; %.0f tokens/s\nbest: %s\nlast: %s\n", summary.tokensPerSecond,
                (run / "best" / "model.safetensors").c_str(), (run / "last" / "model.safetensors").c_str());
    return summary.reason == train::StopReason::Cancelled ? 130 : 0;
}

}  // namespace mozart::cli
