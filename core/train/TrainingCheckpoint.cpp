#include "train/TrainingCheckpoint.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "model/ModelFile.h"
#include "model/TensorFile.h"

namespace mozart::train {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStateFormat = "mozart-trainer-state";
constexpr const char* kStateVersion = "1";

void syncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Puts `temp` in place of `target`: atomic exchange when the target exists (the old content ends
// up in `temp`, which is then removed), a plain rename when it does not.
std::optional<std::string> installFolder(const fs::path& temp, const fs::path& target) {
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        if (::rename(temp.c_str(), target.c_str()) != 0)
            return target.string() + ": cannot rename the new checkpoint into place: " + std::strerror(errno);
    } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
        // File systems without exchange: move the old one aside first (a kill in between leaves
        // the new checkpoint under its temporary name and the old one aside; both complete).
        const fs::path aside = target.string() + ".old";
        fs::remove_all(aside, ec);
        if (::rename(target.c_str(), aside.c_str()) != 0 || ::rename(temp.c_str(), target.c_str()) != 0)
            return target.string() + ": cannot replace the checkpoint: " + std::strerror(errno);
        fs::remove_all(aside, ec);
    }
    fs::remove_all(temp, ec);
    syncFolder(target.parent_path().empty() ? fs::path(".") : target.parent_path());
    return std::nullopt;
}

std::string number(double v) { return nlohmann::json(v).dump(); }

}  // namespace

model::ModelFile::SaveOptions saveOptionsOf(const ModelDescription& description) {
    model::ModelFile::SaveOptions options;
    options.labels = description.labels;
    options.notes = description.notes;
    options.extraTokens = description.extraTokens;
    return options;
}

model::Transformer copyOfWeights(const model::Transformer& model, const model::LoraAdapters* adapters) {
    model::Transformer copy(model.config(), 0);
    copy.setTraining(false);
    at::NoGradGuard noGrad;
    const auto& from = model.namedParameters();
    const auto& to = copy.namedParameters();
    for (std::size_t i = 0; i < from.size(); ++i) {
        at::Tensor t = to[i].tensor;
        t.copy_(from[i].tensor);
    }
    if (adapters) adapters->mergeInto(copy);
    return copy;
}

std::optional<std::string> saveCheckpoint(const std::string& folder, const model::Transformer& model,
                                          const AdamW& optimizer, const TrainerState& state,
                                          const ModelDescription& description,
                                          const model::LoraAdapters* adapters) {
    const fs::path target = fs::path(folder).lexically_normal();
    fs::path parent = target.parent_path();
    if (parent.empty()) parent = ".";
    std::error_code ec;
    fs::create_directories(parent, ec);
    std::string pattern = (parent / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) return parent.string() + ": cannot create a temporary folder: " + std::strerror(errno);
    const fs::path temp = pattern;
    auto fail = [&](std::string message) -> std::optional<std::string> {
        fs::remove_all(temp, ec);
        return message;
    };

    // The model file: the model itself, or a merged copy for LoRA (the base stays untouched).
    model::ModelFile::SaveOptions options = saveOptionsOf(description);
    options.notes["step"] = std::to_string(state.step);
    std::optional<model::Transformer> merged;
    const model::Transformer* toSave = &model;
    if (adapters) {
        merged.emplace(copyOfWeights(model, adapters));
        toSave = &*merged;
    }
    if (auto e = model::ModelFile::save((temp / "model.safetensors").string(), *toSave, description.tokenizerConfig,
                                        options))
        return fail(e->toString());
    const std::string fingerprint = model::modelFingerprint(*toSave);
    if (adapters)
        if (auto e = adapters->save((temp / "adapters.safetensors").string(), model::modelFingerprint(model)))
            return fail(e->toString());

    std::vector<model::NamedTensor> tensors;
    const auto& params = optimizer.parameters();
    for (std::size_t i = 0; i < params.size(); ++i) {
        tensors.push_back({"adam.m." + params[i].name, optimizer.firstMoments()[i]});
        tensors.push_back({"adam.v." + params[i].name, optimizer.secondMoments()[i]});
    }
    if (state.generatorState.defined()) tensors.push_back({"rng.cpu", state.generatorState});
    std::map<std::string, std::string> meta{{"format", kStateFormat},
                                            {"format_version", kStateVersion},
                                            {"step", std::to_string(state.step)},
                                            {"optimizer_steps", std::to_string(optimizer.steps())},
                                            {"data_epoch", std::to_string(state.dataEpoch)},
                                            {"data_batch", std::to_string(state.dataBatch)},
                                            {"elapsed_seconds", number(state.elapsedSeconds)},
                                            {"tokens_seen", std::to_string(state.tokensSeen)},
                                            {"best_validation_loss",
                                             std::isfinite(state.bestValidationLoss) ? number(state.bestValidationLoss)
                                                                                     : std::string("null")},
                                            {"trainer_config", toJsonString(state.config, -1)},
                                            {"init_model", state.initModel},
                                            {"world_size", std::to_string(state.worldSize)},
                                            {"model_fingerprint", fingerprint}};
    if (auto e = model::writeTensorFile((temp / "trainer-state.safetensors").string(), tensors, meta))
        return fail(e->toString());
    syncFolder(temp);
    if (auto e = installFolder(temp, target)) return fail(*e);
    return std::nullopt;
}

