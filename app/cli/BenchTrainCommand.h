// `mozart bench train`: trains the prototype's model shape for a few steps with the real
// TrainingStepper (float32 and bf16), and in the same run times the Python prototype
// (shared/bench/seed_reference.py) on the same shape as it ran, with the malloc settings its
// header documents, and with those plus bf16. Prints tokens/s for each, the fraction of this
// machine's bf16 matrix-product peak (measured in the same run) our bf16 training reaches, and
// last `train speedup vs best reference: X.XX` (our best / their best, wall-clock tokens/s).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace mozart::cli {

struct BenchTrainOptions {
    int steps = 3;  // timed steps per run, after one untimed warm-up step
    int threads = 2;
    std::string shared;  // folder holding bench/seed_reference.py; empty: MOZART_SHARED_DIR
    bool skipReference = false;
    bool skipFp32 = false;
    // --nproc N: data-parallel processes against one process (BenchTrainParallel.h).
    int nproc = 0;
    std::string parallelWorker;  // hidden: run as one worker, rank 0 writes its figures here
    bool overlap = false;        // hidden: the worker overlaps the all-reduce with backward
};

CLI::App* addBenchTrainCommand(CLI::App& bench, BenchTrainOptions& options);
int runBenchTrain(const BenchTrainOptions& options);

}  // namespace mozart::cli
