#include "train/TrainRunPlan.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "data/FillInTheMiddle.h"
#include "data/ParallelFor.h"
#include "data/TokenCache.h"
#include "io/AtomicFile.h"
#include "model/ModelFile.h"

namespace mozart::train {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kUnboundedSteps = std::int64_t(1) << 40;

TrainRunPlanResult refuse(std::string field, std::string message, bool usage) {
    TrainRunPlanResult r;
    r.error = {std::move(field), std::move(message), usage};
    return r;
}

// The option behind a TrainerConfig key in the sentence TrainerConfig::validate() gives.
std::string optionOf(const std::string& sentence) {
    static const std::map<std::string, std::string> options = {
        {"learning_rate", "lr"}, {"min_learning_rate", "min-lr"}, {"warmup_steps", "warmup"},
        {"weight_decay", "weight-decay"}, {"gradient_clip", "clip"}, {"label_smoothing", "label-smoothing"},
        {"structure_loss_weight", "structure-weight"}, {"batch_size", "batch"}, {"sequence_length", "seq"},
        {"accumulation_steps", "accumulate"}, {"max_steps", "steps"}, {"max_minutes", "minutes"},
        {"validation_every", "validate-every"}, {"checkpoint_every", "checkpoint-every"},
        {"keep_checkpoints", "keep"}, {"lora_rank", "lora"}, {"transpose", "transpose"},
        {"lora_alpha", "lora-alpha"}, {"fim_rate", "fim-rate"}, {"velocity_shift", "velocity-shift"}};
    const auto it = options.find(sentence.substr(0, sentence.find(' ')));
    return it == options.end() ? std::string() : it->second;
}

std::optional<remi::TokenizerConfig> resolveTokenizer(const std::string& choice, std::string* error) {
    if (choice.empty() || choice == "default") return remi::TokenizerConfig();
    if (choice == "rich") return remi::TokenizerConfig::rich();
    std::string text;
    if (!io::readWholeFile(choice, &text, error)) {
        *error += " (the tokenizer is default, rich or a MidiTok tokenizer.json)";
        return std::nullopt;
    }
    std::string why;
    auto config = remi::TokenizerConfig::fromMidiTokJson(text, &why);
    if (!config) *error = choice + ": not a usable MidiTok tokenizer.json: " + why;
    return config;
}

bool holdsRun(const fs::path& run) {
    std::error_code ec;
    return fs::exists(run / "config.json", ec) || fs::exists(run / "last", ec) || fs::exists(run / "metrics.jsonl", ec);
}

// On resume everything but the run's length comes from RUN/config.json.
TrainRunPlanResult planResume(TrainRunPlan p) {
    const TrainRunOptions& o = p.options;
    const fs::path config = fs::path(o.out) / "config.json";
    std::string text, error;
    if (!io::readWholeFile(config.string(), &text, &error))
        return refuse("out", error + " (resuming needs a run folder made by mozart train or the studio)", false);
    try {
        const auto j = nlohmann::json::parse(text);
        p.trainer = j.at("trainer").get<TrainerConfig>();
        if (!model::parseModelConfig(j.at("model").dump(), p.model, &error)) throw std::runtime_error(error);
        auto tokenizer = remi::TokenizerConfig::fromMidiTokJson(j.at("tokenizer").dump(), &error);
        if (!tokenizer) throw std::runtime_error(error);
        p.tokenizer = *tokenizer;
        p.initModel = j.value("init_model", std::string());
        p.extraTokens = j.value("extra_tokens", std::vector<std::string>{});
        p.runLabels = j.value("labels", std::vector<std::string>{});
        if (j.contains("notes") && j["notes"].is_object()) {
            p.runDatasetDigest = j["notes"].value("dataset_digest", std::string());
            p.runDatasetPieces = std::stoll(j["notes"].value("dataset_pieces", std::string("-1")));
        }
    } catch (const std::exception& e) {
        return refuse("out", config.string() + ": not a usable run configuration: " + e.what(), false);
    }
    if (o.steps > 0) p.trainer.maxSteps = o.steps;
    if (o.minutes > 0) p.trainer.maxMinutes = o.minutes;
    p.fillVocab = p.fillLabels = p.fillContext = false;
    TrainRunPlanResult r;
    r.plan = std::move(p);
    return r;
}

void fillTrainer(const TrainRunOptions& o, TrainerConfig& tc) {
    tc.learningRate = o.lr;
    tc.minLearningRate = o.minLr >= 0 ? o.minLr : o.lr / 10;
    tc.warmupSteps = o.warmup;
    const std::int64_t steps = o.steps > 0 ? o.steps : o.minutes > 0 ? kUnboundedSteps : 1000;
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
    tc.loraRank = o.lora;
    tc.loraAlpha = o.loraAlpha;
}

// The model's shape and tokenizer for a new run: from --init, a shape file or a size preset.
TrainRunPlanResult planModel(TrainRunPlan p) {
    const TrainRunOptions& o = p.options;
    std::string error;
    std::optional<remi::TokenizerConfig> tokenizer;
    if (!o.tokenizer.empty()) {
        tokenizer = resolveTokenizer(o.tokenizer, &error);
        if (!tokenizer) return refuse("tokenizer", error, true);
    }
    if (o.fimRate > 0) p.extraTokens = data::infillingTokenNames();
    if (!o.modelSize.empty() && !o.modelConfig.empty())
        return refuse("model-size", "a size preset and a --model-config file exclude each other", true);
    if (!o.init.empty()) {
        if (!o.modelConfig.empty() || !o.modelSize.empty())
            return refuse("init", "--init fixes the model's shape: leave out --model-config and --model-size", true);
        const auto info = model::ModelFile::inspect(o.init, {});
        if (!info) return refuse("init", info.error->toString(), false);
        std::string why;
        auto own = remi::TokenizerConfig::fromMidiTokJson(info.info.tokenizerConfig, &why);
        if (!own) return refuse("init", o.init + ": the model's tokenizer configuration is not usable: " + why, false);
        if (tokenizer && tokenizer->toMidiTokJson() != own->toMidiTokJson())
            return refuse("tokenizer", o.init + ": the model was trained with another tokenizer configuration than " +
                                           o.tokenizer + "; leave the tokenizer out to use the model's own", false);
        if (o.fimRate > 0 && info.info.extraTokens != data::infillingTokenNames())
            return refuse("fim-rate", o.init + ": --fim-rate needs a model with the infilling tokens (this one has none)",
                          true);
        tokenizer = own;
        p.model = info.info.config;
        p.extraTokens = info.info.extraTokens;
        p.initModel = o.init;
        p.fillVocab = p.fillLabels = p.fillContext = false;
    } else if (!o.modelConfig.empty()) {
        std::string text;
        if (!io::readWholeFile(o.modelConfig, &text, &error)) return refuse("model-config", error, true);
        if (!model::parseModelConfig(text, p.model, &error))
            return refuse("model-config", o.modelConfig + ": " + error, true);
        // What the file leaves out and the data decides is taken from the data, so a shape
        // file need not know the tokenizer's vocabulary or the folder's composers.
        const auto keys = nlohmann::json::parse(text, nullptr, false);
        p.fillVocab = !keys.contains("vocab_size");
        p.fillLabels = !keys.contains("conditioning_labels");
        p.fillContext = !keys.contains("max_context");
    } else if (!o.modelSize.empty()) {
        auto preset = modelSizePreset(o.modelSize);
        if (!preset) return refuse("model-size", "the model size is one of tiny, small, standard (not " + o.modelSize + ")", true);
        p.model = *preset;
    }
    p.tokenizer = tokenizer ? *tokenizer : remi::TokenizerConfig();
    TrainRunPlanResult r;
    r.plan = std::move(p);
    return r;
}

}  // namespace

