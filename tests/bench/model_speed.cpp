// model_speed: times the model on this machine, to compare with the Python prototype
// (shared/bench/seed_reference.py) side by side. Not a test: it prints one JSON object per
// measurement, shaped like the reference's output.
//
//   model_speed train  [--threads 2] [--bf16] [--steps 5] [--batch 8] [--seq 512] ...
//   model_speed decode [--threads 1] [--context 512] [--tokens 64]
//
// The training step is the reference's: random tokens, cross-entropy ignoring pad id 0, AdamW
// (lr 5e-5, wd 0.01), gradient clipping at 1.0, one warm-up step. The default model has the
// reference's sizes and choices that change the arithmetic (sinusoidal positions, scaled
// embeddings, separate head, ReLU); only its block layout differs (pre-norm instead of post-norm).
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <optional>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <torch/types.h>  // clip_grad.h needs torch::Tensor declared first
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/csrc/autograd/profiler_legacy.h>

#include "model/CpuAutocast.h"
#include "model/CpuRuntime.h"
#include "model/ModelFile.h"
#include "model/KvCache.h"
#include "model/Transformer.h"

using namespace mozart::model;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of the whole process (all threads): on a machine shared with other work, per
// CPU-second rates are far steadier than wall-clock ones.
double cpuSeconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

nlohmann::json trainRun(const ModelConfig& c, int batch, int seq, int steps, bool bf16,
                        const std::string& profile) {
    Transformer model(c, 0);
    model.setTraining(true);
    auto params = model.parameters();
    torch::optim::AdamW optimizer(params, torch::optim::AdamWOptions(5e-5).weight_decay(0.01));
    auto gen = at::make_generator<at::CPUGeneratorImpl>(0);
    double loss = 0;
    auto step = [&] {
        auto x = at::randint(1, c.vocabSize, {batch, seq + 1}, gen, at::kLong);
        at::Tensor lossT;
        {
            CpuAutocast autocast(bf16);
            auto logits = model.forward(x.narrow(1, 0, seq));
            lossT = at::cross_entropy_loss(logits.reshape({-1, c.vocabSize}).to(at::kFloat),
                                           x.narrow(1, 1, seq).reshape({-1}), {},
                                           at::Reduction::Mean, 0);
        }
        optimizer.zero_grad();
        lossT.backward();
        torch::nn::utils::clip_grad_norm_(params, 1.0);
        optimizer.step();
        loss = lossT.item<double>();
    };
    step();  // warm-up
    const auto t0 = Clock::now();
    const double c0 = cpuSeconds();
    {
        std::optional<torch::autograd::profiler::RecordProfile> recording;
        if (!profile.empty()) recording.emplace(profile);
        for (int i = 0; i < steps; ++i) step();
    }
    const double dt = seconds(t0), cpu = cpuSeconds() - c0;
    return {{"impl", "mozart-cpp"},
            {"mode", "train"},
            {"params", parameterCount(c)},
            {"tokens_per_s", double(steps) * batch * seq / dt},
            {"tokens_per_cpu_s", double(steps) * batch * seq / cpu},
            {"s_per_step", dt / steps},
            {"threads", at::get_num_threads()},
            {"bf16", bf16},
            {"loss", loss}};
}

// Fills the cache with a prompt, then times single-token steps (greedy pick, so the timed loop
// is a real generation loop minus the sampler) until the context is full.
nlohmann::json decodeRun(const ModelConfig& c, int context, int tokens, int batch, bool bf16,
                         bool atenDecode, const std::string& profile) {
    Transformer model(c, 0);
    model.setTraining(false);
    model.setDecodeBf16(bf16);
    model.setSingleRowKernel(!atenDecode);
    at::NoGradGuard noGrad;
    KvCache cache(c, batch);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(0);
    const int prompt = context - tokens;
    auto logits = model.decode(at::randint(1, c.vocabSize, {batch, prompt}, gen, at::kLong), cache);
    auto next = logits.select(1, prompt - 1).argmax(-1, true);
    const auto t0 = Clock::now();
    const double c0 = cpuSeconds();
    {
        std::optional<torch::autograd::profiler::RecordProfile> recording;
        if (!profile.empty()) recording.emplace(profile);
        for (int i = 0; i < tokens; ++i) {
            logits = model.decode(next, cache);
            next = logits.select(1, 0).argmax(-1, true);
        }
    }
    const double dt = seconds(t0), cpu = cpuSeconds() - c0;
    return {{"impl", "mozart-cpp"},
            {"mode", "decode"},
            {"params", parameterCount(c)},
            {"tokens_per_s", double(tokens) * batch / dt},
            {"tokens_per_cpu_s", double(tokens) * batch / cpu},
            {"ms_per_step", 1000 * dt / tokens},
            {"batch", batch},
            {"bf16_weights", bf16},
            {"prompt", prompt},
            {"context", context},
            {"threads", at::get_num_threads()}};
}

}  // namespace

