#include "cli/BenchTrainCommand.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/BenchTrainParallel.h"
#include "cli/PrototypeShape.h"
#include "model/CpuRuntime.h"
#include "model/Transformer.h"
#include "train/TrainingStepper.h"

namespace mozart::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

constexpr std::int64_t kBatch = 8, kSeq = 512;

// Multiply-adds x 2 of one training step (forward x 3): every weight matrix once per token, and
// the causal half of the attention products.
double flopsPerStep(const model::ModelConfig& c) {
    const double tokens = double(kBatch * kSeq), D = double(c.width), F = double(c.feedForward);
    const double perLayerWeights = 3 * D * D + D * D + 2 * D * F;
    const double weights = double(c.layers) * perLayerWeights + D * double(c.vocabSize);
    const double attention =
        double(c.layers) * 2.0 * 2.0 * double(kBatch) * double(kSeq) * double(kSeq) * D / 2.0;
    return 3.0 * (2.0 * tokens * weights + attention);
}

struct OurRun {
    double tokensPerSecond = 0, tokensPerCpuSecond = 0, secondsPerStep = 0, loss = 0;
};

// The reference's training loop through the real stepper: random tokens 1..563 (no PAD), loss
// ignoring id 0, AdamW lr 5e-5 (constant) wd 0.01 with torch's default betas, clipping at 1.0.
OurRun trainOurs(bool bf16, int steps) {
    const auto c = prototypeShape();
    model::Transformer model(c, 0);
    train::TrainerConfig tc;
    tc.learningRate = 5e-5;
    tc.minLearningRate = 5e-5;
    tc.warmupSteps = 0;
    tc.weightDecay = 0.01;
    tc.beta1 = 0.9;
    tc.beta2 = 0.999;
    tc.gradientClip = 1.0;
    tc.batchSize = kBatch;
    tc.sequenceLength = kSeq;
    tc.bf16 = bf16;
    train::TrainingStepper stepper(model, tc);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(0);
    auto batch = [&] { return at::randint(1, c.vocabSize, {kBatch, kSeq + 1}, gen, at::kLong); };
    stepper.step(batch());  // warm-up: first-touch allocations, oneDNN primitive caches
    OurRun r;
    const auto t0 = Clock::now();
    const std::clock_t c0 = std::clock();
    for (int i = 0; i < steps; ++i) r.loss = stepper.step(batch()).loss;
    const double dt = since(t0), cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
    const double tokens = double(steps) * kBatch * kSeq;
    r.tokensPerSecond = tokens / dt;
    r.tokensPerCpuSecond = tokens / cpu;
    r.secondsPerStep = dt / steps;
    return r;
}

// bf16 GEMM throughput of this machine right now (oneDNN through at::mm), in FLOP/s.
double measureBf16Peak() {
    const std::int64_t n = 2048;
    auto a = at::randn({n, n}).to(at::kBFloat16), b = at::randn({n, n}).to(at::kBFloat16);
    at::mm(a, b);
    int runs = 0;
    const auto t0 = Clock::now();
    while (runs < 3 || since(t0) < 1.0) {
        at::mm(a, b);
        ++runs;
    }
    return 2.0 * double(n * n * n) * runs / since(t0);
}

// tokens_per_s of one run of the reference. With cpuClock its timer is swapped for the
// process's CPU time (as tests/bench/reference_cpu_clock.py does), giving tokens per CPU-second.
std::optional<double> runReference(const std::string& script, const std::string& env, bool bf16,
                                   int steps, int threads, bool cpuClock = false) {
    const std::string dir = fs::path(script).parent_path().string();
    const std::string program =
        cpuClock ? "-c 'import sys, time; sys.path.insert(0, \"" + dir +
                       "\"); import seed_reference as r; r.time.perf_counter = time.process_time; "
                       "sys.argv = [\"seed_reference.py\"] + sys.argv[1:]; r.main()'"
                 : "'" + script + "'";
    const std::string cmd = "env " + env + " /usr/bin/python3 " + program + " train --threads " +
                            std::to_string(threads) + " --steps " + std::to_string(steps) +
                            (bf16 ? " --bf16" : "") + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    const int status = pclose(pipe);
    const auto brace = out.rfind('{');
    if (status != 0 || brace == std::string::npos) {
        std::fprintf(stderr, "reference failed (%s):\n%s\n", cmd.c_str(), out.c_str());
        return std::nullopt;
    }
    try {
        return nlohmann::json::parse(out.substr(brace)).at("tokens_per_s").get<double>();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reference output not understood (%s): %s\n", e.what(), out.c_str());
        return std::nullopt;
    }
}

std::string referenceScript(const BenchTrainOptions& o) {
    std::string dir = o.shared;
    if (dir.empty())
        if (const char* env = std::getenv("MOZART_SHARED_DIR")) dir = env;
#ifdef MOZART_DEFAULT_SHARED_DIR
    if (dir.empty() && fs::exists(MOZART_DEFAULT_SHARED_DIR)) dir = MOZART_DEFAULT_SHARED_DIR;
#endif
    if (dir.empty()) dir = "../shared";
    return (fs::path(dir) / "bench" / "seed_reference.py").string();
}

}  // namespace

