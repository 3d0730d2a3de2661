#include "cli/TrainCommand.h"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>
#include <unistd.h>

#include "cli/TerminalProgress.h"
#include "data/BatchSampler.h"
#include "model/CpuRuntime.h"
#include "train/DistributedGroup.h"
#include "train/TrainRunSetup.h"
#include "train/TrainingSession.h"
#include "generate/TimelineSample.h"

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

int fail(const train::TrainRunError& e) { return fail(e.message, e.usage ? 2 : 1); }

// The progress line: a time-bounded run shows its step and the time left (its step count is no
// goal), and the validation loss only once there is one.
std::string progressLine(const train::StepEvent& e, bool timeOnly, double lastValidation) {
    char head[64], val[32] = "";
    if (timeOnly) std::snprintf(head, sizeof head, "step %lld", (long long)e.step);
    else std::snprintf(head, sizeof head, "step %lld/%lld", (long long)e.step, (long long)e.maxSteps);
    if (std::isfinite(lastValidation)) std::snprintf(val, sizeof val, "  val %.4f", lastValidation);
    char line[256];
    std::snprintf(line, sizeof line, "%s  loss %.4f%s  lr %.2e  |g| %.3f  %.0f tok/s  %s  %s %s", head, e.loss, val,
                  e.learningRate, e.gradNorm, e.tokensPerSecond, clock(e.elapsedSeconds).c_str(),
                  timeOnly ? "left" : "ETA", clock(e.etaSeconds).c_str());
    return line;
}

std::optional<train::TrainingCorpus> openCorpus(const train::TrainRunPlan& plan) {
    train::TrainRunError error;
    auto options = train::corpusOptions(plan, &error);
    if (!options) {
        fail(error);
        return std::nullopt;
    }
    std::unique_ptr<TerminalProgress> progress;
    options->progress = [&](const data::ScanProgress& p) {
        if (!progress) progress = std::make_unique<TerminalProgress>("reading", p.total);
        progress->advance(p.file);
    };
    std::string why;
    auto corpus = train::TrainingCorpus::open(*options, &why);
    if (progress) progress->finish();
    if (!corpus) fail(why);
    return corpus;
}

// --samples-every: each sample written is named on stderr (callbacks on the sampler's thread).
std::unique_ptr<generate::TimelineSampler> makeSampler(const std::string& folder, const train::ModelDescription& description,
                                                       int every) {
    generate::TimelineSampler::Run run;
    run.folder = folder;
    run.every = every;
    run.tokenizerConfig = description.tokenizerConfig;
    run.description = train::saveOptionsOf(description);
    return std::make_unique<generate::TimelineSampler>(
        std::move(run),
        [](const generate::TimelineSample& s) {
            std::fprintf(stderr, "sample at step %lld: %s\n", (long long)s.step, s.midiFile.c_str());
        },
        [](const std::string& error) { std::fprintf(stderr, "warning: samples timeline: %s\n", error.c_str()); });
}

}  // namespace

CLI::App* addTrainCommand(CLI::App& app, TrainOptions& options) {
    auto* cmd = app.add_subcommand("train", "Train a model on a folder of MIDI files (run folder with checkpoints)");
    addCorpusOptions(*cmd, options.corpus);
    train::TrainRunOptions& o = options.run;
    cmd->add_option("--out,-o", o.out, "Run folder (config.json, metrics.jsonl, checkpoints, best, last)")->required();
    cmd->add_option("--model-size", o.modelSize, "Model shape preset: tiny, small or standard (default: standard)");
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
    cmd->add_option("--init", o.init, "Start from this model file (fine-tuning; label folders are matched to its labels by name)");
    cmd->add_option("--lora", o.lora, "LoRA rank on the attention projections (with --init; 0: train all weights)");
    cmd->add_option("--lora-alpha", o.loraAlpha, "LoRA alpha")->capture_default_str();
    cmd->add_option("--validate-every", o.validateEvery, "Validation every N steps (0: only at the end)")->capture_default_str();
    cmd->add_option("--samples-every", options.samplesEvery,
                    "A short piece from the weights every N validations, into RUN/samples as the studio's samples timeline (0: none)")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str();
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
    addDistributedOptions(*cmd, options.distributed);
    return cmd;
}

