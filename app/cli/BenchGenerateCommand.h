// `mozart bench generate`: the Generator (KV cache, grammar masks and sampling included) on the
// prototype's model shape with a 448-token prompt and 64 new tokens, against the Python
// reference (shared/bench/seed_reference.py generate) in its best thread setting, side by side
// in one run. Figures to compare, not a test.
#pragma once

#include <string>

namespace CLI { class App; }

namespace mozart::cli {

struct BenchGenerateOptions {
    std::string shared;   // the shared folder (bench/seed_reference.py); default MOZART_SHARED_DIR
    int prompt = 448;
    int tokens = 64;
    int runs = 3;         // median reported
    int variations = 4;   // the batched line
    bool skipReference = false;
};

CLI::App* addBenchGenerateCommand(CLI::App& bench, BenchGenerateOptions& options);
int runBenchGenerate(const BenchGenerateOptions& options);

}  // namespace mozart::cli