CLI::App* addBenchTrainCommand(CLI::App& bench, BenchTrainOptions& o) {
    auto* cmd = bench.add_subcommand(
        "train",
        "Time training steps of the prototype's model shape, ours and the Python prototype's");
    cmd->add_option("--steps", o.steps, "Timed steps per run (after one warm-up step)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--threads", o.threads, "Compute threads, for us and the reference")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--shared", o.shared,
                    "Folder with bench/seed_reference.py (default: $MOZART_SHARED_DIR, ../shared)");
    cmd->add_flag("--no-reference", o.skipReference, "Time only our side");
    cmd->add_flag("--no-fp32", o.skipFp32, "Skip our float32 run");
    cmd->add_option("--nproc", o.nproc,
                    "Data-parallel: N processes of 1 thread each against 1 process (bf16, no reference)");
    cmd->add_option("--parallel-worker", o.parallelWorker)->group("");
    cmd->add_flag("--overlap-allreduce", o.overlap)->group("");
    return cmd;
}

int runBenchTrain(const BenchTrainOptions& o) {
    if (o.nproc > 0 || !o.parallelWorker.empty()) return runBenchTrainParallel(o);
    const std::string script = referenceScript(o);
    if (!o.skipReference && !fs::exists(script)) {
        std::fprintf(stderr,
                     "mozart bench train: %s not found (give --shared or set MOZART_SHARED_DIR)\n",
                     script.c_str());
        return 1;
    }
    model::keepFreedMemory();
    model::setComputeThreads(o.threads);
    const auto c = prototypeShape();
    std::printf(
        "model: vocab %lld, width %lld, %lld heads, %lld layers, ff %lld, dropout %.1f at the "
        "reference's %d sites per layer (attention weights, after attention, feed-forward %.1f "
        "after the activation, after the feed-forward), none on the embeddings; "
        "batch %lld x %lld; %d threads, %d timed steps after 1 warm-up\n",
        (long long)c.vocabSize, (long long)c.width, (long long)c.heads, (long long)c.layers,
        (long long)c.feedForward, c.dropout, kReferenceDropoutSitesPerLayer, c.feedForwardDropout,
        (long long)kBatch, (long long)kSeq, o.threads, o.steps);
    std::fflush(stdout);

    const auto print = [](const char* what, double tps, const std::string& extra) {
        std::printf("%-44s %8.0f tokens/s%s\n", what, tps, extra.c_str());
        std::fflush(stdout);
    };
    const auto describe = [](const OurRun& r) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "  (%.2f s/step, %.0f tokens/CPU-s, loss %.3f)",
                      r.secondsPerStep, r.tokensPerCpuSecond, r.loss);
        return std::string(buf);
    };
    const std::string mallocEnv =
        "MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824";
    struct Setting {
        const char* label;
        std::string env;
        bool bf16;
    };
    // "As it ran": a plain environment. The others also keep our OMP_WAIT_POLICY (PASSIVE) and
    // OPENBLAS_THREAD_TIMEOUT (its OpenBLAS is ours), which help it on a shared machine too. Its best setting runs right after our best one,
    // so that both see about the same load on a shared machine.
    const Setting settings[] = {
        {"reference + malloc env + bf16", mallocEnv, true},
        {"reference + malloc env", mallocEnv, false},
        {"reference as run",
         "-u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ -u OMP_WAIT_POLICY -u OPENBLAS_THREAD_TIMEOUT", false},
    };

    const double peak = measureBf16Peak();
    const auto bf16 = trainOurs(true, o.steps);
    print("ours bf16", bf16.tokensPerSecond, describe(bf16));
    double best = bf16.tokensPerSecond, bestReference = 0;
    const auto runSetting = [&](const Setting& s) {
        const auto tps = runReference(script, s.env, s.bf16, o.steps, o.threads);
        if (tps) {
            print(s.label, *tps, "");
            bestReference = std::max(bestReference, *tps);
        }
        return tps.has_value();
    };
    if (!o.skipReference && !runSetting(settings[0])) return 1;
    if (!o.skipFp32) {
        const auto fp32 = trainOurs(false, o.steps);
        print("ours fp32", fp32.tokensPerSecond, describe(fp32));
        best = std::max(best, fp32.tokensPerSecond);
    }
    const double achieved = flopsPerStep(c) / bf16.secondsPerStep;
    std::printf(
        "bf16 matmul peak (at::mm 2048^3, this run): %.0f GFLOPS; ours bf16 trains at %.0f "
        "GFLOPS (%.1f GFLOP/step) = %.0f%% of it\n",
        peak / 1e9, achieved / 1e9, flopsPerStep(c) / 1e9, 100.0 * achieved / peak);
    if (o.skipReference) return 0;
    for (int i = 1; i < 3; ++i)
        if (!runSetting(settings[i])) return 1;
    // Wall-clock figures swing with other work on the machine; CPU-seconds much less.
    if (const auto cpu = runReference(script, mallocEnv, true, o.steps, o.threads, true))
        std::printf("per CPU-second: ours bf16 %.0f, reference + malloc env + bf16 %.0f tokens/CPU-s "
                    "(%.2fx)\n",
                    bf16.tokensPerCpuSecond, *cpu, bf16.tokensPerCpuSecond / *cpu);
    std::printf("train speedup vs best reference: %.2f\n", best / bestReference);
    return 0;
}

}  // namespace mozart::cli
