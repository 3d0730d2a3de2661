#include "cli/ExportModelCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "generate/ModelLocator.h"
#include "model/ModelFile.h"

namespace mozart::cli {

namespace fs = std::filesystem;

CLI::App* addExportModelCommand(CLI::App& app, ExportModelOptions& o) {
    auto* cmd = app.add_subcommand("export-model", "Write a trained model as a file to share (optionally bfloat16)");
    cmd->add_option("model", o.model, "Model file, checkpoint folder or run folder (its best checkpoint)")->required();
    cmd->add_option("--out,-o", o.out, "Model file to write")->required();
    cmd->add_flag("--bf16", o.bf16, "Store the weights as bfloat16 (half the size)");
    cmd->add_option("--note", o.notes, "Provenance note KEY=VALUE stored in the file (repeatable)");
    cmd->add_flag("--force", o.force, "Replace an existing file");
    cmd->add_flag("--keep-data-folder", o.keepDataFolder,
                  "Keep the training folder's path (data_folder) in the file; left out by default");
    return cmd;
}

int runExportModel(const ExportModelOptions& o) {
    auto fail = [](const std::string& m, int code = 1) {
        std::fprintf(stderr, "mozart export-model: %s\n", m.c_str());
        return code;
    };
    std::error_code ec;
    if (fs::exists(o.out, ec) && !o.force) return fail(o.out + " exists: pass --force to replace it", 1);
    const generate::LocatedModel located = generate::locateModel(o.model);
    if (located.file.empty()) return fail(located.error);
    auto loaded = model::ModelFile::load(located.file);
    if (!loaded) return fail(loaded.error->toString());
    model::ModelFile::SaveOptions options;
    options.bfloat16 = o.bf16;
    options.labels = loaded.info.labels;
    options.notes = loaded.info.notes;
    options.extraTokens = loaded.info.extraTokens;
    if (!o.keepDataFolder && options.notes.erase("data_folder") > 0)
        std::printf("left out the training folder's path (data_folder); --keep-data-folder keeps it\n");
    for (const std::string& note : o.notes) {
        const auto eq = note.find('=');
        if (eq == std::string::npos || eq == 0) return fail("--note takes KEY=VALUE, not \"" + note + "\"", 2);
        options.notes[note.substr(0, eq)] = note.substr(eq + 1);
    }
    if (auto e = model::ModelFile::save(o.out, *loaded.model, loaded.info.tokenizerConfig, options))
        return fail(e->toString());
    std::printf("%s: %lld parameters, %s weights, %zu bytes\n", o.out.c_str(),
                (long long)model::parameterCount(loaded.info.config), o.bf16 ? "bfloat16" : "float32",
                std::size_t(fs::file_size(o.out, ec)));
    return 0;
}

}  // namespace mozart::cli
