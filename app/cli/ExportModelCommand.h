// `mozart export-model`: writes a trained model as a file to hand out: from a model file, a
// checkpoint folder or a run folder (its best checkpoint), optionally with bfloat16 weights (half
// the size; what the bundled default model ships as) and extra provenance notes. The tokenizer
// configuration, labels and extra tokens are carried over; nothing is overwritten without --force.
// The training folder's absolute path (`data_folder`, which `mozart train` records for copy checks) is
// left out unless --keep-data-folder: a file meant for others should not carry the author's paths.
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
    bool keepDataFolder = false;
    std::vector<std::string> notes;  // KEY=VALUE
};

CLI::App* addExportModelCommand(CLI::App& app, ExportModelOptions& options);
int runExportModel(const ExportModelOptions& options);

}  // namespace mozart::cli