int runTrain(const TrainOptions& options, char** argv) {
    if (options.distributed.nproc > 0) return launchLocalWorkers(options.distributed, argv, "mozart train");
    train::DistributedOptions dist;
    std::string distError;
    const bool parallel = distributedOptions(options.distributed, dist, &distError);
    if (!distError.empty()) return fail(distError, 2);
    const bool quiet = parallel && dist.rank != 0;  // rank 0 talks and writes for the run
    train::TrainRunOptions o = options.run;
    if (quiet && !o.resume) o.force = true;  // only rank 0 refuses (or replaces) a run folder
    o.data = options.corpus.folder;
    o.cacheDir = options.corpus.cacheDir;
    o.noCache = options.corpus.noCache;
    o.jobs = options.corpus.jobs;
    o.splitSeed = options.corpus.splitSeed;
    o.split = options.corpus.split;
    model::ensurePassiveThreadWaiting(argv);
    model::keepFreedMemory();
    model::setComputeThreads(std::max(1, o.threads));

    const auto planned = train::planTrainRun(o);
    if (!planned.plan) return fail(planned.error);
    const train::TrainRunPlan& plan = *planned.plan;
    auto corpus = openCorpus(plan);
    if (!corpus) return 1;
    train::TrainRunError error;
    auto prepared = train::prepareTrainRun(plan, *corpus, &error);
    if (!prepared) return fail(error);
    if (parallel) {
        std::string why;
        std::shared_ptr<train::DistributedGroup> group = train::DistributedGroup::connect(dist, &why);
        if (!group) return fail(why);
        prepared->data.train = std::make_shared<const data::BatchSampler>(
            prepared->data.train->sharded(std::size_t(dist.rank), std::size_t(dist.worldSize)));
        // Every rank validates the same windows a single process with the combined batch would.
        if (prepared->data.validation)
            prepared->data.validation = corpus->sampler(
                data::DatasetPart::Validation, std::size_t(prepared->trainer.batchSize * dist.worldSize),
                prepared->trainer.seed, &why);
        prepared->setup.group = group;
        prepared->setup.overlapAllReduce = options.distributed.overlap;
        if (!quiet)
            prepared->notes.push_back(
                "data-parallel over " + std::to_string(dist.worldSize) + " processes: the effective batch is " +
                std::to_string(prepared->trainer.batchSize) + " x " + std::to_string(dist.worldSize) + " = " +
                std::to_string(prepared->trainer.batchSize * dist.worldSize) +
                " rows per step, each process reading its own rows of every batch");
    }
    if (quiet) prepared->notes.clear();
    for (const auto& note : prepared->notes) std::fprintf(stderr, "note: %s\n", note.c_str());
    const train::TrainerConfig tc = prepared->trainer;
    const fs::path run(o.out);

    const bool terminal = isatty(STDERR_FILENO) == 1, timeOnly = train::boundedByTimeOnly(tc);
    double lastValidation = std::nan("");
    auto lastDraw = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    const std::int64_t every = std::max<std::int64_t>(1, tc.maxSteps / 20);
    train::TrainingEvents events;
    events.onStep = [&](const train::StepEvent& e) {
        const auto now = std::chrono::steady_clock::now();
        const std::string line = progressLine(e, timeOnly, lastValidation);
        if (terminal) {
            if (now - lastDraw < std::chrono::milliseconds(100) && e.step != e.maxSteps) return;
            lastDraw = now;
            std::fprintf(stderr, "\r\033[K%s", line.c_str());
        } else if ((!timeOnly && e.step % every == 0) || e.step == 1 || now - lastDraw > std::chrono::seconds(30)) {
            lastDraw = now;  // a log line at least every 30 s, else every 5 % of the run
            std::fprintf(stderr, "%s\n", line.c_str());
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
    if (quiet) {
        events.onStep = nullptr;
        events.onValidation = nullptr;
        events.onMessage = [&](const std::string& m) { std::fprintf(stderr, "rank %d: warning: %s\n", dist.rank, m.c_str()); };
    }

    // The samples timeline (as the studio writes it): the copy on the trainer's thread, the rest on the sampler's.
    std::unique_ptr<generate::TimelineSampler> sampler;
    const train::TrainingSession* trainer = nullptr;
    if (options.samplesEvery > 0 && !quiet) {
        sampler = makeSampler(o.out, prepared->setup.description, options.samplesEvery);
        events.onValidation = [&, show = events.onValidation](const train::ValidationEvent& e) {
            if (show) show(e);
            if (trainer) sampler->validated(e.step, [&] { return trainer->weightsSnapshot(); });
        };
    }
    train::TrainingSession session(std::move(*prepared->network), tc, prepared->data, prepared->setup, events,
                                   std::move(prepared->adapters));
    trainer = &session;
    if (auto e = session.open()) return fail(train::explainOpenError(*e, o));
    if (!quiet) std::fprintf(stderr, "%s\n", prepared->description.c_str());

    interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    train::TrainingSummary summary;
    std::atomic<bool> done{false};
    std::thread worker([&] {
        try {  // a rank's lost partner (DistributedError) must end the run, not the process
            summary = session.run();
        } catch (const std::exception& e) {
            summary.reason = train::StopReason::Failed;
            summary.error = e.what();
        }
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
    if (sampler) sampler->finish();  // the samples in flight
    std::signal(SIGINT, previous);
    if (terminal && !quiet) std::fputs("\n", stderr);

    if (summary.reason == train::StopReason::Failed) return fail(summary.error);
    if (quiet) return summary.reason == train::StopReason::Cancelled ? 130 : 0;
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
