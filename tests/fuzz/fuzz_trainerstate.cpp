// libFuzzer target: trainer-state.safetensors from strangers (train::loadTrainerState: the tensor
// file, its metadata "format", "format_version", the step, data position, timing and world size,
// the embedded trainer configuration, the AdamW moments and ATen's generator state "rng.cpu").
// The input is the file's bytes, written into a private temporary checkpoint folder; the
// optimizer belongs to a tiny fixed model (seed inputs: tests/fuzz/regressions/fuzz_trainerstate).
// Contracts: a refusal names the file and restores nothing (state and moments untouched); what
// is accepted can be used as the training session uses it: the generator state is one ATen
// accepts, the counters are in range, the configuration validates, the moments are finite and
// the second moments not negative; nothing escapes as an exception.
//
// MOZART_FUZZ_WRITE_SEED=FILE writes a valid state of the tiny model to FILE and exits (how the
// seed in the regression folder was made); MOZART_FUZZ_VERBOSE=1 prints each refusal.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include "model/Transformer.h"
#include "train/AdamW.h"
#include "train/TrainingCheckpoint.h"

namespace {

using namespace mozart;

model::Transformer& tinyNetwork() {
    static model::Transformer net = [] {
        at::set_num_threads(1);
        model::ModelConfig c;
        c.vocabSize = 8;
        c.width = 8;
        c.heads = 2;
        c.layers = 1;
        c.feedForward = 8;
        c.maxContext = 8;
        return model::Transformer(c, 7);
    }();
    return net;
}

// A private checkpoint folder for this process, removed at exit (its name lives in a plain
// array: the exit handler runs after static strings are destroyed).
char folderName[4096];

const std::string& stateFolder() {
    static const std::string folder = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "fuzz-trainerstate-XXXXXX").string();
        if (pattern.size() >= sizeof folderName || !::mkdtemp(pattern.data())) std::abort();
        std::copy(pattern.begin(), pattern.end(), folderName);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(std::filesystem::path(folderName), ec);
        });
        return pattern;
    }();
    return folder;
}

bool momentsUntouched(const train::AdamW& optimizer) {
    if (optimizer.steps() != 0) return false;
    for (std::size_t i = 0; i < optimizer.firstMoments().size(); ++i)
        if (optimizer.firstMoments()[i].count_nonzero().item<std::int64_t>() != 0 ||
            optimizer.secondMoments()[i].count_nonzero().item<std::int64_t>() != 0)
            return false;
    return true;
}

bool usableState(const train::TrainerState& s, const train::AdamW& optimizer) {
    if (s.step < 0 || s.tokensSeen < 0 || s.worldSize < 1 || optimizer.steps() < 0) return false;
    // The data position feeds epoch * batches + batch when a run resumes: no wrapped "-1".
    if (s.dataEpoch >= (std::uint64_t(1) << 62) || s.dataBatch >= (std::uint64_t(1) << 62)) return false;
    if (!std::isfinite(s.elapsedSeconds) || s.elapsedSeconds < 0) return false;
    if (!s.config.validate().empty()) return false;
    if (s.generatorState.defined()) {
        at::Generator fresh = at::make_generator<at::CPUGeneratorImpl>();
        fresh.set_state(s.generatorState);  // throws on a state the session could not restore
    }
    for (std::size_t i = 0; i < optimizer.firstMoments().size(); ++i) {
        const at::Tensor& m = optimizer.firstMoments()[i];
        const at::Tensor& v = optimizer.secondMoments()[i];
        if (!at::isfinite(m).all().item<bool>() || !at::isfinite(v).all().item<bool>()) return false;
        if ((v < 0).any().item<bool>()) return false;
    }
    return true;
}

void writeSeed(const char* path) {
    model::Transformer& net = tinyNetwork();
    train::AdamW optimizer(net.namedParameters(), {});
    train::TrainerState state;
    state.step = 3;
    state.dataBatch = 2;
    state.tokensSeen = 96;
    state.elapsedSeconds = 1.5;
    state.bestValidationLoss = 2.25;
    state.generatorState = at::detail::getDefaultCPUGenerator().get_state();
    const std::string folder = stateFolder() + "/seed";
    if (auto e = train::saveCheckpoint(folder, net, optimizer, state, {"{}", {}, {}, {}}, nullptr)) {
        std::fprintf(stderr, "%s\n", e->c_str());
        std::exit(1);
    }
    std::filesystem::copy_file(folder + "/trainer-state.safetensors", path,
                               std::filesystem::copy_options::overwrite_existing);
    std::exit(0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (const char* seed = std::getenv("MOZART_FUZZ_WRITE_SEED")) writeSeed(seed);
    model::Transformer& net = tinyNetwork();
    const std::string folder = stateFolder();
    const std::string path = folder + "/trainer-state.safetensors";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
        if (!out) std::abort();
    }
    train::AdamW optimizer(net.namedParameters(), {});
    train::TrainerState state;
    state.step = -12345;  // a sentinel: a refusal must leave it
    const auto error = train::loadTrainerState(folder, optimizer, state, {});
    if (error) {
        if (std::getenv("MOZART_FUZZ_VERBOSE")) std::fprintf(stderr, "refused: %s\n", error->c_str());
        if (error->rfind(path + ": ", 0) != 0) std::abort();
        if (state.step != -12345 || !momentsUntouched(optimizer)) std::abort();
        return 0;
    }
    if (!usableState(state, optimizer)) std::abort();
    return 0;
}
