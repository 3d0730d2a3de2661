// `mozart export-model`: writes a trained model as a file to hand out: from a model file, a
// checkpoint folder or a run folder (its best checkpoint), optionally with bfloat16 weights (half
// the size; what the bundled default model ships as) and extra provenance notes. The tokenizer
// configuration, labels and extra tokens are carried over; nothing is overwritten without --force.
#pragma once

#include <string>
#include <vector>

namespace CLI { class App; }

namespace mozart::cli {

struct ExportModelOptions {
    std::string model;
    std::string out;
    bool bf16 = false;
    bool force = false;
    std::vector<std::string> notes;  // KEY=VALUE
};

CLI::App* addExportModelCommand(CLI::App& app, ExportModelOptions& options);
int runExportModel(const ExportModelOptions& options);

}  // namespace mozart::cli