const std::vector<std::string>& modelSizeNames() {
    static const std::vector<std::string> names = {"tiny", "small", "standard"};
    return names;
}

std::optional<model::ModelConfig> modelSizePreset(const std::string& name) {
    model::ModelConfig c;  // the standard shape
    if (name == "standard") return c;
    if (name == "small") {
        c.width = 128, c.heads = 4, c.layers = 4, c.feedForward = 512;
        return c;
    }
    if (name == "tiny") {
        c.width = 64, c.heads = 4, c.layers = 2, c.feedForward = 256;
        return c;
    }
    return std::nullopt;
}

bool boundedByTimeOnly(const TrainerConfig& c) {
    return c.maxMinutes > 0 && c.decaySteps == 0 && c.maxSteps >= kUnboundedSteps;
}

TrainRunPlanResult planTrainRun(const TrainRunOptions& o) {
    if (o.data.empty()) return refuse("data", "choose the folder of MIDI files to train on", true);
    if (o.out.empty()) return refuse("out", "choose a run folder", true);
    if (o.threads < 1) return refuse("threads", "the thread count must be at least 1 (--threads)", true);
    if (o.resume && o.force) return refuse("force", "--resume and --force exclude each other", true);
    TrainRunPlan p;
    p.options = o;
    TrainRunPlanResult r;
    if (o.resume) {
        r = planResume(std::move(p));
    } else {
        if (!o.force && holdsRun(o.out))
            return refuse("out", o.out + " already holds a training run: resume it (--resume), or delete it and start "
                                         "afresh (--force)", false);
        if (o.lora > 0 && o.init.empty())
            return refuse("lora", "--lora needs --init MODEL (the base the adapters train on)", true);
        fillTrainer(o, p.trainer);
        r = planModel(std::move(p));
    }
    if (!r.plan) return r;
    if (auto why = r.plan->trainer.validate(); !why.empty()) {
        const std::string field = optionOf(why);
        return refuse(field, field.empty() ? why : why + " (--" + field + ")", true);
    }
    return r;
}

std::optional<CorpusOptions> corpusOptions(const TrainRunPlan& plan, TrainRunError* error) {
    const TrainRunOptions& o = plan.options;
    CorpusOptions c;
    c.folder = o.data;
    c.tokenizer = plan.tokenizer;
    c.cacheDirectory = o.noCache ? std::string() : o.cacheDir.empty() ? data::defaultTokenCacheDirectory() : o.cacheDir;
    c.threads = o.jobs ? o.jobs : data::defaultThreadCount();
    c.split.seed = o.splitSeed;
    double f[3] = {0, 0, 0};
    char tail = 0;
    if (std::sscanf(o.split.c_str(), "%lf,%lf,%lf%c", &f[0], &f[1], &f[2], &tail) != 3) {
        if (error) *error = {"split", "the split takes three fractions like 0.9,0.05,0.05 (--split)", true};
        return std::nullopt;
    }
    c.split.train = f[0];
    c.split.validation = f[1];
    c.split.test = f[2];
    c.windowLength = std::size_t(plan.trainer.sequenceLength);
    return c;
}

std::string explainOpenError(const std::string& error, const TrainRunOptions& o) {
    if (error.find("already holds a training run") != std::string::npos)
        return o.out + " already holds a training run: resume it (--resume), or delete it and start afresh (--force)";
    return error;
}

}  // namespace mozart::train
