// `mozart bench render`: our renderer against the fluidsynth command line on the same file and
// settings (speed ratio, goal >= 0.95), and a batch of files on every core against one (goal
// >= 1.8x on two cores; also on a balanced batch, the first file 2 x threads times, which a few long
// files cannot skew). Figures to compare, not a test.
#pragma once

#include <string>
#include <vector>

#include "cli/SynthOptions.h"

namespace CLI { class App; }

namespace mozart::cli {

struct BenchRenderOptions {
    std::vector<std::string> inputs;  // the first is compared with fluidsynth; all make the batch
    SynthOptions synth;
    int runs = 3;                     // median reported
    unsigned jobs = 0;                // 0: every core
};

CLI::App* addBenchRenderCommand(CLI::App& bench, BenchRenderOptions& options);
int runBenchRender(const BenchRenderOptions& options);

}  // namespace mozart::cli
