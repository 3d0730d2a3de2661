#include "train/TrainRunSetup.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <ATen/ATen.h>

#include "data/Sha256.h"
#include "model/ModelFile.h"
#include "remi/RemiGrammar.h"
#include "remi/Vocabulary.h"

namespace mozart::train {

namespace fs = std::filesystem;

std::string datasetDigest(const TrainingCorpus& corpus, std::int64_t* pieces) {
    const data::Dataset& d = corpus.dataset();
    data::Sha256 sha;
    for (std::size_t i : d.uniquePieces()) {
        const auto& record = d.pieces()[i].record;
        sha.add(record.relativePath);
        sha.add(record.contentDigest.data(), record.contentDigest.size());
    }
    if (pieces) *pieces = std::int64_t(d.uniquePieces().size());
    return data::toHex(sha.finish()).substr(0, 16);
}

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

// Reorders a conditioned base model's labels so that label i is the data's label i (matched by
// name), the base's other labels after them. nullopt with the names when a folder has no label.
std::optional<std::vector<std::string>> matchLabels(model::Transformer& net, const std::vector<std::string>& base,
                                                    const std::vector<std::string>& folders, const TrainRunPlan& plan,
                                                    TrainRunError* error) {
    std::vector<std::int64_t> order;
    std::vector<std::string> missing;
    for (const auto& name : folders) {
        const auto it = std::find(base.begin(), base.end(), name);
        if (it == base.end()) missing.push_back(name);
        else order.push_back(std::int64_t(it - base.begin()));
    }
    if (!missing.empty()) {
        *error = {"init", "the label folders " + joined(missing) + " of " + plan.options.data + " are not labels of " +
                              plan.initModel + " (it knows " + joined(base) +
                              "): name the folders as the model's labels (or fine-tune another model)", false};
        return std::nullopt;
    }
    for (std::int64_t i = 0; i < std::int64_t(base.size()); ++i)
        if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
    std::vector<std::string> names;
    for (auto i : order) names.push_back(base[std::size_t(i)]);
    bool identity = true;
    for (std::size_t i = 0; i < order.size(); ++i) identity = identity && order[i] == std::int64_t(i);
    if (identity) return names;
    for (const auto& p : net.namedParameters()) {
        if (p.name != "label_embed.weight") continue;
        at::NoGradGuard noGrad;
        at::Tensor weights = p.tensor;
        const at::Tensor before = weights.clone();
        weights.copy_(before.index_select(0, at::tensor(order, at::kLong)));
    }
    return names;
}

// The run's label names, checked against the data's folders; false with `error`.
bool checkLabels(const TrainRunPlan& plan, const model::ModelConfig& mc, const std::vector<std::string>& folders,
                 std::vector<std::string>& runLabels, TrainRunError* error) {
    if (!mc.conditioned()) return true;
    if (plan.options.resume && !plan.runLabels.empty()) {
        bool same = folders.size() <= plan.runLabels.size();
        for (std::size_t i = 0; same && i < folders.size(); ++i) same = folders[i] == plan.runLabels[i];
        if (!same) {
            *error = {"data", plan.options.data + " has the label folders " + joined(folders) + " but the run was started on " +
                                  joined(plan.runLabels) + ": resume with the folder the run started on", false};
            return false;
        }
        runLabels = plan.runLabels;
        return true;
    }
    if (std::int64_t(folders.size()) > mc.conditioningLabels) {
        *error = {"data", plan.options.data + " has " + std::to_string(folders.size()) +
                              " composer/style folders but the model knows " + std::to_string(mc.conditioningLabels) +
                              " labels", false};
        return false;
    }
    if (runLabels.empty()) runLabels = folders;
    return true;
}

// The shape completed from the data, and checked against it.
bool completeModel(const TrainRunPlan& plan, const TrainingCorpus& corpus, model::ModelConfig& mc, TrainRunError* error) {
    const remi::Vocabulary vocabulary(plan.tokenizer);
    const std::int64_t vocab = std::int64_t(vocabulary.size() + plan.extraTokens.size());
    if (plan.fillVocab) mc.vocabSize = vocab;
    if (plan.fillLabels) mc.conditioningLabels = plan.options.noLabels ? 0 : std::int64_t(corpus.labels().size());
    if (plan.fillContext) mc.maxContext = plan.trainer.sequenceLength + mc.prefixLength();
    if (mc.vocabSize != vocab) {
        *error = {"model-config", "the model's vocabulary has " + std::to_string(mc.vocabSize) +
                                      " tokens but the tokenizer's has " + std::to_string(vocabulary.size()) +
                                      (plan.extraTokens.empty() ? std::string()
                                                                : " + " + std::to_string(plan.extraTokens.size()) + " of our own") +
                                      " (the model and the data's tokenizer do not match)", false};
        return false;
    }
    if (plan.trainer.sequenceLength > mc.maxTokens()) {
        *error = {"seq", "the sequence length " + std::to_string(plan.trainer.sequenceLength) +
                             " is longer than the model's context (" + std::to_string(mc.maxTokens()) + " tokens) (--seq)",
                  true};
        return false;
    }
    if (auto why = mc.validate(); !why.empty()) {
        *error = {"model-config", "model config: " + why, true};
        return false;
    }
    return true;
}

bool buildSamplers(const TrainRunPlan& plan, const TrainingCorpus& corpus, PreparedTrainRun& run, TrainRunError* error) {
    const TrainerConfig& tc = run.trainer;
    std::string why;
    data::AugmentationConfig augmentation;
    augmentation.maxTranspose = int(tc.transpose);
    augmentation.maxVelocityShift = int(tc.velocityShift);
    run.data.train = corpus.sampler(data::DatasetPart::Train, std::size_t(tc.batchSize), tc.seed, &why, augmentation,
                                    tc.fimRate);
    if (!run.data.train) {
        *error = {"data", why, false};
        return false;
    }
    if (corpus.windows(data::DatasetPart::Validation)->size() > 0)
        run.data.validation = corpus.sampler(data::DatasetPart::Validation, std::size_t(tc.batchSize), tc.seed, &why);
    else
        run.notes.push_back("the validation part is empty; no validation loss (the best checkpoint is the last)");
    if (tc.structureLossWeight > 0) {
        const remi::Vocabulary vocabulary(plan.tokenizer);
        run.data.grammar = std::make_shared<const remi::RemiGrammar>(plan.tokenizer, vocabulary);
        run.data.trainWindows = corpus.windows(data::DatasetPart::Train);
        run.data.bosId = vocabulary.id("BOS_None");
    }
    return true;
}

}  // namespace

