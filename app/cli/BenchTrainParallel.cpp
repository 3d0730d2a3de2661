#include "cli/BenchTrainParallel.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "cli/BenchTrainCommand.h"
#include "cli/DistributedLaunch.h"
#include "cli/PrototypeShape.h"
#include "model/CpuRuntime.h"
#include "model/Transformer.h"
#include "train/DistributedGroup.h"
#include "train/GradientAllReduce.h"
#include "train/TrainingStepper.h"

namespace mozart::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kCombinedBatch = 8, kSeq = 512;  // as the rest of `mozart bench train`

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

train::TrainerConfig benchConfig(std::int64_t rows) {
    train::TrainerConfig tc;
    tc.learningRate = tc.minLearningRate = 5e-5;
    tc.warmupSteps = 0;
    tc.batchSize = rows;
    tc.sequenceLength = kSeq;
    tc.bf16 = true;
    return tc;
}

struct Timing {
    double tokensPerSecond = 0, allReduceSeconds = 0, secondsPerStep = 0;
    std::size_t gradientBytes = 0;
};

// Trains `steps` steps (after one warm-up) on random ids; with `exchange`, as one rank.
Timing trainSteps(std::int64_t rows, int steps, int rank, train::GradientAllReduce* exchange) {
    const auto c = prototypeShape();
    model::Transformer model(c, 0);
    train::TrainingStepper stepper(model, benchConfig(rows));
    if (exchange) stepper.setGradientExchange(exchange);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(1 + rank);
    auto batch = [&] { return at::randint(1, c.vocabSize, {rows, kSeq + 1}, gen, at::kLong); };
    stepper.step(batch());
    Timing t;
    const auto t0 = Clock::now();
    for (int i = 0; i < steps; ++i) {
        stepper.step(batch());
        if (exchange) t.allReduceSeconds += exchange->lastSeconds();
    }
    const double dt = since(t0);
    t.secondsPerStep = dt / steps;
    t.allReduceSeconds /= steps;
    t.tokensPerSecond = double(steps) * double(rows * kSeq) / dt;
    if (exchange) t.gradientBytes = exchange->gradientBytes();
    return t;
}

int runWorker(const BenchTrainOptions& o) {
    train::DistributedOptions d;
    DistributedFlags flags;
    std::string error;
    if (!distributedOptions(flags, d, &error)) {
        std::fprintf(stderr, "mozart bench train: worker without RANK/WORLD_SIZE: %s\n", error.c_str());
        return 1;
    }
    auto group = train::DistributedGroup::connect(d, &error);
    if (!group) {
        std::fprintf(stderr, "mozart bench train: %s\n", error.c_str());
        return 1;
    }
    model::setComputeThreads(o.threads);
    const std::int64_t rows = kCombinedBatch / d.worldSize;
    try {
        const auto c = prototypeShape();
        model::Transformer model(c, 0);
        train::TrainingStepper stepper(model, benchConfig(rows));
        std::vector<at::Tensor> trained;
        for (const auto& p : stepper.optimizer().parameters()) trained.push_back(p.tensor);
        train::GradientAllReduce exchange(*group, trained, std::size_t(4) << 20, o.overlap);
        stepper.setGradientExchange(&exchange);
        auto gen = at::make_generator<at::CPUGeneratorImpl>(1 + d.rank);
        auto batch = [&] { return at::randint(1, c.vocabSize, {rows, kSeq + 1}, gen, at::kLong); };
        stepper.step(batch());
        double allReduce = 0;
        const auto t0 = Clock::now();
        for (int i = 0; i < o.steps; ++i) {
            stepper.step(batch());
            allReduce += exchange.lastSeconds();
        }
        const double dt = since(t0);
        if (d.rank == 0) {
            nlohmann::json j = {{"seconds_per_step", dt / o.steps},
                                {"tokens_per_second", double(o.steps) * double(kCombinedBatch * kSeq) / dt},
                                {"allreduce_seconds", allReduce / o.steps},
                                {"gradient_bytes", exchange.gradientBytes()},
                                {"buckets", exchange.bucketCount()}};
            std::ofstream(o.parallelWorker) << j.dump() << "\n";
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mozart bench train: %s\n", e.what());
        return 1;
    }
    return 0;
}

std::optional<nlohmann::json> runWorkers(const BenchTrainOptions& o, bool overlap) {
    char pattern[] = "/tmp/mozart-bench-parallel-XXXXXX";
    const int fd = ::mkstemp(pattern);
    if (fd < 0) return std::nullopt;
    ::close(fd);
    const int threads = std::max(1, o.threads / o.nproc);
    std::vector<std::string> args = {"mozart", "bench", "train", "--parallel-worker", pattern,
                                     "--steps", std::to_string(o.steps), "--threads", std::to_string(threads)};
    if (overlap) args.push_back("--overlap-allreduce");
    const int code = runLocalWorkers(o.nproc, 300, args, "mozart bench train");
    std::ifstream in(pattern);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove(pattern);
    if (code != 0) return std::nullopt;
    try {
        return nlohmann::json::parse(text.str());
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

int runBenchTrainParallel(const BenchTrainOptions& o) {
    model::keepFreedMemory();
    if (!o.parallelWorker.empty()) return runWorker(o);
    if (o.nproc < 2 || kCombinedBatch % o.nproc != 0) {
        std::fprintf(stderr, "mozart bench train: --nproc must be 2, 4 or 8 (it divides the batch of 8)\n");
        return 2;
    }
    model::setComputeThreads(o.threads);
    std::printf("prototype shape, bf16, batch %lld x %lld in all, %d timed steps after 1 warm-up\n",
                (long long)kCombinedBatch, (long long)kSeq, o.steps);
    std::fflush(stdout);
    const Timing one = trainSteps(kCombinedBatch, o.steps, 0, nullptr);
    const std::string single = "1 process x " + std::to_string(o.threads) + " threads";
    std::printf("%-36s %8.0f tokens/s  (%.2f s/step)\n", single.c_str(), one.tokensPerSecond, one.secondsPerStep);
    std::fflush(stdout);
    const int threads = std::max(1, o.threads / o.nproc);
    for (bool overlap : {false, true}) {
        const auto r = runWorkers(o, overlap);
        if (!r) {
            std::fprintf(stderr, "mozart bench train: the %d workers failed\n", o.nproc);
            return 1;
        }
        const double step = r->at("seconds_per_step").get<double>(), reduce = r->at("allreduce_seconds").get<double>();
        const std::string label = std::to_string(o.nproc) + " processes x " + std::to_string(threads) +
                                  (threads == 1 ? " thread" : " threads") + (overlap ? ", overlapped" : "");
        std::printf("%-36s %8.0f tokens/s  (%.2f s/step, all-reduce %.3f s/step = %.1f%% of "
                    "the step, %.1f MB of gradients in %d buckets)\n",
                    label.c_str(), r->at("tokens_per_second").get<double>(), step, reduce, 100 * reduce / step,
                    r->at("gradient_bytes").get<double>() / 1e6, r->at("buckets").get<int>());
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace mozart::cli
