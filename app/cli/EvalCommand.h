// `mozart eval`: loss, perplexity and token accuracy of a model (a model file or a checkpoint
// folder) on one part of a folder of MIDI files, split as `mozart train` splits it; text, or
// one JSON object with --json.
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
    bool json = false;
};

CLI::App* addEvalCommand(CLI::App& app, EvalOptions& options);
int runEval(const EvalOptions& options, char** argv);

}  // namespace mozart::cli