namespace {

// Bounds of the counters a trainer state may hold: far above any real run, far below overflow
// in the arithmetic that resumes from them (data position * batch size * world size).
constexpr std::int64_t kMaxCount = std::int64_t(1) << 40;
constexpr std::int64_t kMaxWorldSize = 65536;

// A whole decimal integer in [low, high]; anything else (sign on an unsigned field, trailing
// text, out of range) is refused rather than truncated.
bool wholeNumber(const std::string& text, std::int64_t low, std::int64_t high, std::int64_t& out) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || v < low || v > high) return false;
    out = v;
    return true;
}

// The step, data position, timing and world size; "" or the field that is wrong.
std::string readCounters(const model::TensorFileContents& file, TrainerState& s) {
    std::int64_t epoch = 0, batch = 0;
    if (!wholeNumber(file.meta("step"), 0, kMaxCount, s.step)) return "step";
    if (!wholeNumber(file.meta("data_epoch"), 0, kMaxCount, epoch)) return "data_epoch";
    if (!wholeNumber(file.meta("data_batch"), 0, kMaxCount, batch)) return "data_batch";
    if (!wholeNumber(file.meta("tokens_seen"), 0, std::numeric_limits<std::int64_t>::max() / 2, s.tokensSeen))
        return "tokens_seen";
    // Absent in checkpoints from before data-parallel training: one process.
    const std::string world = file.meta("world_size");
    if (!world.empty() && !wholeNumber(world, 1, kMaxWorldSize, s.worldSize)) return "world_size";
    s.dataEpoch = std::uint64_t(epoch);
    s.dataBatch = std::uint64_t(batch);
    const auto elapsed = nlohmann::json::parse(file.meta("elapsed_seconds"), nullptr, false);
    if (!elapsed.is_number() || !std::isfinite(elapsed.get<double>()) || elapsed.get<double>() < 0)
        return "elapsed_seconds";
    s.elapsedSeconds = elapsed.get<double>();
    const auto best = nlohmann::json::parse(file.meta("best_validation_loss"), nullptr, false);
    if (best.is_null()) {
        s.bestValidationLoss = std::numeric_limits<double>::infinity();
    } else if (best.is_number() && std::isfinite(best.get<double>())) {
        s.bestValidationLoss = best.get<double>();
    } else {
        return "best_validation_loss";
    }
    s.initModel = file.meta("init_model");
    return {};
}

// ATen's CPU generator takes only a state of its own size and layout; try it on a fresh
// generator, so that a resumed run never meets a c10::Error when it restores the state.
bool usableGeneratorState(const at::Tensor& state) {
    try {
        at::Generator fresh = at::make_generator<at::CPUGeneratorImpl>();
        fresh.set_state(state);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

// The AdamW moments of every parameter: F32, finite, second moments not negative. "" or why not.
std::string readMoments(const model::TensorFileContents& file, const AdamW& optimizer, std::vector<at::Tensor>& m,
                        std::vector<at::Tensor>& v) {
    for (const auto& p : optimizer.parameters()) {
        const at::Tensor* mt = file.find("adam.m." + p.name);
        const at::Tensor* vt = file.find("adam.v." + p.name);
        if (!mt || !vt) return "the optimizer state of " + p.name + " is missing";
        if (mt->scalar_type() != at::kFloat || vt->scalar_type() != at::kFloat)
            return "the optimizer state of " + p.name + " is not F32";
        if (mt->sizes() != p.tensor.sizes() || vt->sizes() != p.tensor.sizes())
            return "the optimizer state of " + p.name + " has the wrong shape";
        if (!at::isfinite(*mt).all().item<bool>() || !at::isfinite(*vt).all().item<bool>() ||
            (*vt < 0).any().item<bool>())
            return "the optimizer state of " + p.name + " holds values no training produces (not finite, or negative "
                                                        "second moments)";
        m.push_back(*mt);
        v.push_back(*vt);
    }
    return {};
}

}  // namespace

std::optional<std::string> loadTrainerState(const std::string& folder, AdamW& optimizer, TrainerState& state,
                                            const std::string& modelFingerprint) {
    const std::string path = (fs::path(folder) / "trainer-state.safetensors").string();
    const model::TensorFileContents file = model::readTensorFile(path);
    if (!file) return file.error->toString();
    auto fail = [&](const std::string& message) -> std::optional<std::string> { return path + ": " + message; };
    if (file.meta("format") != kStateFormat) return fail("this is not a trainer state file");
    if (file.meta("format_version") != kStateVersion)
        return fail("unsupported trainer state version \"" + file.meta("format_version") + "\"");
    if (!modelFingerprint.empty() && file.meta("model_fingerprint") != modelFingerprint)
        return fail("the trainer state belongs to another model than the model.safetensors beside it");
    TrainerState s;
    if (const std::string wrong = readCounters(file, s); !wrong.empty())
        return fail(wrong + " is missing, malformed or out of range");
    std::string why;
    if (!parseTrainerConfig(file.meta("trainer_config"), s.config, &why)) return fail("trainer_config: " + why);
    if (const at::Tensor* rng = file.find("rng.cpu")) {
        s.generatorState = rng->clone();  // contiguous and owning, as get_state() gives it
        if (!usableGeneratorState(s.generatorState)) return fail("rng.cpu is not a state of ATen's CPU random generator");
    }
    std::vector<at::Tensor> m, v;
    if (const std::string wrong = readMoments(file, optimizer, m, v); !wrong.empty()) return fail(wrong);
    std::int64_t optimizerSteps = 0;
    if (!wholeNumber(file.meta("optimizer_steps"), 0, kMaxCount, optimizerSteps))
        return fail("optimizer_steps is missing, malformed or out of range");
    if (!optimizer.restore(m, v, optimizerSteps, &why)) return fail(why);
    state = s;
    return std::nullopt;
}

void removeStaleTemporaries(const std::string& folder) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace mozart::train