std::optional<PreparedTrainRun> prepareTrainRun(const TrainRunPlan& plan, const TrainingCorpus& corpus,
                                                TrainRunError* error) {
    TrainRunError ignored;
    if (!error) error = &ignored;
    PreparedTrainRun run;
    run.trainer = plan.trainer;
    run.model = plan.model;
    if (!completeModel(plan, corpus, run.model, error)) return std::nullopt;
    const model::ModelConfig& mc = run.model;
    run.trainer.padId = corpus.padId();
    const std::vector<std::string>& folders = corpus.labels();
    std::vector<std::string> runLabels;
    if (!plan.initModel.empty()) {
        const remi::Vocabulary vocabulary(plan.tokenizer);
        auto loaded = model::ModelFile::load(plan.initModel, {std::int64_t(vocabulary.size())});
        if (!loaded || loaded.info.config != mc) {
            *error = {"init", loaded ? plan.initModel + ": the model's shape differs from the run's" : loaded.error->toString(),
                      false};
            return std::nullopt;
        }
        run.network.emplace(std::move(*loaded.model));
        if (mc.conditioned() && !loaded.info.labels.empty()) {
            auto names = matchLabels(*run.network, loaded.info.labels, folders, plan, error);
            if (!names) return std::nullopt;
            runLabels = *names;
        }
    } else {
        run.network.emplace(mc, plan.trainer.seed);
    }
    if (!checkLabels(plan, mc, folders, runLabels, error)) return std::nullopt;
    if (run.trainer.loraRank > 0) run.adapters.emplace(mc, run.trainer.loraRank, run.trainer.loraAlpha, run.trainer.seed);
    if (!buildSamplers(plan, corpus, run, error)) return std::nullopt;

    std::int64_t pieces = 0;
    const std::string digest = datasetDigest(corpus, &pieces);
    if (plan.options.resume && !plan.runDatasetDigest.empty() && plan.runDatasetDigest != digest)
        run.notes.push_back("the data in " + plan.options.data + " changed since the run started (" +
                            std::to_string(plan.runDatasetPieces) + " pieces then, " + std::to_string(pieces) +
                            " now): the batches are no longer those the run began with");
    RunSetup& setup = run.setup;
    setup.folder = plan.options.out;
    setup.resume = plan.options.resume;
    setup.overwrite = plan.options.force;
    setup.initModel = plan.initModel;
    setup.description.tokenizerConfig = plan.tokenizer.toMidiTokJson();
    setup.description.extraTokens = plan.extraTokens;
    setup.description.labels = mc.conditioned() ? runLabels : std::vector<std::string>{};
    setup.description.notes["trained_on"] = fs::path(plan.options.data).filename().string();
    // Where the training part is, so `mozart generate --copy-check` finds it (eval/CopyCheck.h).
    std::error_code absoluteError;
    setup.description.notes["data_folder"] = fs::absolute(plan.options.data, absoluteError).lexically_normal().string();
    setup.description.notes["split"] = plan.options.split;
    setup.description.notes["split_seed"] = std::to_string(plan.options.splitSeed);
    setup.description.notes["dataset_digest"] = plan.options.resume && !plan.runDatasetDigest.empty() ? plan.runDatasetDigest : digest;
    setup.description.notes["dataset_pieces"] = std::to_string(plan.options.resume && plan.runDatasetPieces >= 0 ? plan.runDatasetPieces : pieces);
    if (!plan.initModel.empty()) setup.description.notes["init_model"] = fs::path(plan.initModel).filename().string();

    char line[256];
    const TrainerConfig& tc = run.trainer;
    std::snprintf(line, sizeof line, "training %lld parameters%s on %zu windows (%zu validation), batch %lld x %lld tokens, %d threads%s",
                  (long long)model::parameterCount(mc), tc.loraRank > 0 ? " (LoRA adapters only)" : "",
                  corpus.windows(data::DatasetPart::Train)->size(), corpus.windows(data::DatasetPart::Validation)->size(),
                  (long long)tc.batchSize, (long long)tc.sequenceLength, std::max(1, plan.options.threads),
                  tc.bf16 ? ", bf16" : "");
    run.description = line;
    return run;
}

}  // namespace mozart::train
