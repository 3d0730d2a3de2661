// `mozart bench train --nproc N`: data-parallel training against one process on the same
// machine. The prototype's shape (bf16, batch 8 x 512 in all) trains for --steps steps after one
// warm-up in one process with --threads threads, then as N worker processes (this program again,
// RANK/WORLD_SIZE/... set, 127.0.0.1 only) of 8 / N rows and max(1, --threads / N) threads each,
// their gradients summed by GradientAllReduce over Gloo, once after backward and once overlapping
// it. Prints tokens/s of each, the all-reduce time per step,
// the share of the step spent in it, and the gradient size the scaling estimate needs.
#pragma once

namespace mozart::cli {

struct BenchTrainOptions;

// Runs the comparison (options.nproc > 1), or one worker of it (options.parallelWorker set).
int runBenchTrainParallel(const BenchTrainOptions& options);

}  // namespace mozart::cli
