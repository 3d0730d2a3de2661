#include "generate/ModelLocator.h"

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace mozart::generate {

namespace {

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

}  // namespace

std::string howToGetAModel() {
    return "train one with `mozart train --data DATASET --out RUN` and pass the run folder, or open a model file "
           "(model.safetensors) someone shared; the bundled default model is installed as "
           "share/mozart-studio/models/default/model.safetensors (or set MOZART_DEFAULT_MODEL)";
}

LocatedModel locateModel(const std::string& given) {
    std::error_code ec;
    const fs::path path(given);
    if (!fs::exists(path, ec)) return {{}, "no model found: " + given + " does not exist; " + howToGetAModel()};
    if (!fs::is_directory(path, ec)) return {given, {}};
    // A checkpoint folder holds model.safetensors; a run folder holds the checkpoints best and last.
    const fs::path candidates[] = {path / "model.safetensors", path / "best" / "model.safetensors",
                                   path / "last" / "model.safetensors", path / "checkpoints" / "best" / "model.safetensors",
                                   path / "checkpoints" / "last" / "model.safetensors"};
    for (const auto& c : candidates)
        if (isFile(c)) return {c.string(), {}};
    return {{}, "no model found: " + given +
                    " is a folder without a model (looked for model.safetensors, best/ and last/ in it); " +
                    howToGetAModel()};
}

std::vector<std::string> defaultModelCandidates(const std::string& executableDir, const std::string& sourceDir) {
    std::vector<std::string> out;
    if (const char* env = std::getenv("MOZART_DEFAULT_MODEL"); env && *env) out.emplace_back(env);
    if (!executableDir.empty())
        out.push_back((fs::path(executableDir) / ".." / "share" / "mozart-studio" / "models" / "default" /
                       "model.safetensors").lexically_normal().string());
    if (!sourceDir.empty())
        out.push_back((fs::path(sourceDir) / "resources" / "models" / "default" / "model.safetensors").string());
    return out;
}

LocatedModel findDefaultModel(const std::string& executableDir, const std::string& sourceDir) {
    const auto candidates = defaultModelCandidates(executableDir, sourceDir);
    std::string looked;
    for (const auto& c : candidates) {
        auto located = locateModel(c);
        if (!located.file.empty()) return located;
        looked += (looked.empty() ? "" : ", ") + c;
    }
    return {{}, "no model found: no --model given and no default model at " + (looked.empty() ? "(nowhere)" : looked) +
                    "; " + howToGetAModel()};
}

LocatedModel resolveModel(const std::string& given, const std::string& executableDir, const std::string& sourceDir) {
    return given.empty() ? findDefaultModel(executableDir, sourceDir) : locateModel(given);
}

}  // namespace mozart::generate
