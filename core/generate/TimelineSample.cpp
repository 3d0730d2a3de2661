#include "generate/TimelineSample.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <system_error>
#include <utility>

#include <dlfcn.h>

#include "generate/GenerationJob.h"
#include "generate/Recipe.h"
#include "io/AtomicFile.h"
#include "model/Transformer.h"

namespace mozart::generate {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxRecipeBytes = 1 << 20;

std::optional<TimelineSample> describe(const std::string& stem, std::int64_t step) {
    std::string text, error;
    if (!io::readWholeFile(stem + ".json", &text, &error, kMaxRecipeBytes)) return std::nullopt;
    const auto recipe = parseRecipe(text, &error);
    if (!recipe || !fs::exists(stem + ".mid")) return std::nullopt;
    TimelineSample s;
    s.step = step;
    s.midiFile = stem + ".mid";
    s.modelFile = stem + ".safetensors";
    s.composer = recipe->settings.prompt.composer;
    s.seed = recipe->settings.sampling.seed;
    s.bars = recipe->settings.length.bars;
    return s;
}

// The generation itself, on the calling thread, from the model file just written (so the recipe
// names a file that exists and `mozart generate --recipe` can make the piece again).
std::optional<TimelineSample> generateFrom(const std::string& stem, const TimelineSampleRequest& request,
                                           const std::string& composer, std::string* error) {
    auto model = loadModel(stem + ".safetensors", error);
    if (!model) return std::nullopt;
    GenerationSettings settings;
    settings.length.bars = request.bars;
    settings.sampling.seed = request.seed;
    settings.prompt.composer = composer;
    auto prepared = prepareGeneration(*model, settings, error);
    if (!prepared) return std::nullopt;
    model->net->setDecodeBf16(true);  // one sequence: the bf16 decode copies (as `mozart generate` does)
    Generator generator(*model->net, *model->tokenizer);
    const GenerationResult result = generator.run(prepared->request);
    if (!result.error.empty() || result.sequences.empty()) {
        *error = result.error.empty() ? "the generation returned nothing" : result.error;
        return std::nullopt;
    }
    const Recipe recipe = recipeOf(*model, prepared->settings, 0);
    const midi::Score piece = pieceOf(*model, *prepared, result.sequences.front(), recipe);
    if (!writePiece(piece, recipe, stem + ".mid", error)) return std::nullopt;
    return describe(stem, request.step);
}

}  // namespace

std::string timelineSampleStem(const std::string& runFolder, std::int64_t step) {
    char name[40];
    std::snprintf(name, sizeof name, "step-%lld", static_cast<long long>(step));
    return (fs::path(runFolder) / "samples" / name).string();
}

std::optional<TimelineSample> writeTimelineSample(const model::Transformer& weights, const std::string& tokenizerConfig,
                                                  const model::ModelFile::SaveOptions& description,
                                                  const TimelineSampleRequest& request, std::string* error) {
    std::string ignored;
    if (!error) error = &ignored;
    // One compute thread, for this thread only (OpenMP's setting is per thread): the trainer's
    // threads keep theirs. at::set_num_threads would also reset oneDNN's caches the trainer uses,
    // and OpenBLAS's count is process-wide, so neither is touched.
    using SetThreads = void (*)(int);
    if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) fn(1);
    const std::string stem = timelineSampleStem(request.runFolder, request.step);
    try {
        if (auto existing = describe(stem, request.step)) return existing;  // kept from an earlier pass
        std::error_code ec;
        const fs::path folder = fs::path(stem).parent_path();
        fs::create_directories(folder, ec);
        if (ec) {
            *error = "cannot create " + folder.string() + ": " + ec.message();
            return std::nullopt;
        }
        model::ModelFile::SaveOptions options = description;
        options.bfloat16 = true;
        options.notes["step"] = std::to_string(request.step);
        options.notes["timeline_sample"] = "1";
        if (auto e = model::ModelFile::save(stem + ".safetensors", weights, tokenizerConfig, options)) {
            *error = e->toString();
            return std::nullopt;
        }
        const std::string composer =
            !request.composer.empty() ? request.composer : description.labels.empty() ? std::string() : description.labels.front();
        return generateFrom(stem, request, composer, error);
    } catch (const std::exception& e) {  // out of memory, LibTorch: a message, not std::terminate
        *error = "the sample at step " + std::to_string(request.step) + " failed: " + e.what();
        return std::nullopt;
    }
}

std::vector<TimelineSample> listTimelineSamples(const std::string& runFolder) {
    std::vector<TimelineSample> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(runFolder) / "samples", ec)) {
        const fs::path path = entry.path();
        const std::string name = path.stem().string();
        if (path.extension() != ".json" || name.rfind("step-", 0) != 0) continue;
        char* end = nullptr;
        const long long step = std::strtoll(name.c_str() + 5, &end, 10);
        if (name.size() == 5 || !end || *end != '\0' || step < 0) continue;
        if (auto s = describe((path.parent_path() / name).string(), step)) out.push_back(*s);
    }
    std::sort(out.begin(), out.end(), [](const TimelineSample& a, const TimelineSample& b) { return a.step < b.step; });
    return out;
}

TimelineSampler::TimelineSampler(Run run, std::function<void(const TimelineSample&)> onWritten,
                                 std::function<void(const std::string&)> onError)
    : run_(std::move(run)), onWritten_(std::move(onWritten)), onError_(std::move(onError)) {}

TimelineSampler::~TimelineSampler() { finish(); }

void TimelineSampler::validated(std::int64_t step, const std::function<model::Transformer()>& snapshot) {
    if (run_.every > 0 && ++validations_ % run_.every == 0) offer(step, snapshot());
}

void TimelineSampler::offer(std::int64_t step, model::Transformer weights) {
    auto copy = std::make_unique<model::Transformer>(std::move(weights));
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = std::move(copy);  // an older copy still waiting gives way to this one
    pendingStep_ = step;
    if (busy_) return;           // the thread takes it when it is done with the one it writes
    busy_ = true;
    if (thread_.joinable()) thread_.join();  // it has left its loop (busy_ was false)
    thread_ = std::thread([this] { writeAll(); });
}

void TimelineSampler::finish() {
    if (thread_.joinable()) thread_.join();
}

void TimelineSampler::writeAll() {
    for (;;) {
        std::unique_ptr<model::Transformer> weights;
        TimelineSampleRequest request;
        request.runFolder = run_.folder;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!pending_) {
                busy_ = false;
                return;
            }
            weights = std::move(pending_);
            request.step = pendingStep_;
        }
        std::string error;
        if (auto sample = writeTimelineSample(*weights, run_.tokenizerConfig, run_.description, request, &error)) {
            if (onWritten_) onWritten_(*sample);
        } else if (onError_) {
            onError_(error);
        }
    }
}

}  // namespace mozart::generate
