// `mozart eval`: loss, perplexity and token accuracy of a model (a model file or a checkpoint
// folder) on one part of a folder of MIDI files, split as `mozart train` splits it, overall and
// per composer label; with --samples N, N generated pieces judged against the corpus (validity
// with and without the grammar mask, MusPy's statistics per composer with overlapping areas,
// copying from the training part through a cached copy index; core/eval). Text on stdout, JSON
// (--json: stdout, --json FILE: a file) and a self-contained HTML report (--report FILE.html).
#pragma once

#include <string>

#include "cli/CorpusOptions.h"

namespace CLI { class App; }

namespace mozart::cli {

struct EvalOptions {
    std::string checkpoint;
    CorpusChoice corpus;
    std::string part = "test";
    std::int64_t batch = 8;
    std::int64_t seq = 0;  // 0: the model's context
    std::int64_t maxBatches = 0;
    bool bf16 = false;
    int threads = 2;
    std::string json;        // "" none, "-" stdout, else a file
    std::string report;      // HTML file
    int samples = 0;
    int sampleBars = 8;
    std::uint64_t seed = 1;  // sample i uses seed + i
    double temperature = 1.0;
    std::string copyIndex;   // cache file of the copy index (default: beside the token cache)
    bool force = false;      // replace existing --json/--report files
};

CLI::App* addEvalCommand(CLI::App& app, EvalOptions& options);
int runEval(const EvalOptions& options, char** argv);

}  // namespace mozart::cli