int main(int argc, char** argv) {
    // Like the studio will: unless the caller chose a policy (OMP_WAIT_POLICY=ACTIVE to compare).
    ensurePassiveThreadWaiting(argv);
    CLI::App app{"Times training steps and KV-cache decoding of the Mozart model"};
    std::string mode = "train";
    int threads = 2, steps = 5, batch = 8, seq = 512, context = 512, tokens = 64, decodeBatch = 1;
    bool bf16 = false, gelu = false, noMallopt = false, atenDecode = false;
    std::string profile, save;
    ModelConfig c;
    c.vocabSize = 564;
    c.width = 256;
    c.heads = 8;
    c.layers = 8;
    c.feedForward = 2048;
    c.maxContext = 512;
    c.dropout = 0.1;
    c.positions = PositionEncoding::Sinusoidal;
    c.scaleEmbedding = true;
    c.tieEmbeddings = false;
    c.activation = Activation::Relu;
    app.add_option("mode", mode, "train or decode")->check(CLI::IsMember({"train", "decode"}));
    app.add_option("--threads", threads);
    app.add_option("--steps", steps, "timed training steps (after one warm-up)");
    app.add_option("--batch", batch);
    app.add_option("--seq", seq, "training sequence length");
    app.add_option("--context", context, "decode: context length reached at the end");
    app.add_option("--tokens", tokens,
                   "decode: timed steps (the prompt fills the rest of the context)");
    app.add_option("--decode-batch", decodeBatch, "decode: sequences generated together");
    app.add_option("--vocab", c.vocabSize);
    app.add_option("--dim", c.width);
    app.add_option("--heads", c.heads);
    app.add_option("--layers", c.layers);
    app.add_option("--ff", c.feedForward);
    app.add_flag("--bf16", bf16,
                 "train: CPU bfloat16 autocast (fp32 master weights); decode: bf16 weight copies");
    app.add_flag("--aten-decode", atenDecode,
                 "decode: ATen ops even where the single-row kernel would serve");
    app.add_flag("--gelu", gelu, "GELU instead of the reference's ReLU");
    app.add_option("--ff-dropout", c.feedForwardDropout,
                   "dropout inside the feed-forward after the activation (the reference's 4th site)");
    app.add_flag("--no-mallopt", noMallopt, "keep glibc's default malloc thresholds");
    app.add_option("--profile", profile, "write a Chrome trace of the timed part (slows it down)");
    app.add_option("--save", save, "also save the freshly initialized model there (and time it)");
    CLI11_PARSE(app, argc, argv);
    if (gelu) c.activation = Activation::Gelu;
    c.maxContext = std::max(seq, context);

    // glibc returns big freed blocks to the kernel at once by default, and every training step
    // frees and re-allocates hundreds of MB of activations: keep them in the heap instead.
    if (!noMallopt) keepFreedMemory();
    setComputeThreads(threads);
    if (auto msg = c.validate(); !msg.empty()) {
        std::cerr << "model_speed: " << msg << "\n";
        return 2;
    }
    const auto result = mode == "train" ? trainRun(c, batch, seq, steps, bf16, profile)
                                        : decodeRun(c, context, tokens, decodeBatch, bf16,
                                                    atenDecode, profile);
    std::cout << result.dump() << std::endl;
    if (!save.empty()) {
        const auto t0 = Clock::now();
        if (auto error = ModelFile::save(save, Transformer(c, 0), "{}")) {
            std::cerr << error->toString() << "\n";
            return 1;
        }
        const double saveSeconds = seconds(t0);
        const auto t1 = Clock::now();
        const auto loaded = ModelFile::load(save);
        if (!loaded) {
            std::cerr << loaded.error->toString() << "\n";
            return 1;
        }
        std::cout << nlohmann::json{{"mode", "model_file"},
                                    {"save_s", saveSeconds},
                                    {"load_s", seconds(t1)}}
                         .dump()
                  << std::endl;
    }
    return 0;
}
